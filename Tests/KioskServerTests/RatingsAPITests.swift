import Foundation
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskServer
import KioskStore
import NIOCore
import Testing

@Suite struct RatingsAPITests {
    let id = "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10"

    var full: String {
        """
        {"id": "\(id)", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": ["waited_too_long"]},
         "counter": "Q03", "field": "ho-tich", "officer": "cb-02", "dossierCode": "H26.05-260115-0001",
         "channel": "touch", "kiosk": "kiosk-1", "comment": "Gọi lại cho tôi: 0912 345 678", "createdAt": "2026-11-24T09:15:00+07:00"}
        """
    }

    @Test func newRatingIs201AndStoredWithRollups() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let response = try await client.postRating(full)
            #expect(response.status == .created)
            let body = try response.json()
            #expect(body["id"] as? String == id)
            #expect(body["createdAt"] as? String == "2026-11-24T09:15:00+07:00")
            #expect(body["receivedAt"] as? String == "2026-11-24T10:00:00+07:00")
            #expect(body["comment"] as? String == "Gọi lại cho tôi: [đã ẩn]")
            #expect(body["satisfied"] as? Bool == false)
        }
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let stored = try #require(try database.rating(id: UUID(uuidString: id)!))
        #expect(stored.counter == "Q03")
        #expect(stored.comment == "Gọi lại cho tôi: [đã ẩn]")
        let tally = try database.tallies(TallyFilter(from: LocalDate("2026-11-24"), to: LocalDate("2026-11-24")), by: .counter)
        #expect(tally["Q03"]?.valid == 1)
    }

    @Test func retryIs200AndChangedContentIs409() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            #expect(try await client.postRating(full).status == .created)
            let retry = try await client.postRating(full)
            #expect(retry.status == .ok)
            #expect(try retry.json()["id"] as? String == id)
            let changed = try await client.postRating(full.replacingOccurrences(of: "\"Q03\"", with: "\"Q04\""))
            #expect(changed.status == .conflict)
            #expect(try changed.errorMessage().contains("different rating"))
            // Without createdAt, a retry is recognised although the server stamps its own time.
            let bare = #"{"id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "survey": "quick", "answers": {"overall": "satisfied"}}"#
            #expect(try await client.postRating(bare).status == .created)
            #expect(try await client.postRating(bare).status == .ok)
        }
        #expect(try AppDatabase.open(directory: configuration.dataDirectory).ratingCount() == 2)
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        (#"{"survey": "quick", "answers": {"overall": "satisfied"}}"#, "id is required"),
        (#"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "nope", "answers": {"overall": "satisfied"}}"#, "survey 'nope'"),
        (#"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "great"}}"#, "'great' is not a choice"),
        (
            #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q11"}"#,
            "counter 'Q11'"
        ),
        (
            #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "satisfied"}, "field": "thue"}"#,
            "field 'thue'"
        ),
    ])
    func invalidInputIs400WithASentence(body: String, message: String) async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let response = try await client.postRating(body)
            #expect(response.status == .badRequest)
            #expect(try response.errorMessage().contains(message), "\(response.text)")
        }
        #expect(try AppDatabase.open(directory: configuration.dataDirectory).ratingCount() == 0)
    }

    @Test func oversizedBodyIsRefusedAndNothingStored() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let huge =
                #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "satisfied"}, "comment": ""#
                + String(repeating: "x", count: 100_000) + "\"}"
            let response = try await client.postRating(huge)
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorMessage().contains("larger than 64 KiB"))
        }
        #expect(try AppDatabase.open(directory: configuration.dataDirectory).ratingCount() == 0)
    }

    @Test func healthAndMetricsReport() async throws {
        try await TestServer.withLiveServer { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json()["status"] as? String == "ok")
            _ = try await client.postRating(full)
            _ = try await client.postRating(#"{"id": "bad"}"#)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains("kiosk_ratings_stored_total 1"))
            #expect(metrics.contains(#"kiosk_ratings_rejected_total{field="id"} 1"#))
            #expect(metrics.contains(#"kiosk_http_request_duration_seconds_count{method="POST",route="/api/v1/ratings",status="201"} 1"#))
        }
    }

    @Test func kioskPageAndItsConfiguration() async throws {
        try await TestServer.withLiveServer { client in
            let page = try await client.execute(uri: "/", method: .get, headers: TestServer.kioskHeaders)
            #expect(page.status == .ok)
            #expect(page.text.contains("/static/kiosk.js"))
            #expect(try await client.execute(uri: "/static/kiosk.js", method: .get).status == .ok)
            let config = try await client.execute(uri: "/api/v1/kiosk?kiosk=kiosk-2", method: .get).json()
            let survey = try #require(config["survey"] as? [String: Any])
            #expect(survey["main"] as? String == "overall")
            let kiosk = try #require(config["kiosk"] as? [String: Any])
            #expect(kiosk["counter"] as? String == "Q03")
            let strings = try #require(config["strings"] as? [String: [String: String]])
            #expect(strings["vi"]?.keys.sorted() == strings["en"]?.keys.sorted())
        }
    }

    @Test func serverRefusesToStartOnBadContent() async throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("content-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestServer.content, to: broken)
        let centre = broken.appendingPathComponent("centre.toml")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "target = 0.95", with: "target = 2")
            .write(to: centre, atomically: true, encoding: .utf8)
        var configuration = TestServer.configuration()
        configuration.contentDirectory = broken
        await #expect(throws: (any Error).self) { _ = try await buildApplication(configuration) }
    }
}
