import Hummingbird

/// Finds the person signed in on a request from its session cookie, once per request, and puts them in
/// ``AppRequestContext/user`` for ``RequireRoleMiddleware`` and ``CSRFMiddleware``.
///
/// A cookie that matches no live session (made up, idle longer than the idle limit, older than the
/// lifetime, or of a disabled user) leaves the request anonymous; an ended session is deleted.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[AuthController.cookieName]?.value, !token.isEmpty else {
            return try await next(request, context)
        }
        var context = context
        let configuration = services.configuration
        if let user = try services.database.sessionUser(
            token: token, idleLimit: configuration.sessionIdleLimit, lifetime: configuration.sessionLifetime, now: services.now())
        {
            context.user = SignedInUser(name: user.name, role: user.role)
        }
        return try await next(request, context)
    }
}
