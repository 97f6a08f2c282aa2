import Hummingbird

/// How a guarded staff route says no: a short page for a browser's navigation or form, JSON
/// (``APIError``) for a script or an API client.
enum Refusal {
    /// Whether the request comes from a script or an API client rather than a page the browser opens:
    /// an address under `/api/` or ending in `.json`, the CSRF header (only scripts send it), or an
    /// `Accept` that names JSON and not HTML.
    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasSuffix(".json") || request.headers[CSRFMiddleware.headerName] != nil { return true }
        let accept = request.headers[.accept] ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }

    /// No live session: 303 to the sign-in page (which comes back to a page that was being opened),
    /// or 401 for a script.
    static func signInRequired(_ request: Request) throws -> Response {
        if wantsJSON(request) { throw APIError(.unauthorized, "sign in first; the session has ended or was never started") }
        var location = "/login"
        if request.method == .get || request.method == .head,
            let path = request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
        {
            location += "?next=\(path)"
        }
        return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// 403 with `sentence` (a fixed text, no markup), as a page or as JSON.
    static func forbidden(_ request: Request, _ sentence: String) throws -> Response {
        if wantsJSON(request) { throw APIError(.forbidden, sentence) }
        let page = """
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Không được phép – CitizenKiosk</title>
            <link rel="stylesheet" href="/static/staff.css">
            </head>
            <body>
            <main class="narrow">
              <h1>Không được phép <span lang="en" class="en">Not allowed</span></h1>
              <p class="error" role="alert">\(sentence)</p>
              <p><a href="/login">Đăng nhập bằng tài khoản khác / Sign in as someone else</a></p>
            </main>
            </body>
            </html>
            """
        return Response(
            status: .forbidden, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
