import Foundation
import Hummingbird
import KioskCore

/// An error a client can act on, the one error of the centre's server and of the hub: its status, a sentence,
/// and the field at fault. Sent as `{"error": {"message": "…", "field": "…"}}` (``APIErrorBody``).
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?
    /// Headers sent with the error (`Retry-After` of a 503, `WWW-Authenticate` of a 401).
    public var headers: HTTPFields = [:]

    /// Makes an error answered with `status` and the JSON body of ``APIErrorBody``.
    /// - Parameters:
    ///   - message: the sentence the client shows.
    ///   - field: the request field at fault, when there is one.
    ///   - headers: headers sent with the error.
    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// The error for a rating the validator or the store refused.
    public init(_ error: RatingError) {
        switch error {
        case .invalid(let field, let message): self.init(.badRequest, message, field: field)
        case .conflict: self.init(.conflict, error.description, field: "id")
        }
    }

    /// The response: `status`, the headers, and the JSON body with the sentence and the field.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(APIErrorBody(message: message, field: field), status: status)
        for header in headers { response.headers.append(header) }
        return response
    }
}
