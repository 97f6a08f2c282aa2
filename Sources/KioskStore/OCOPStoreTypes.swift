import Foundation
import KioskCore
import KioskOCOP

/// A product image as stored: the bytes and their media type.
public struct OCOPImage: Sendable, Equatable {
    public var bytes: [UInt8]
    /// `image/jpeg`, `image/png` or `image/webp`.
    public var contentType: String

    /// The largest image the registry keeps.
    public static let maximumBytes = 2 * 1024 * 1024

    /// Recognises JPEG, PNG and WebP by their first bytes.
    /// - Throws: ``OCOPValidationError`` (field `image`) for anything else or an image over 2 MB.
    public init(bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw OCOPValidationError([OCOPProblem(field: "image", message: "the image file is empty")]) }
        guard bytes.count <= Self.maximumBytes else {
            throw OCOPValidationError([
                OCOPProblem(
                    field: "image",
                    message: "the image has \(bytes.count / 1024) KB; at most \(Self.maximumBytes / 1024 / 1024) MB (a 1200-pixel JPEG is plenty)")
            ])
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            contentType = "image/jpeg"
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            contentType = "image/png"
        } else if bytes.count > 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            contentType = "image/webp"
        } else {
            throw OCOPValidationError([OCOPProblem(field: "image", message: "the image must be a JPEG, PNG or WebP file")])
        }
        self.bytes = bytes
    }
}

/// What an OCOP registry change could not do: the product or batch it names is not there.
public enum OCOPStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case noProduct(String)
    case noBatch(product: String, batch: String)

    public var description: String {
        switch self {
        case .noProduct(let key): "no product '\(key.prefix(64))' in the registry (give its id or GTIN)"
        case .noBatch(let product, let batch): "product '\(product)' has no batch '\(batch.prefix(64))'"
        }
    }
}

/// How an import changed the registry.
public struct OCOPImportSummary: Sendable, Equatable {
    public var productsAdded = 0
    public var productsUpdated = 0
    public var batchesAdded = 0
    public var batchesUpdated = 0

    /// Makes a summary with every count at zero.
    public init() {}
}
