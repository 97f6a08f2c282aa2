import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore
import Testing

/// What someone on the centre's LAN would try against the kiosk routes: posting without pairing, with a
/// made-up, revoked or read-only token, opening a pairing link twice or too late, and a paired device
/// claiming to be another kiosk or counter.
@Suite struct PairedKioskTests {
    static let notPaired = "this device is not paired; ask the IT officer for a pairing link"

    func rating(_ id: String = UUID().uuidString, extra: String = "") -> String {
        #"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "satisfied"}\#(extra)}"#
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ json: String, _ headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    /// Opens a pairing link and returns the `kiosk_device=…` cookie it set.
    func pair(_ client: some TestClientProtocol, code: String) async throws -> String {
        let response = try await client.execute(uri: "/pair?code=\(code)", method: .get)
        #expect(response.status == .seeOther)
        guard let cookie = response.headers[.setCookie] else { throw TestSupportError("the pairing link set no cookie") }
        return String(cookie.split(separator: ";")[0])
    }

    @Test func anUnpairedDeviceIsRefused401AndNothingIsStored() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let readOnly = try database.createToken(name: "thanh-pho", role: .head)
        try await TestServer.withLiveServer(configuration) { client in
            let attempts: [HTTPFields] = [
                [:],
                [.authorization: "Bearer ckk_made-up-token"],
                [.authorization: "Bearer \(readOnly)"],  // an integration's read-only token
                [.authorization: "Basic a2lvc2s6a2lvc2s="],
                [.cookie: "kiosk_device=made-up-secret"],
            ]
            for headers in attempts {
                let response = try await post(client, "/api/v1/ratings", rating(), headers)
                #expect(response.status == .unauthorized, "\(headers)")
                #expect(try response.errorMessage() == Self.notPaired)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            }
            let call = try await post(client, "/api/v1/calls", #"{"id": "\#(UUID().uuidString)", "kiosk": "kiosk-1"}"#)
            #expect(call.status == .unauthorized)
            let print = try await post(client, "/api/v1/help/dvc-dang-nhap/print", #"{"kiosk": "kiosk-1"}"#)
            #expect(print.status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/speech?lang=vi&text=xin%20chao", method: .get).status == .unauthorized)

            // The kiosk page itself says the device is not paired, in Vietnamese and English.
            let page = try await client.execute(uri: "/?kiosk=kiosk-2", method: .get)
            #expect(page.status == .forbidden)
            #expect(page.text.contains("Máy chưa được ghép nối"))
            #expect(page.text.contains("This kiosk is not paired"))
            #expect(page.text.contains("Mã máy: kiosk-2"))
            #expect(!page.text.contains("kiosk.js"))
            let odd = try await client.execute(uri: "/?kiosk=%3Cscript%3E", method: .get)
            #expect(!odd.text.contains("<script>") && !odd.text.contains("Mã máy"))
        }
        #expect(try database.ratingCount() == 0)
        #expect(try database.calls(since: .distantPast).isEmpty)
        // Eight refusals from one address within a minute: one entry in the audit log.
        let refused = try database.auditLog(actionPrefix: "kiosk.refused")
        #expect(refused.count == 1)
        #expect(refused.first?.address == "127.0.0.1")
        #expect(refused.first?.detail?.hasPrefix("POST /api/v1/ratings") == true)
    }

    @Test func thePairingLinkWorksOnceThen410() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let credentials = try database.addKiosk(id: "kiosk-2", counter: nil, actor: "cli:it", now: TestServer.now)
        try await TestServer.withLiveServer(configuration) { client in
            let paired = try await client.execute(uri: "/pair?code=\(credentials.pairingCode)", method: .get)
            #expect(paired.status == .seeOther)
            #expect(paired.headers[.location] == "/?kiosk=kiosk-2")
            let setCookie = try #require(paired.headers[.setCookie])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=157680000"] {
                #expect(setCookie.contains(attribute), "\(setCookie)")
            }
            let cookie = String(setCookie.split(separator: ";")[0])
            #expect(cookie.hasPrefix("kiosk_device=") && cookie.count > 40)

            let page = try await client.execute(uri: "/?kiosk=kiosk-2", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("/static/kiosk.js"))
            let stored = try await post(client, "/api/v1/ratings", rating(), [.cookie: cookie])
            #expect(stored.status == .created)
            #expect(try stored.json()["kiosk"] as? String == "kiosk-2")

            // The link is used up: another browser gets 410 and a page saying to ask for a new one.
            let again = try await client.execute(uri: "/pair?code=\(credentials.pairingCode)", method: .get)
            #expect(again.status == .gone)
            #expect(again.headers[.setCookie] == nil)
            #expect(again.text.contains("Đường dẫn ghép nối không dùng được"))
            #expect(again.text.contains("Ask the IT officer for a new link"))
            // The kiosk it paired, restarted on the same address, just goes on to its page.
            let restarted = try await client.execute(uri: "/pair?code=\(credentials.pairingCode)", method: .get, headers: [.cookie: cookie])
            #expect(restarted.status == .seeOther)
            #expect(restarted.headers[.setCookie] == nil)

            let unknown = try await client.execute(uri: "/pair?code=not-a-code", method: .get)
            #expect(unknown.status == .badRequest)
            #expect(try await client.execute(uri: "/pair", method: .get).status == .badRequest)
        }
        let audit = try database.auditLog(actionPrefix: "kiosk")
        #expect(audit.map(\.action).contains("kiosk.add"))
        let pairing = try #require(audit.first { $0.action == "kiosk.pair" })
        #expect(pairing.actor == "kiosk:kiosk-2")
        #expect(pairing.address == "127.0.0.1")
        #expect(try database.kiosks().first { $0.id == "kiosk-2" }?.pairedAt == TestServer.now)
    }

    @Test func behindAnHTTPSProxyTheCookieIsSecureAndTheAuditNamesTheClient() async throws {
        var configuration = TestServer.configuration()
        configuration.secureCookies = true
        configuration.trustedProxies = ["127.0.0.1"]
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let credentials = try database.addKiosk(id: "kiosk-2", counter: nil, actor: nil, now: TestServer.now)
        try await TestServer.withLiveServer(configuration) { client in
            let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "192.168.1.50"]
            let paired = try await client.execute(uri: "/pair?code=\(credentials.pairingCode)", method: .get, headers: forwarded)
            #expect(paired.headers[.setCookie]?.contains("Secure") == true)
            #expect(try await post(client, "/api/v1/ratings", rating(), forwarded).status == .unauthorized)
        }
        #expect(try database.auditLog(actionPrefix: "kiosk.pair").first?.address == "192.168.1.50")
        #expect(try database.auditLog(actionPrefix: "kiosk.refused").first?.address == "192.168.1.50")
    }

    @Test func aForwardedAddressFromAnUntrustedPeerIsIgnored() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try await TestServer.withLiveServer(configuration) { client in
            let forged: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "10.9.9.9"]
            let response = try await post(client, "/api/v1/ratings", rating(), forged)
            #expect(response.status == .unauthorized)
        }
        #expect(try database.auditLog(actionPrefix: "kiosk.refused").first?.address == "127.0.0.1")
    }

    @Test func aLinkOlderThan24HoursIs410() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let old = try database.addKiosk(id: "kiosk-2", counter: nil, actor: nil, now: TestServer.now.addingTimeInterval(-25 * 3600))
        try await TestServer.withLiveServer(configuration) { client in
            let response = try await client.execute(uri: "/pair?code=\(old.pairingCode)", method: .get)
            #expect(response.status == .gone)
            #expect(response.headers[.setCookie] == nil)
        }
        #expect(try database.kiosks().first { $0.id == "kiosk-2" }?.pairedAt == nil)
    }

    @Test func aRevokedKioskIsRefusedAtOnce() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let credentials = try database.addKiosk(id: "kiosk-2", counter: nil, actor: nil, now: TestServer.now)
        let unused = try database.addKiosk(id: "desk-9", counter: "Q05", actor: nil, now: TestServer.now)
        try await TestServer.withLiveServer(configuration) { client in
            let cookie = try await pair(client, code: credentials.pairingCode)
            let bearer: HTTPFields = [.authorization: "Bearer \(credentials.token)"]
            #expect(try await post(client, "/api/v1/ratings", rating(), [.cookie: cookie]).status == .created)
            #expect(try await post(client, "/api/v1/ratings", rating(), bearer).status == .created)

            try database.revokeKiosk(id: "kiosk-2", actor: "cli:it")
            try database.revokeKiosk(id: "desk-9", actor: "cli:it")
            let byCookie = try await post(client, "/api/v1/ratings", rating(), [.cookie: cookie])
            #expect(byCookie.status == .unauthorized)
            #expect(try byCookie.errorMessage() == Self.notPaired)
            #expect(try await post(client, "/api/v1/ratings", rating(), bearer).status == .unauthorized)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .forbidden)
            // A pairing link not yet opened dies with its kiosk.
            #expect(try await client.execute(uri: "/pair?code=\(unused.pairingCode)", method: .get).status == .gone)

            // Added again: new secrets; the old ones stay dead.
            let renewed = try database.addKiosk(id: "kiosk-2", counter: nil, actor: "cli:it")
            #expect(try await post(client, "/api/v1/ratings", rating(), [.authorization: "Bearer \(renewed.token)"]).status == .created)
            #expect(try await post(client, "/api/v1/ratings", rating(), bearer).status == .unauthorized)
            #expect(try await post(client, "/api/v1/ratings", rating(), [.cookie: cookie]).status == .unauthorized)
        }
        #expect(try database.ratingCount() == 3)
        #expect(try database.auditLog(actionPrefix: "kiosk.revoke").count == 2)
    }

    @Test func theBearerTokenOfAKioskWorksForItsRoutesOnly() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let headers = TestServer.kioskHeaders
            let stored = try await post(client, "/api/v1/ratings", rating(extra: #", "counter": "Q07""#), headers)
            #expect(stored.status == .created)
            #expect(try stored.json()["kiosk"] as? String == "kiosk-1")
            #expect(try stored.json()["counter"] as? String == "Q07")  // a hall kiosk: any counter
            let call = try await post(client, "/api/v1/calls", #"{"id": "\#(UUID().uuidString)"}"#, headers)
            #expect(call.status == .created)
            #expect(try call.json()["kiosk"] as? String == "kiosk-1")
            // A kiosk's token is not an integration's token, nor a staff session.
            #expect(try await client.execute(uri: "/api/v1/stats?period=2026-11", method: .get, headers: headers).status == .unauthorized)
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: headers).status != .ok)
            #expect(try await client.execute(uri: "/staff/calls/calls.json", method: .get, headers: headers).status != .ok)
        }
    }

    @Test func aPairedDeviceCannotClaimAnotherKioskOrCounter() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let desk = try database.addKiosk(id: "kiosk-2", counter: nil, actor: nil, now: TestServer.now)  // fixed to Q03 in centre.toml
        try await TestServer.withLiveServer(configuration) { client in
            let cookie: HTTPFields = [.cookie: try await pair(client, code: desk.pairingCode)]
            // The cookie's kiosk wins over the address's.
            let config = try await client.execute(uri: "/api/v1/kiosk?kiosk=kiosk-1", method: .get, headers: cookie).json()
            let device = try #require(config["kiosk"] as? [String: Any])
            #expect(device["id"] as? String == "kiosk-2")
            #expect(device["counter"] as? String == "Q03")
            #expect(device["askCounter"] as? Bool == false)

            let asAnother = try await post(client, "/api/v1/ratings", rating(extra: #", "kiosk": "kiosk-1""#), cookie)
            #expect(asAnother.status == .forbidden)
            #expect(try asAnother.errorMessage().contains("paired as kiosk 'kiosk-2'"))
            let atAnotherCounter = try await post(client, "/api/v1/ratings", rating(extra: #", "counter": "Q05""#), cookie)
            #expect(atAnotherCounter.status == .forbidden)
            #expect(try (atAnotherCounter.json()["error"] as? [String: Any])?["field"] as? String == "counter")
            let callAsAnother = try await post(client, "/api/v1/calls", #"{"id": "\#(UUID().uuidString)", "kiosk": "kiosk-1"}"#, cookie)
            #expect(callAsAnother.status == .forbidden)
            let printAsAnother = try await post(client, "/api/v1/help/dvc-dang-nhap/print", #"{"kiosk": "kiosk-1"}"#, cookie)
            #expect(printAsAnother.status == .forbidden)
            let noPrinter = try await post(client, "/api/v1/help/dvc-dang-nhap/print", #"{"kiosk": "kiosk-2"}"#, cookie)
            #expect(noPrinter.status == .badRequest)

            // Without kiosk or counter in the body, the rating is the device's, at its counter.
            let id = UUID().uuidString
            let own = try await post(client, "/api/v1/ratings", rating(id), cookie)
            #expect(own.status == .created)
            #expect(try own.json()["kiosk"] as? String == "kiosk-2")
            #expect(try own.json()["counter"] as? String == "Q03")
            // A retry of the same body is recognised as the same rating.
            #expect(try await post(client, "/api/v1/ratings", rating(id), cookie).status == .ok)
        }
        #expect(try database.ratingCount() == 1)
    }

    @Test func aDeskDeviceNotInCentreTomlRatesItsCounter() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let desk = try database.addKiosk(id: "quay-5", counter: "Q05", actor: nil, now: TestServer.now)
        try await TestServer.withLiveServer(configuration) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(desk.token)"]
            let config = try await client.execute(uri: "/api/v1/kiosk", method: .get, headers: bearer).json()
            let device = try #require(config["kiosk"] as? [String: Any])
            #expect(device["id"] as? String == "quay-5")
            #expect(device["counter"] as? String == "Q05")
            #expect(device["askCounter"] as? Bool == false)
            let stored = try await post(client, "/api/v1/ratings", rating(), bearer)
            #expect(try stored.json()["counter"] as? String == "Q05")
        }
    }

    @Test func secretsAreStoredOnlyAsHashes() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let credentials = try database.addKiosk(id: "kiosk-2", counter: nil, actor: nil, now: TestServer.now)
        let integration = try database.createToken(name: "thanh-pho", role: .head)
        let cookies = CookieJar()
        try await TestServer.withLiveServer(configuration) { client in
            let cookie = try await pair(client, code: credentials.pairingCode)
            await cookies.keep(cookie)
            #expect(try await post(client, "/api/v1/ratings", rating(), [.cookie: cookie]).status == .created)
        }
        let secrets =
            [credentials.token, credentials.pairingCode, integration] + (await cookies.values).map { String($0.dropFirst("kiosk_device=".count)) }
        #expect(secrets.count == 4)
        #expect(secrets.allSatisfy { $0.count >= 40 })
        for name in try FileManager.default.contentsOfDirectory(atPath: configuration.dataDirectory.path) where name.hasPrefix("kiosk.sqlite") {
            let bytes = try Data(contentsOf: configuration.dataDirectory.appendingPathComponent(name))
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in secrets {
                #expect(!text.contains(secret), "a secret is in \(name) in plain text")
            }
        }
    }
}

/// Cookies a test keeps from inside the server's closure.
actor CookieJar {
    private(set) var values: [String] = []
    func keep(_ cookie: String) { values.append(cookie) }
}
