import Foundation
import Hummingbird
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore

/// Paths and helpers shared by the server tests: the sample content, a fresh data folder, a fixed clock.
enum TestServer {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("kiosk-content")

    /// 2026-11-24 10:00 in Hải Phòng: a Tuesday morning.
    static let now = ISO8601DateFormatter().date(from: "2026-11-24T03:00:00Z")!

    static func configuration(data: URL = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(UUID().uuidString)"))
        -> ServerConfiguration
    {
        var configuration = ServerConfiguration()
        configuration.contentDirectory = content
        configuration.dataDirectory = data
        configuration.port = 0
        configuration.logLevel = .warning
        return configuration
    }

    /// The bearer token of the sample's hall kiosk `kiosk-1`, paired afresh in the store of every server of
    /// ``withLiveServer(_:_:)``; the helpers that post as a kiosk send it.
    @TaskLocal static var kioskToken: String?

    /// `Authorization: Bearer` with ``kioskToken``: what a paired kiosk sends.
    static var kioskHeaders: HTTPFields {
        guard let kioskToken else { return [:] }
        return [.authorization: "Bearer \(kioskToken)"]
    }

    /// Runs `body` against the real server listening on a free loopback port, with `kiosk-1` paired.
    static func withLiveServer(
        _ configuration: ServerConfiguration = configuration(),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try? database.revokeKiosk(id: "kiosk-1", actor: "test")
        let token = try database.addKiosk(id: "kiosk-1", counter: nil, actor: "test").token
        let app = try await buildApplication(configuration, now: { now })
        try await $kioskToken.withValue(token) { try await app.test(.live, body) }
    }
}

extension TestClientProtocol {
    /// Signs in through the login form and returns the session cookie (`kiosk_session=…`).
    func signIn(_ name: String, _ password: String) async throws -> String {
        let login = try await execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "name=\(name)&password=\(password)"))
        guard let cookie = login.headers[.setCookie] else { throw TestSupportError("signing in as \(name) set no cookie") }
        return String(cookie.split(separator: ";")[0])
    }

    /// POSTs a JSON text to the rating API as the paired kiosk `kiosk-1`.
    func postRating(_ json: String) async throws -> TestResponse {
        try await postAsKiosk("/api/v1/ratings", json)
    }

    /// POSTs a JSON text as the paired kiosk `kiosk-1` (its bearer token).
    func postAsKiosk(_ uri: String, _ json: String) async throws -> TestResponse {
        var headers = TestServer.kioskHeaders
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// The `error.message` of an error response.
    func errorMessage() throws -> String {
        ((try json()["error"] as? [String: Any])?["message"] as? String) ?? ""
    }
}

struct TestSupportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
