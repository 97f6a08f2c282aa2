import CQRencode
import Foundation

/// Error-correction level of a QR code: how much of the symbol may be damaged and still read.
public enum ErrorCorrection: String, Sendable, CaseIterable {
    /// About 7 % recoverable.
    case low = "L"
    /// About 15 %: the level for slips.
    case medium = "M"
    /// About 25 %: labels that get scuffed.
    case quartile = "Q"
    /// About 30 %.
    case high = "H"

    var cLevel: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}

/// Why a QR code could not be made.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data is empty.
    case empty
    /// The data does not fit in the largest symbol at this level.
    case tooLong(bytes: Int, level: ErrorCorrection)
    /// libqrencode refused an argument (a version outside 1–40).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .empty: "there is nothing to encode"
        case .tooLong(let bytes, let level):
            "\(bytes) bytes do not fit in a QR code at error-correction level \(level.rawValue); shorten the text or use a lower level"
        case .invalidArgument(let detail): "the QR encoder refused its input: \(detail)"
        }
    }
}

/// The modules of a QR symbol: `size × size`, `true` for dark. Has no quiet zone; renderers add it.
public struct QRMatrix: Sendable, Equatable {
    public let size: Int
    public let version: Int
    private let modules: [Bool]

    /// Makes a matrix of `size × size` modules, row by row, `true` for dark; `modules` must hold exactly that many.
    public init(size: Int, version: Int, modules: [Bool]) {
        precondition(modules.count == size * size, "a QR matrix holds size × size modules")
        self.size = size
        self.version = version
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; modules outside the symbol are light.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}

/// Encodes text or bytes as QR codes through libqrencode.
public enum QREncoder {
    /// Encodes a UTF-8 string. Non-ASCII text is marked with an ECI header for UTF-8 so that decoders
    /// do not guess another character set.
    public static func encode(_ text: String, level: ErrorCorrection = .medium, minimumVersion: Int = 0) throws -> QRMatrix {
        let bytes = Array(text.precomposedStringWithCanonicalMapping.utf8)
        return try encode(bytes: bytes, level: level, minimumVersion: minimumVersion, markUTF8: bytes.contains { $0 >= 0x80 })
    }

    /// Encodes raw bytes in 8-bit mode.
    public static func encode(bytes: [UInt8], level: ErrorCorrection = .medium, minimumVersion: Int = 0, markUTF8: Bool = false) throws
        -> QRMatrix
    {
        guard !bytes.isEmpty else { throw QRCodeError.empty }
        guard (0...40).contains(minimumVersion) else {
            throw QRCodeError.invalidArgument("version \(minimumVersion) is outside 1–40")
        }
        guard let input = QRinput_new2(Int32(minimumVersion), level.cLevel) else {
            throw QRCodeError.invalidArgument("could not start an input at version \(minimumVersion)")
        }
        defer { QRinput_free(input) }
        if markUTF8 && QRinput_appendECIheader(input, 26) != 0 {
            throw QRCodeError.invalidArgument("could not add the UTF-8 marker")
        }
        let appended = bytes.withUnsafeBufferPointer { QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress) }
        guard appended == 0 else { throw QRCodeError.invalidArgument("could not add \(bytes.count) bytes") }
        guard let code = QRcode_encodeInput(input) else {
            if errno == ERANGE { throw QRCodeError.tooLong(bytes: bytes.count, level: level) }
            throw QRCodeError.invalidArgument(String(cString: strerror(errno)))
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        return QRMatrix(size: size, version: Int(code.pointee.version), modules: data.map { $0 & 1 == 1 })
    }
}
