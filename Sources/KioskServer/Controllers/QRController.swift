import Hummingbird
import QRCode

/// `GET /qr.svg?text=…&ec=M`: a QR code as SVG for the kiosk screens (length-limited).
struct QRController {
    /// The longest text accepted, in bytes of UTF-8.
    static let maximumLength = 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/qr.svg", use: svg)
    }

    @Sendable func svg(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let text = request.uri.queryParameters.get("text"), !text.isEmpty else {
            throw APIError(.badRequest, "give the text to encode as ?text=", field: "text")
        }
        guard text.utf8.count <= Self.maximumLength else {
            throw APIError(.badRequest, "text is \(text.utf8.count) bytes; at most \(Self.maximumLength) are encoded here", field: "text")
        }
        let level: ErrorCorrection
        switch request.uri.queryParameters.get("ec") ?? "M" {
        case "L": level = .low
        case "M": level = .medium
        case "Q": level = .quartile
        case "H": level = .high
        default: throw APIError(.badRequest, "ec must be L, M, Q or H", field: "ec")
        }
        let matrix: QRMatrix
        do {
            matrix = try QREncoder.encode(text, level: level)
        } catch let error as QRCodeError {
            throw APIError(.badRequest, error.description, field: "text")
        }
        return Response(
            status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: ByteBuffer(string: matrix.svg(moduleSize: 8))))
    }
}
