import HTTPTypes
import Hummingbird

/// Sets the browser's security headers on every response of the centre and of the hub, errors that choose their status included
/// (an unexpected error stays Hummingbird's empty 500): the Content-Security-Policy (unless the handler
/// set a page's own, see ``ContentSecurityPolicy/allowingStyles(of:)``), no framing, no MIME sniffing,
/// no referrer to other sites, no camera, microphone or location, a window of its own, and
/// Strict-Transport-Security when the service itself speaks TLS.
///
/// The referrer policy is `same-origin`, not `no-referrer`: under `no-referrer` a browser sends
/// `Origin: null` with the service's own forms, and the sign-in page refuses forms from elsewhere.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether the service is served over TLS (`kiosk serve --tls-cert … --tls-key …`).
    let overTLS: Bool

    /// Makes the middleware; `overTLS` adds Strict-Transport-Security.
    public init(overTLS: Bool) {
        self.overTLS = overTLS
    }

    /// Passes the request on and adds the security headers to its response, or to the error that chose its status.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            add(to: &response.headers)
            return response
        } catch let error as any HTTPResponseError {
            throw SecuredError(base: error, overTLS: overTLS)
        }
    }

    fileprivate func add(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = ContentSecurityPolicy.standard }
        headers[.xFrameOptions] = "DENY"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        headers[.crossOriginOpenerPolicy] = "same-origin"
        if overTLS { headers[.strictTransportSecurity] = "max-age=31536000" }
    }
}

/// An error on its way to the client, whose response gets the same security headers.
private struct SecuredError: HTTPResponseError {
    let base: any HTTPResponseError
    let overTLS: Bool

    var status: HTTPResponse.Status { base.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try base.response(from: request, context: context)
        SecurityHeadersMiddleware<BasicRequestContext>(overTLS: overTLS).add(to: &response.headers)
        return response
    }
}

extension HTTPField.Name {
    public static let xFrameOptions = Self("X-Frame-Options")!
    public static let referrerPolicy = Self("Referrer-Policy")!
    public static let permissionsPolicy = Self("Permissions-Policy")!
    public static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
