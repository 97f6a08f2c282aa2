import Hummingbird
import KioskStore

/// Lets a request through only when the person signed in (found by ``SessionMiddleware``) has one of
/// `roles`. Without a live session a page sends the browser to sign in and a script or API client gets
/// 401; with another role the answer is 403.
struct RequireRoleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let roles: Set<Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let role = context.user?.role else {
            return try Refusal.signInRequired(request)
        }
        guard roles.contains(role) else {
            return try Refusal.forbidden(
                request,
                "Tài khoản của bạn (vai trò \(role.rawValue)) không được mở trang này. / Your role (\(role.rawValue)) may not open this page.")
        }
        return try await next(request, context)
    }
}
