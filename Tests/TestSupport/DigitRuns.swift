#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The runs of digits in raw bytes (a database page, a WAL frame, a backup), read through the separators
/// people put between digits, so `0912 345 678` and `０９１２３４５６７８` both give `0912345678`.
public enum DigitRuns {
    /// Bytes that may sit between the digits of one number: whitespace, `.`, `-`, `(`, `)` and `+`.
    static let separators: Set<UInt8> = [0x20, 0x2E, 0x2D, 0x28, 0x29, 0x2B, 0x09, 0x0A, 0x0D]

    /// The digit runs of `bytes`, each as ASCII digits without separators.
    public static func of(_ bytes: [UInt8]) -> [String] {
        var runs: [String] = []
        var current: [UInt8] = []
        var index = 0
        func flush() {
            if current.count >= 6 { runs.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if (0x30...0x39).contains(byte) {
                current.append(byte)
                index += 1
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC, (0x90...0x99).contains(bytes[index + 2]) {
                current.append(bytes[index + 2] - 0x90 + 0x30)  // a full-width digit
                index += 3
            } else if separators.contains(byte) {
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                index += 2  // a non-breaking space
            } else if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                index += 3  // an ideographic space
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0x90...0x95).contains(bytes[index + 2]) {
                index += 3  // a dash
            } else {
                flush()
                index += 1
            }
        }
        flush()
        return runs
    }

    /// Whether `bytes` hold `needle` anywhere (`memchr` and `memcmp`, fast enough for a database file per sample).
    public static func bytes(_ bytes: [UInt8], contain needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                guard let base = haystack.baseAddress, haystack.count >= wanted.count else { return false }
                var offset = 0
                let last = haystack.count - wanted.count
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let position = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(found, wanted.baseAddress!, wanted.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
