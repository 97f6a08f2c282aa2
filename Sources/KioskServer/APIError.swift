import Foundation
import Hummingbird
import KioskCore

/// An error a client can act on: its status, a sentence, and the field at fault.
/// Sent as `{"error": {"message": "…", "field": "…"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    /// The error for a rating the validator or the store refused.
    init(_ error: RatingError) {
        switch error {
        case .invalid(let field, let message): self.init(.badRequest, message, field: field)
        case .conflict: self.init(.conflict, error.description, field: "id")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ErrorBody(error: .init(message: message, field: field)))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of an ``APIError``.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var message: String
        var field: String?
    }
    var error: Detail
}
