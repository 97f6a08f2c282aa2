import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore

extension HTTPField.Name {
    /// The header the staff scripts send the CSRF token in.
    static let csrfToken = Self("X-CSRF-Token")!
}

extension TestClientProtocol {
    /// The CSRF token of a signed-in session, read from the `<meta name="csrf-token">` of a staff page
    /// the way the staff scripts read it.
    func csrfToken(_ session: String) async throws -> String {
        let page = try await execute(uri: "/staff/calls", method: .get, headers: [.cookie: session]).text
        guard let start = page.range(of: #"<meta name="csrf-token" content=""#),
            let end = page[start.upperBound...].firstIndex(of: "\"")
        else { throw TestSupportError("no csrf-token meta on /staff/calls for \(session.prefix(20))…") }
        return String(page[start.upperBound..<end])
    }

    /// The cookie and the CSRF token of a session, plus `extra`: what a staff page's form or script sends.
    func staffHeaders(_ session: String, _ extra: HTTPFields = [:]) async throws -> HTTPFields {
        var headers = extra
        headers[.cookie] = session
        headers[.csrfToken] = try await csrfToken(session)
        return headers
    }

    /// POSTs the sign-in form (`name`, `password`, with `headers` such as an Origin).
    func postLogin(_ name: String, _ password: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = headers
        all[.contentType] = "application/x-www-form-urlencoded"
        let form =
            "name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        return try await execute(uri: "/login", method: .post, headers: all, body: ByteBuffer(string: form))
    }
}

/// A clock the test moves by hand (the server reads it on every request).
final class TestClock: @unchecked Sendable {
    // Safe: every access to `date` holds `lock`.
    private let lock = NSLock()
    private var date: Date

    init(_ start: Date = TestServer.now) { date = start }

    var now: Date { lock.withLock { date } }

    func advance(by seconds: TimeInterval) { lock.withLock { date.addTimeInterval(seconds) } }
}

/// A server of its own for the security tests: a fresh store with one user of each role
/// (`canbo` staff, `truong` head, `quantri` admin, passwords `mat-khau-<name>`) and a clock the test moves.
struct SecurityServer {
    static let people: [(name: String, role: Role)] = [("canbo", .staff), ("truong", .head), ("quantri", .admin)]

    let configuration: ServerConfiguration
    let database: AppDatabase
    let clock: TestClock

    init(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = TestServer.configuration()
        adjust(&configuration)
        self.configuration = configuration
        database = try AppDatabase.open(directory: configuration.dataDirectory)
        clock = TestClock()
        for person in Self.people {
            try database.addUser(name: person.name, role: person.role, passwordHash: Bcrypt.hash(Self.password(person.name), cost: 4))
        }
    }

    static func password(_ name: String) -> String { "mat-khau-\(name)" }

    /// A session started directly in the store, `age` seconds before the clock's time (cookie form).
    func session(of name: String, age: TimeInterval = 0) throws -> String {
        "\(SessionCookie.name)=\(try database.startSession(for: name, now: clock.now.addingTimeInterval(-age)))"
    }

    /// Runs `body` against this server on a free loopback port.
    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let clock = self.clock
        let app = try await buildApplication(configuration, now: { clock.now })
        try await app.test(.live, body)
    }
}

enum SessionCookie {
    static let name = "kiosk_session"
}
