import Foundation
import Hummingbird
import HummingbirdBcrypt
import KioskStore
import Mustache

/// Staff sign-in: `GET /login` (the form), `POST /login` (checks the bcrypt hash, starts a session in an
/// HttpOnly, SameSite=Strict cookie) and `POST /logout`.
struct AuthController {
    static let cookieName = "kiosk_session"
    /// Checked against when the name is unknown, so that an unknown name takes as long as a wrong password.
    static let decoyHash = Bcrypt.hash("no such user", cost: 12)

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
        HTML(templates.render(FormView(error: nil, name: "", next: Self.safeNext(request.uri.queryParameters.get("next"))), withTemplate: "login") ?? "")
    }

    struct LoginForm: Decodable {
        var name: String
        var password: String
        var next: String?
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: body)) else {
            throw APIError(.badRequest, "the sign-in form must have a name and a password")
        }
        let next = Self.safeNext(form.next)
        let user = try services.database.user(named: form.name)
        // Verify against a fixed hash when the user is unknown, so that timing does not tell who exists.
        let hash = user?.passwordHash ?? Self.decoyHash
        let matches = Bcrypt.verify(form.password, hash: hash)
        guard let user, matches, !user.disabled else {
            context.logger.notice("sign-in refused", metadata: ["kiosk.user": "\(form.name.prefix(64))"])
            let page = templates.render(
                FormView(error: "Tên đăng nhập hoặc mật khẩu không đúng. / Wrong name or password.", name: String(form.name.prefix(64)), next: next),
                withTemplate: "login") ?? ""
            return Response(status: .unauthorized, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        let token = try services.database.startSession(for: user.name, now: services.now())
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
        context.logger.info("signed in", metadata: ["kiosk.user": "\(user.name)"])
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.value {
            try services.database.endSession(token: token)
        }
        var response = Response(status: .seeOther, headers: [.location: "/login"])
        response.setCookie(Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only local paths are followed after sign-in, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/dashboard" }
        return next
    }
}

/// Lets a request through only with a live session of one of `roles`; otherwise sends the browser to sign in.
struct RequireRoleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices
    let roles: Set<Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[AuthController.cookieName]?.value,
            let user = try services.database.sessionUser(token: token, idleLimit: services.configuration.sessionIdleLimit, now: services.now())
        else {
            let target = request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/dashboard"
            return Response(status: .seeOther, headers: [.location: "/login?next=\(target)"])
        }
        guard roles.contains(user.role) else {
            throw APIError(.forbidden, "your role (\(user.role.rawValue)) may not open this page")
        }
        var context = context
        context.user = SignedInUser(name: user.name, role: user.role.rawValue)
        return try await next(request, context)
    }
}

/// An HTML page response.
struct HTML: ResponseGenerator {
    let text: String

    init(_ text: String) { self.text = text }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
