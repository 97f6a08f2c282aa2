import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Guards signed-in staff against cross-site request forgery, for every route at once.
///
/// Each session has a secret token (derived from the session's own secret, so nothing more is stored).
/// Every state-changing request (POST, PUT, PATCH, DELETE) that carries a live session cookie must send
/// it, as the header `X-CSRF-Token` or as the form field `csrf` of an `application/x-www-form-urlencoded`
/// body; without it the answer is 403 and nothing is changed. The guard is on by default: only the paths
/// of ``exemptPaths`` go without it — `/login` has its own check (the Origin of the form, see
/// ``AuthController``), and the kiosks' and the integrations' APIs under `/api/` use no staff session.
/// Whether a path is exempt is decided on the path as the router matches it (``routedPath(_:)``), so no
/// other spelling of a staff path (`//dashboard/void`, `/./logout`, `/Staff/…`) slips past the guard.
///
/// The staff pages carry the token for a signed-in person: the middleware adds `<meta name="csrf-token">`
/// to the head (read by the staff scripts) and a hidden `csrf` field to every form that posts.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The header scripts send the token in.
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    /// The form field forms send the token in.
    static let fieldName = "csrf"
    /// The sentence of a refusal.
    static let expiredSentence = "Biểu mẫu đã hết hạn; hãy tải lại trang rồi thử lại. / The form has expired; reload the page and try again."
    /// The pages that get the token written into them: each is a path or the root of a folder of paths.
    static let staffPages = ["/logout", "/dashboard", "/staff", "/admin"]
    /// Where state-changing requests go without the token (each a path or the root of a folder of paths).
    static let exemptPaths = ["/login", "/setup", "/api"]

    /// The largest form body read to find the field.
    let maximumBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.user != nil, let session = request.cookies[AuthController.cookieName]?.value else {
            return try await next(request, context)
        }
        let guarded = Self.changesState(request.method) && Self.isGuarded(request.uri.path)
        guard guarded || Self.matches(Self.routedPath(request.uri.path), Self.staffPages) else { return try await next(request, context) }
        let token = Self.token(forSession: session)
        var request = request
        if guarded {
            guard try await carries(token, in: &request) else {
                context.logger.notice("request without a valid CSRF token refused", metadata: ["kiosk.path": "\(request.uri.path)"])
                return try Refusal.forbidden(request, Self.expiredSentence)
            }
        }
        var response = try await next(request, context)
        // Pages only: a download (the HTML report) leaves the session's token out of the saved file.
        if response.headers[.contentType]?.hasPrefix("text/html") == true, response.headers[.contentDisposition] == nil {
            let box = CollectedBody()
            try await response.body.write(CollectingWriter(box: box))
            response.body = .init(byteBuffer: ByteBuffer(string: CSRFMarkup.insert(token: token, into: String(buffer: box.buffer))))
        }
        return response
    }

    /// The token of a session: HMAC-SHA256 of a fixed label keyed with the session's secret, URL-safe base64.
    static func token(forSession secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("kiosk csrf".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        [.post, .put, .patch, .delete].contains(method)
    }

    /// Whether a state-changing request to `path` (as sent, in any spelling) must carry the token.
    static func isGuarded(_ path: String) -> Bool {
        !matches(routedPath(path), exemptPaths)
    }

    static func matches(_ path: String, _ roots: [String]) -> Bool {
        roots.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// The path as the router matches it: the router folds empty segments (`//x`, `/x/`) and nothing
    /// else — it neither decodes `%2F`, nor resolves `.` and `..`, nor folds case. Deciding exemptions on
    /// exactly this form means a path is exempt only if the router would route it to an exempt handler;
    /// every other spelling (`/./x`, `/X`, `%2F`) stays guarded, and at worst is refused or not found.
    static func routedPath(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    /// Whether the request sends `token` in the header or, for a form, in its `csrf` field. A form body is
    /// read (at most ``maximumBodySize`` bytes) and left in the request for the route to read again.
    private func carries(_ token: String, in request: inout Request) async throws -> Bool {
        if let header = request.headers[Self.headerName] { return Self.same(header, token) }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return false }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge,
                "Biểu mẫu lớn hơn \(maximumBodySize / 1024) KB. / The form is larger than \(maximumBodySize / 1024) KB.")
        }
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == Self.fieldName[...] else { continue }
            let value = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            return Self.same(value, token)
        }
        return false
    }

    /// Compares in time that does not depend on where the texts differ.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The bytes of a response body, gathered before the page is changed. Used by one request only.
private final class CollectedBody {
    var buffer = ByteBuffer()
}

/// Writes a response body into a ``CollectedBody``.
private struct CollectingWriter: ResponseBodyWriter {
    let box: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
