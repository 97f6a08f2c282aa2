import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskContent
import KioskServer
@_spi(Testing) import KioskStore
import Testing

/// Who may use a route.
enum Access: Sendable, Equatable {
    /// Anyone: the kiosk page, public pages and the public read APIs, the sign-in form.
    case everyone
    /// Only a paired kiosk (the kiosk tests try it); `GET /` shows an unpaired browser how to pair.
    case pairedKiosk
    /// Any signed-in person (sign-out).
    case signedIn
    /// A browser on the box itself, while the store has no account (the first start's setup link).
    case thisBoxOnly
    /// A read-only token or the session of one of these roles (`/api/v1/stats`).
    case reader(Set<Role>)
    /// The session of one of these roles.
    case roles(Set<Role>)
}

/// One route of the router, as the router names it, with who may use it and an address to try it on.
struct RouteRule: Sendable, CustomStringConvertible {
    var route: String
    var access: Access

    init(_ route: String, _ access: Access) {
        self.route = route
        self.access = access
    }

    var method: HTTPRequest.Method { HTTPRequest.Method(String(route.split(separator: " ")[0]))! }
    var path: String { String(route.split(separator: " ")[1]) }
    /// The path with every `{parameter}` replaced by a made-up value.
    var sample: String {
        path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x1", options: .regularExpression).replacingOccurrences(of: "**", with: "x1")
    }
    /// Whether a refusal is JSON (401) rather than a redirect to the sign-in page.
    var isAPI: Bool { path.hasPrefix("/api/") || path.hasSuffix(".json") }
    var changesState: Bool { [.post, .put, .patch, .delete].contains(method) }
    var description: String { route }
}

/// The role matrix of docs/security.md, route by route. A test compares it with the router, so that a
/// new route cannot be added without saying here who may use it.
enum RouteTable {
    static let staffRoles: Set<Role> = [.staff, .head, .admin]
    static let figures: Set<Role> = [.head, .admin]

    static let rules: [RouteRule] = [
        // The kiosk and the public.
        RouteRule("GET /", .pairedKiosk),
        RouteRule("GET /pair", .everyone),
        RouteRule("GET /api/v1/kiosk", .everyone),
        RouteRule("GET /health", .everyone),
        RouteRule("GET /metrics", .everyone),
        RouteRule("GET /qr.svg", .everyone),
        RouteRule("GET /content/photos/{id}", .everyone),
        RouteRule("GET /01", .everyone),
        RouteRule("HEAD /01", .everyone),
        RouteRule("OPTIONS /01", .everyone),
        RouteRule("GET /01/**", .everyone),
        RouteRule("HEAD /01/**", .everyone),
        RouteRule("OPTIONS /01/**", .everyone),
        RouteRule("GET /.well-known/gs1resolver", .everyone),
        RouteRule("HEAD /.well-known/gs1resolver", .everyone),
        RouteRule("OPTIONS /.well-known/gs1resolver", .everyone),
        RouteRule("GET /ocop/images/{key}", .everyone),
        RouteRule("HEAD /ocop/images/{key}", .everyone),
        RouteRule("GET /api/v1/help", .everyone),
        RouteRule("GET /api/v1/help/{id}", .everyone),
        RouteRule("GET /api/v1/calls/{id}", .everyone),
        RouteRule("POST /api/v1/calls/{id}/cancel", .everyone),
        RouteRule("POST /api/v1/ratings", .pairedKiosk),
        RouteRule("POST /api/v1/calls", .pairedKiosk),
        RouteRule("GET /api/v1/speech", .pairedKiosk),
        RouteRule("GET /api/v1/kiosk/flow", .pairedKiosk),
        RouteRule("POST /api/v1/help/{id}/print", .pairedKiosk),
        // Signing in and out.
        RouteRule("GET /login", .everyone),
        RouteRule("POST /login", .everyone),
        RouteRule("GET /setup", .thisBoxOnly),
        RouteRule("POST /setup", .thisBoxOnly),
        RouteRule("POST /logout", .signedIn),
        // The figures.
        RouteRule("GET /dashboard", .roles(figures)),
        RouteRule("GET /dashboard/report", .roles(figures)),
        // Voiding a rating is the head's alone (the admin installs, and does not judge ratings).
        RouteRule("GET /dashboard/void", .roles([.head])),
        RouteRule("POST /dashboard/void", .roles([.head])),
        RouteRule("GET /api/v1/stats", .reader(figures)),
        // Administration.
        RouteRule("GET /admin/audit", .roles([.admin])),
        // Staff work.
        RouteRule("GET /staff/calls", .roles(staffRoles)),
        RouteRule("GET /staff/calls/calls.json", .roles(staffRoles)),
        RouteRule("POST /staff/calls/{id}/take", .roles(staffRoles)),
        RouteRule("GET /staff/slips", .roles(staffRoles)),
        RouteRule("GET /staff/slips/{id}/preview.png", .roles(staffRoles)),
        RouteRule("GET /staff/slips/{id}/slip.pdf", .roles(staffRoles)),
        RouteRule("GET /staff/slips/{id}/print-view", .roles(staffRoles)),
        RouteRule("POST /staff/slips/{id}/print", .roles(staffRoles)),
        RouteRule("GET /staff/paper", .roles(staffRoles)),
        RouteRule("POST /staff/paper", .roles(staffRoles)),
        RouteRule("GET /staff/ocop", .roles(staffRoles)),
        RouteRule("POST /staff/ocop", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/new", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/export.csv", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/export.json", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/import.csv", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/{id}", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/{id}/edit", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/delete", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/{id}/image", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/image", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/image/delete", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/batches", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/batches/{batch}", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/batches/{batch}/delete", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/{id}/batches/{batch}/label.png", .roles(staffRoles)),
        RouteRule("GET /staff/ocop/{id}/batches/{batch}/label.pdf", .roles(staffRoles)),
        RouteRule("POST /staff/ocop/{id}/batches/{batch}/print", .roles(staffRoles)),
    ]
}

@Suite struct RouteAccessTests {
    @Test func theTableNamesEveryRouteOfTheRouter() async throws {
        let configuration = TestServer.configuration()
        let services = AppServices(
            content: try ContentLoader.load(from: configuration.contentDirectory),
            database: try AppDatabase.open(directory: configuration.dataDirectory), configuration: configuration)
        let router = try await buildRouter(services)
        let registered = Set(router.routes.map { "\($0.method) \($0.path)" })
        let listed = Set(RouteTable.rules.map(\.route))
        #expect(registered.subtracting(listed).sorted() == [], "routes missing from RouteTable.rules: say who may use them")
        #expect(listed.subtracting(registered).sorted() == [], "RouteTable.rules lists routes the router does not have")
        // Every route that needs a session lives where CSRF tokens are checked.
        for rule in RouteTable.rules {
            switch rule.access {
            case .roles, .signedIn:
                #expect(["/logout", "/dashboard", "/staff", "/admin"].contains { rule.path == $0 || rule.path.hasPrefix($0 + "/") }, "\(rule)")
            default: break
            }
        }
    }

    /// Every guarded route × {no cookie, made-up cookie, idle cookie, wrong role, right role without
    /// CSRF token, right role with it}.
    @Test(arguments: RouteTable.rules.filter { if case .roles = $0.access { return true } else { return false } })
    func aStaffRouteLetsInOnlyItsRolesWithAToken(_ rule: RouteRule) async throws {
        guard case .roles(let allowed) = rule.access else { return }
        let server = try SecurityServer()
        let idle = try server.session(of: "truong", age: server.configuration.sessionIdleLimit + 60)
        let old = try server.session(of: "truong", age: server.configuration.sessionLifetime + 60)
        // Busy all along, yet older than the lifetime.
        let stamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        try await server.database.executeForTesting(
            "UPDATE session SET last_seen_at = ? WHERE created_at < ?",
            arguments: [stamp.format(server.clock.now), stamp.format(server.clock.now.addingTimeInterval(-3600))])
        try await server.run { client in
            func send(_ cookie: String?, token: String? = nil, accept: String = "text/html") async throws -> TestResponse {
                var headers: HTTPFields = [.accept: accept]
                if let cookie { headers[.cookie] = cookie }
                var body: ByteBuffer?
                if rule.changesState {
                    headers[.contentType] = "application/x-www-form-urlencoded"
                    body = ByteBuffer(string: token.map { "csrf=\($0)" } ?? "")
                }
                return try await client.execute(uri: rule.sample, method: rule.method, headers: headers, body: body)
            }
            func expectSignInAsked(_ response: TestResponse, _ what: String) {
                if rule.isAPI {
                    #expect(response.status == .unauthorized, "\(rule) \(what)")
                } else {
                    #expect(response.status == .seeOther, "\(rule) \(what)")
                    #expect(response.headers[.location]?.hasPrefix("/login") == true, "\(rule) \(what)")
                }
            }
            expectSignInAsked(try await send(nil), "without a cookie")
            expectSignInAsked(try await send("\(SessionCookie.name)=bmljZS10cnkgYnV0IG5vIHN1Y2ggc2Vzc2lvbg"), "with a made-up cookie")
            expectSignInAsked(try await send(idle), "with an idle session")
            expectSignInAsked(try await send(old), "with a session past its lifetime")

            for person in SecurityServer.people {
                let session = try server.session(of: person.name)
                let token = try await client.csrfToken(session)
                let withToken = try await send(session, token: token)
                if allowed.contains(person.role) {
                    #expect(![.unauthorized, .forbidden].contains(withToken.status), "\(rule) as \(person.role) with a token: \(withToken.status)")
                    #expect(withToken.headers[.location]?.hasPrefix("/login") != true, "\(rule) as \(person.role)")
                    if rule.changesState {
                        let without = try await send(session)
                        #expect(without.status == .forbidden, "\(rule) as \(person.role) without a token")
                        #expect(without.text.contains("reload the page and try again"), "\(rule)")
                        let forged = try await send(session, token: String(token.reversed()))
                        #expect(forged.status == .forbidden, "\(rule) as \(person.role) with a wrong token")
                    }
                } else {
                    #expect(withToken.status == .forbidden, "\(rule) as \(person.role): \(withToken.status)")
                }
            }
        }
    }

    @Test func theFiguresAPIWantsAHeadOrAnAdminOrAToken() async throws {
        let server = try SecurityServer()
        let secret = try server.database.createToken(name: "thanh-pho", role: .head)
        let idle = try server.session(of: "truong", age: server.configuration.sessionIdleLimit + 60)
        try await server.run { client async throws in
            let uri = "/api/v1/stats?period=2026-11"
            #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.cookie: "\(SessionCookie.name)=made-up"]).status == .unauthorized)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.cookie: idle]).status == .unauthorized)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.cookie: try server.session(of: "canbo")]).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.cookie: try server.session(of: "truong")]).status == .ok)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.cookie: try server.session(of: "quantri")]).status == .ok)
            #expect(try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(secret)"]).status == .ok)
        }
    }

    @Test func signingOutNeedsTheTokenAndEndsTheSessionOnTheServer() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let anonymous = try await client.execute(uri: "/logout", method: .post)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login")

            let session = try server.session(of: "canbo")
            let forged = try await client.execute(uri: "/logout", method: .post, headers: [.cookie: session])
            #expect(forged.status == .forbidden)
            #expect(try server.database.sessionCount(of: "canbo") == 1)

            let out = try await client.execute(uri: "/logout", method: .post, headers: try await client.staffHeaders(session))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try server.database.sessionCount(of: "canbo") == 0)
            // The old cookie, sent again, opens nothing.
            let replay = try await client.execute(uri: "/staff/calls", method: .get, headers: [.cookie: session])
            #expect(replay.status == .seeOther)
            #expect(replay.headers[.location]?.hasPrefix("/login") == true)
            #expect(try server.database.auditLog(actionPrefix: "logout").first?.actor == "canbo")
        }
    }

    /// The first start's setup answers only a browser on the box itself (not one relayed by a proxy), and only while
    /// the store has no account.
    @Test func theSetupRoutesRefuseEveryoneButTheBoxItself() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            for rule in RouteTable.rules where rule.access == .thisBoxOnly {
                var headers: HTTPFields = [.accept: "text/html", .xForwardedFor: "203.0.113.9"]
                var body: ByteBuffer?
                if rule.changesState {
                    headers[.contentType] = "application/x-www-form-urlencoded"
                    body = ByteBuffer(string: "code=x&name=truong&password=mat-khau-dai-1&repeated=mat-khau-dai-1")
                }
                let response = try await client.execute(uri: rule.sample, method: rule.method, headers: headers, body: body)
                #expect(response.status == .forbidden, "\(rule)")
                #expect(response.text.contains("Chỉ mở được liên kết thiết lập trên chính máy chủ của trung tâm"), "\(rule)")
                // From the box itself, a store with accounts has no setup any more.
                headers[.xForwardedFor] = nil
                let onTheBox = try await client.execute(uri: rule.sample, method: rule.method, headers: headers, body: body)
                #expect(onTheBox.status == .gone, "\(rule)")
                #expect(onTheBox.text.contains("Trung tâm đã có tài khoản"), "\(rule)")
            }
        }
    }

    @Test func publicRoutesNeedNoSession() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            for rule in RouteTable.rules where rule.access == .everyone && rule.method == .get && rule.path != "/login" {
                let response = try await client.execute(uri: rule.sample, method: .get)
                #expect(![.unauthorized, .forbidden].contains(response.status), "\(rule): \(response.status)")
                #expect(response.headers[.location]?.hasPrefix("/login") != true, "\(rule)")
            }
        }
    }
}
