import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import KioskStore
import Mustache

/// Staff sign-in: `GET /login` (the form), `POST /login` (checks the bcrypt hash, counts failures towards
/// the lockout, starts a new session in an HttpOnly, SameSite=Strict cookie) and `POST /logout` (ends
/// the session on the server).
struct AuthController {
    static let cookieName = "kiosk_session"
    /// Checked against when the name is unknown, so that an unknown name takes as long as a wrong password.
    static let decoyHash = Bcrypt.hash("no such user", cost: 12)
    static let wrongSentence = "Tên đăng nhập hoặc mật khẩu không đúng. / Wrong name or password."

    let services: AppServices
    let templates: MustacheLibrary

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login", use: form)
        router.post("/login", use: login)
        router.post("/logout", use: logout)
    }

    struct FormView {
        var error: String?
        var name: String
        var next: String
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> HTML {
        HTML(
            templates.render(
                FormView(error: nil, name: "", next: Self.safeNext(request.uri.queryParameters.get("next")) ?? ""), withTemplate: "login") ?? "")
    }

    struct LoginForm: Decodable {
        var name: String
        var password: String
        var next: String?
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let configuration = services.configuration
        guard Self.isSameOrigin(request, host: request.addressedHost(context: context, trustedProxies: configuration.trustedProxies)) else {
            context.logger.notice("sign-in form from another site refused", metadata: ["kiosk.origin": "\(request.headers[.origin] ?? "")"])
            return page(.forbidden, error: CSRFMiddleware.expiredSentence, name: "", next: "")
        }
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: body)) else {
            throw APIError(.badRequest, "the sign-in form must have a name and a password")
        }
        let next = Self.safeNext(form.next)
        let account = String(form.name.prefix(64))
        let address = request.clientAddress(context: context, trustedProxies: configuration.trustedProxies)
        let now = services.now()
        let attempt = try services.database.beginLogin(account: account, address: address, limits: configuration.loginLimits, now: now)
        let attemptID: Int64
        let locksAccount: Bool
        let locksAddress: Bool
        switch attempt {
        case .counted(let id, let lockingAccount, let lockingAddress):
            (attemptID, locksAccount, locksAddress) = (id, lockingAccount, lockingAddress)
        case .locked(let until):
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            context.logger.notice("sign-in refused while locked", metadata: ["kiosk.user": "\(account)", "kiosk.address": "\(address)"])
            var response = page(
                .tooManyRequests,
                error:
                    "Đã nhập sai quá nhiều lần. Hãy đợi \(minutes) phút rồi thử lại. / Too many failed sign-ins: wait \(minutes) minutes and try again.",
                name: account, next: next ?? "")
            response.headers[.retryAfter] = String(minutes * 60)
            return response
        }
        let user = try services.database.user(named: form.name)
        // Verify against a fixed hash when the user is unknown, so that timing does not tell who exists.
        let matches = Bcrypt.verify(form.password, hash: user?.passwordHash ?? Self.decoyHash)
        guard let user, matches, !user.disabled else {
            context.logger.notice("sign-in refused", metadata: ["kiosk.user": "\(account)", "kiosk.address": "\(address)"])
            try services.database.audit(AuditEvent(action: "login.failed", actor: nil, address: address, detail: "user \(account)", at: now))
            if locksAccount {
                try services.database.audit(AuditEvent(action: "login.locked", actor: nil, address: address, detail: "user \(account)", at: now))
            }
            if locksAddress {
                try services.database.audit(AuditEvent(action: "login.locked", actor: nil, address: address, detail: "address \(address)", at: now))
            }
            return page(.unauthorized, error: Self.wrongSentence, name: account, next: next ?? "")
        }
        try services.database.loginSucceeded(attemptID, account: account)
        // A new token at every sign-in: a session id planted in the browser before it is never promoted.
        if let previous = request.cookies[Self.cookieName]?.value, !previous.isEmpty {
            try services.database.endSession(token: previous)
        }
        let token = try services.database.startSession(for: user.name, now: now)
        try services.database.audit(AuditEvent(action: "login", actor: user.name, address: address, at: now))
        var response = Response(status: .seeOther, headers: [.location: next ?? Self.home(of: user.role), .cacheControl: "no-store"])
        response.setCookie(sessionCookie(token))
        context.logger.info("signed in", metadata: ["kiosk.user": "\(user.name)"])
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            try services.database.endSession(token: token)
            if let user = context.user {
                let address = request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies)
                try services.database.audit(AuditEvent(action: "logout", actor: user.name, address: address, at: services.now()))
            }
        }
        var response = Response(status: .seeOther, headers: [.location: "/login", .cacheControl: "no-store"])
        response.setCookie(sessionCookie("", ending: true))
        return response
    }

    /// The session cookie: HttpOnly, SameSite=Strict, for the whole site, `Secure` under TLS or behind
    /// an https proxy; a browser session cookie (the server ends the session itself).
    func sessionCookie(_ value: String, ending: Bool = false) -> Cookie {
        Self.sessionCookie(value, secure: services.configuration.usesSecureCookies, ending: ending)
    }

    /// The session cookie, `Secure` when `secure`.
    static func sessionCookie(_ value: String, secure: Bool, ending: Bool = false) -> Cookie {
        Cookie(name: Self.cookieName, value: value, maxAge: ending ? 0 : nil, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The sign-in page with `error`, answered with `status`.
    func page(_ status: HTTPResponse.Status, error: String, name: String, next: String) -> Response {
        let text = templates.render(FormView(error: error, name: name, next: next), withTemplate: "login") ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Where a person lands after signing in when no page was asked for.
    static func home(of role: Role) -> String {
        role == .staff ? "/staff/calls" : "/dashboard"
    }

    /// Only local paths are followed after sign-in, never another site; `nil` for anything else.
    ///
    /// A path of this site starts with one `/` and holds only the characters RFC 3986 allows in a path and
    /// query: a browser drops tabs and line breaks from a `Location` and reads `\\` as `/`, so `/\t/host`
    /// or `/\\host` would take it to another site; `//host` is another site already.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.count <= 512, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ $0.isASCII && allowedInNext.contains($0) })
        else { return nil }
        return next
    }

    private static let allowedInNext = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%")

    /// Whether the sign-in form was sent by a page of this site: `Sec-Fetch-Site` (when the browser sends
    /// it) is `same-origin` or `none`, and `Origin` (when sent) names the host the browser addressed.
    /// A client that sends neither (a script with its own password) passes; a browser always sends one.
    static func isSameOrigin(_ request: Request, host: String?) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased(), site != "same-origin", site != "none" { return false }
        guard let origin = request.headers[.origin] else { return true }
        guard let url = URL(string: origin), let originHost = url.host, let host else { return false }
        let authority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return authority.lowercased() == host.lowercased()
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}

/// An HTML page response.
struct HTML: ResponseGenerator {
    let text: String

    init(_ text: String) { self.text = text }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
