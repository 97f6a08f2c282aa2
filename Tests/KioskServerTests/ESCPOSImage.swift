import QRCode
import TestSupport

/// Decodes the QR codes in the raster image of an ESC/POS job.
enum ESCPOSImage {
    static func decode(_ job: [UInt8]) throws -> [String]? {
        guard let image = ESCPOS.rasterImage(from: job) else { return nil }
        return try Decoder.decodeImage(image.pbm(), fileExtension: "pbm")
    }
}
