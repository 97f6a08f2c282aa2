/// Turns the bytes a terminal sends into keys: UTF-8 text, control keys, and the escape sequences of
/// VT100, xterm and the Linux console for arrows, Home/End, Page Up/Down, Delete and F1–F12
/// (also a numeric keypad in application mode).
///
/// A sequence split across reads is kept until the rest arrives; a lone Esc is only known as such when
/// nothing follows it for a moment, so the caller calls ``flush()`` after a short quiet time.
public struct KeyDecoder: Sendable {
    private var buffer: [UInt8] = []
    /// Whether the last byte was a CR, so that the LF of a CR LF pair is not a second Enter.
    private var afterCarriageReturn = false

    /// Makes a decoder with nothing buffered.
    public init() {}

    /// Whether bytes wait for the rest of a sequence (call ``flush()`` when no more come).
    public var isWaiting: Bool { !buffer.isEmpty }

    /// Decodes `bytes` after what is already buffered; returns every complete key.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        buffer.append(contentsOf: bytes)
        var keys: [Key] = []
        while !buffer.isEmpty {
            guard let (key, length) = decodeOne() else { break }
            buffer.removeFirst(length)
            if let key { keys.append(key) }
        }
        return keys
    }

    /// Ends what waits: a lone Esc becomes ``Key/escape``; an unfinished sequence is dropped.
    public mutating func flush() -> [Key] {
        guard buffer.first == 0x1B else {
            buffer.removeAll()
            return []
        }
        let rest = Array(buffer.dropFirst())
        buffer.removeAll()
        let keys = [Key.escape] + feed(rest)
        buffer.removeAll()
        return keys
    }

    /// The first key of the buffer and how many bytes it took; `nil` when more bytes are needed.
    /// A `nil` key with a length skips bytes that mean nothing here.
    private mutating func decodeOne() -> (Key?, Int)? {
        let byte = buffer[0]
        let wasCR = afterCarriageReturn
        afterCarriageReturn = false
        switch byte {
        case 0x1B:
            return decodeEscape()
        case 0x0D:
            afterCarriageReturn = true
            return (.enter, 1)
        case 0x0A:
            return (wasCR ? nil : .enter, 1)
        case 0x7F, 0x08:
            return (.backspace, 1)
        case 0x09:
            return (.tab, 1)
        case 0x01...0x1A:
            return (.control(Character(Unicode.Scalar(byte - 1 + 0x61))), 1)
        case 0x20...0x7E:
            return (.character(Character(Unicode.Scalar(byte))), 1)
        case 0xC2...0xF4:
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            guard buffer.count >= length else {
                // Wait for the rest, unless what came already cannot continue this character.
                if buffer.dropFirst().contains(where: { $0 & 0xC0 != 0x80 }) { return (nil, 1) }
                return nil
            }
            let bytes = buffer[0..<length]
            let text = String(decoding: bytes, as: UTF8.self)
            guard bytes.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 }), !text.unicodeScalars.contains("\u{FFFD}"), let character = text.first
            else { return (nil, 1) }
            return (.character(character), length)
        default:
            return (nil, 1)
        }
    }

    private func decodeEscape() -> (Key?, Int)? {
        guard buffer.count >= 2 else { return nil }
        switch buffer[1] {
        case UInt8(ascii: "["):
            return decodeCSI()
        case UInt8(ascii: "O"):
            guard buffer.count >= 3 else { return nil }
            return (Self.ss3[buffer[2]], 3)
        case 0x1B:
            return (.escape, 1)
        default:
            // Alt with a key: taken as Esc, the key follows on its own.
            return (.escape, 1)
        }
    }

    /// `ESC [` parameters and a final byte; the Linux console's `ESC [ [ A` … `E` for F1–F5.
    private func decodeCSI() -> (Key?, Int)? {
        guard buffer.count >= 3 else { return nil }
        if buffer[2] == UInt8(ascii: "[") {
            guard buffer.count >= 4 else { return nil }
            let index = Int(buffer[3]) - Int(UInt8(ascii: "A"))
            return ((0..<5).contains(index) ? .function(index + 1) : nil, 4)
        }
        var index = 2
        while index < buffer.count {
            let byte = buffer[index]
            if (0x40...0x7E).contains(byte) {
                let parameters = String(decoding: buffer[2..<index], as: UTF8.self)
                let first = Int(parameters.split(separator: ";").first ?? "") ?? 1
                return (Self.csi(final: byte, parameter: first), index + 1)
            }
            guard (0x20...0x3F).contains(byte) else { return (nil, index) }
            index += 1
        }
        return buffer.count > 16 ? (nil, buffer.count) : nil
    }

    private static func csi(final: UInt8, parameter: Int) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "Z"): .tab
        case UInt8(ascii: "~"): tilde[parameter]
        default: nil
        }
    }

    private static let tilde: [Int: Key] = [
        1: .home, 7: .home, 4: .end, 8: .end, 3: .delete, 5: .pageUp, 6: .pageDown,
        11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
        17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
        23: .function(11), 24: .function(12),
    ]

    /// `ESC O x`: cursor keys in application mode, F1–F4, and the numeric keypad in application mode.
    private static let ss3: [UInt8: Key] = {
        var keys: [UInt8: Key] = [
            UInt8(ascii: "A"): .up, UInt8(ascii: "B"): .down, UInt8(ascii: "C"): .right, UInt8(ascii: "D"): .left,
            UInt8(ascii: "H"): .home, UInt8(ascii: "F"): .end, UInt8(ascii: "M"): .enter,
            UInt8(ascii: "P"): .function(1), UInt8(ascii: "Q"): .function(2), UInt8(ascii: "R"): .function(3), UInt8(ascii: "S"): .function(4),
            UInt8(ascii: "j"): .character("*"), UInt8(ascii: "k"): .character("+"), UInt8(ascii: "m"): .character("-"),
            UInt8(ascii: "n"): .character("."), UInt8(ascii: "o"): .character("/"),
        ]
        for digit in 0...9 {
            keys[UInt8(ascii: "p") + UInt8(digit)] = .character(Character(String(digit)))
        }
        return keys
    }()
}
