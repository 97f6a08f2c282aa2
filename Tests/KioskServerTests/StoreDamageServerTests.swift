import Foundation
import HTTPTypes
import HummingbirdBcrypt
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskServer
import KioskStore
import NIOCore
import TestSupport
import Testing

/// The real server on a store file whose pages were overwritten with random bytes: it starts, then says the
/// store is damaged on `/health`, on the dashboard and to every rating, and keeps no backup of it.
@Suite struct StoreDamageServerTests {
    /// A store of 600 ratings and a head's account, closed.
    func store(_ configuration: ServerConfiguration) throws {
        let content = try ContentLoader.load(from: configuration.contentDirectory)
        let survey = try #require(content.surveys["quick"])
        let zone = TimeZone(identifier: content.centre.timeZoneIdentifier)!
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let ratings = DemoRatings(content: content).make(count: 600, seed: 5, lastDay: LocalDate("2026-11-23")!, days: 60)
        #expect(try database.recordAll(ratings.map { PreparedRating($0, survey: survey, timeZone: zone) }) == 600)
        try database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))
    }

    /// Waits until the check at start is done and returns `/health`.
    func checkedHealth(_ client: some TestClientProtocol) async throws -> TestResponse {
        for _ in 0..<200 {
            let health = try await client.execute(uri: "/health", method: .get)
            if try health.json()["store"] as? String != "checking" { return health }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("the store check did not finish in 10 s")
    }

    func metrics(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get).text
    }

    func rating() -> String {
        #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q01"}"#
    }

    @Test func aDamagedStoreIsSaidAtOnceAndNoBackupOfItIsKept() async throws {
        var configuration = TestServer.configuration()
        configuration.backup = BackupSchedule(keep: 3)
        try store(configuration)
        try damagePages(of: configuration.dataDirectory.appendingPathComponent(AppDatabase.fileName))
        let backups = configuration.dataDirectory.appendingPathComponent("backups")
        try await TestServer.withLiveServer(configuration) { client in
            let health = try await checkedHealth(client)
            #expect(health.status == .serviceUnavailable)
            let body = try health.json()
            #expect(body["store"] as? String == "damaged")
            #expect(body["message"] as? String == StoreHealth.damagedSentence)

            let refused = try await client.postRating(rating())
            #expect(refused.status == .serviceUnavailable)
            #expect(try refused.errorMessage() == StoreHealth.damagedSentence)
            #expect(refused.headers[.retryAfter] == "300")

            // The backup due at start fails its check: counted, and nothing kept under the day's name.
            var text = try await metrics(client)
            for _ in 0..<100 where !text.contains("kiosk_backup_failures_total 1") {
                try await Task.sleep(for: .milliseconds(100))
                text = try await metrics(client)
            }
            #expect(text.contains("kiosk_backup_failures_total 1"), "\(text)")
            #expect(text.contains("kiosk_store_damaged 1"))
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: backups.path)) ?? []).filter { $0.hasPrefix("kiosk-2026") } == [])

            let session = try await client.signIn("truong", "mat-khau-rat-dai")
            let page = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<p class="store-damaged" role="alert">"#))
            #expect(page.text.contains("kiosk restore"))
        }
    }

    @Test func aDamagedPageMetByARequestIsAnsweredWithASentenceAndMarksTheStore() async throws {
        let configuration = TestServer.configuration()
        try store(configuration)
        try await TestServer.withLiveServer(configuration) { client in
            let health = try await checkedHealth(client)
            #expect(health.status == .ok)
            #expect(try health.json()["store"] as? String == "sound")
            // The disk goes bad under the running server (before its writer has read a rating's page).
            try damagePages(of: configuration.dataDirectory.appendingPathComponent(AppDatabase.fileName), seed: 9)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                let response = try await client.postRating(rating())
                statuses.append(response.status)
                if response.status == .serviceUnavailable {
                    #expect(try response.errorMessage() == StoreHealth.damagedSentence)
                    break
                }
            }
            #expect(statuses.last == .serviceUnavailable, "\(statuses)")
            let after = try await client.execute(uri: "/health", method: .get)
            #expect(after.status == .serviceUnavailable)
            #expect(try after.json()["store"] as? String == "damaged")
        }
    }
}
