import Foundation
import Hummingbird
import KioskHTTP

/// Lets a push through only with `Authorization: Bearer <a centre's push token>`, and records the centre in the
/// context; anything else is 401 with a sentence.
struct HubPushTokenMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let database: HubDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = HubCredentials.bearer(request), let centre = try await database.centre(token: token) else {
            throw APIError(
                .unauthorized,
                "Mã đẩy dữ liệu không đúng. / Unknown push token: register the centre with kiosk hub centres add and give it the token.",
                field: "Authorization")
        }
        var context = context
        context.centre = centre
        return try await next(request, context)
    }
}

/// Lets a reader of the city's figures through: `Authorization: Bearer <reader token>`, or HTTP Basic with the
/// reader token as the password (a browser asks for it). Anyone else gets 401 with a Basic challenge.
struct HubReaderMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let database: HubDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = HubCredentials.bearer(request) ?? HubCredentials.basicPassword(request),
            let reader = try await database.reader(token: token)
        else {
            throw APIError(
                .unauthorized,
                "Cần mã của người xem (kiosk hub readers add TÊN). / A reader token is needed (kiosk hub readers add NAME): "
                    + "Authorization: Bearer TOKEN, or TOKEN as the password.",
                field: "Authorization", headers: [.wwwAuthenticate: "Basic realm=\"CitizenKiosk hub\", charset=\"UTF-8\""])
        }
        var context = context
        context.reader = reader
        return try await next(request, context)
    }
}

/// The credentials a request to the hub carries.
enum HubCredentials {
    /// The token of `Authorization: Bearer TOKEN`.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst(7))
    }

    /// The password of `Authorization: Basic …` (the user name is not looked at).
    static func basicPassword(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))), let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[text.index(after: colon)...])
    }
}
