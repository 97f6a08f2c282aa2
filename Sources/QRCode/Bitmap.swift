/// A one-bit image, rows packed most significant bit first, 1 = black: the form thermal printers and
/// PBM files take.
public struct Bitmap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Bytes per row: `width` rounded up to whole bytes.
    public var bytesPerRow: Int { (width + 7) / 8 }
    public private(set) var bytes: [UInt8]

    /// A white image.
    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a bitmap has at least one pixel")
        self.width = width
        self.height = height
        self.bytes = [UInt8](repeating: 0, count: (width + 7) / 8 * height)
    }

    /// Whether the pixel at (`x`, `y`) is black; pixels outside are white.
    public subscript(x: Int, y: Int) -> Bool {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return false }
            return bytes[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let index = y * bytesPerRow + x / 8
            if newValue { bytes[index] |= 0x80 >> UInt8(x % 8) } else { bytes[index] &= ~(0x80 >> UInt8(x % 8)) }
        }
    }

    /// Blackens the rectangle; parts outside the image are ignored.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = true }
        }
    }

    /// The rows `from..<to` as a bitmap of their own.
    public func rows(_ range: Range<Int>) -> Bitmap {
        var band = Bitmap(width: width, height: range.count)
        band.bytes = Array(bytes[range.lowerBound * bytesPerRow..<range.upperBound * bytesPerRow])
        return band
    }

    /// A binary PBM (P4) image.
    public func pbm() -> [UInt8] {
        Array("P4\n\(width) \(height)\n".utf8) + bytes
    }

    /// Reads a binary PBM (P4) image, as written by ``pbm()``; `nil` for anything else.
    public init?(pbm data: [UInt8]) {
        var fields: [String] = []
        var index = 0
        var current = ""
        while fields.count < 3 && index < data.count {
            let byte = data[index]
            index += 1
            if byte == UInt8(ascii: "#") {
                while index < data.count && data[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        guard fields.count == 3, fields[0] == "P4", let width = Int(fields[1]), let height = Int(fields[2]), width > 0, height > 0
        else { return nil }
        self.init(width: width, height: height)
        guard data.count - index >= bytes.count else { return nil }
        bytes = Array(data[index..<index + bytes.count])
    }
}

extension QRMatrix {
    /// The symbol as a bitmap with the quiet zone, each module `moduleSize` pixels square.
    public func bitmap(moduleSize: Int) -> Bitmap {
        let side = (size + 2 * Self.quietZone) * moduleSize
        var bitmap = Bitmap(width: side, height: side)
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                bitmap.fill(
                    x: (x + Self.quietZone) * moduleSize, y: (y + Self.quietZone) * moduleSize, width: moduleSize, height: moduleSize)
            }
        }
        return bitmap
    }

    /// The whole-pixel module size that makes the image at most `pixels` wide (at least 1).
    public func moduleSize(fitting pixels: Int) -> Int {
        max(1, pixels / (size + 2 * Self.quietZone))
    }
}
