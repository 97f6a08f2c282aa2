import Foundation
import Hummingbird
import KioskCore

/// An error a client can act on: its status, a sentence, and the field at fault.
/// Sent as `{"error": {"message": "…", "field": "…"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?
    /// Headers sent with the error (`Retry-After` of a 503).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
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
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers,
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
