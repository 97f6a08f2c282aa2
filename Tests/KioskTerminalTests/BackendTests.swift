import Foundation
import KioskCore
import KioskStore
import Logging
import Testing

@testable import KioskTerminal

/// Where ratings go: the outbox and its sender against a scripted loopback server, and the local store.
@Suite(.serialized) struct BackendTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-terminal-\(UUID().uuidString)")

    private var logURL: URL { folder.appendingPathComponent("terminal.log") }

    private func logger() throws -> Logger {
        let file = try LogFile(url: logURL)
        return Logger(label: "test") { FileLogHandler(label: $0, file: file) }
    }

    /// A rating of the quick survey as the kiosk makes it.
    private func rating(_ choice: String = "satisfied") -> (UUID, JSONValue) {
        let id = UUID()
        return (
            id,
            .object([
                "id": .string(id.uuidString.lowercased()), "survey": .string("quick"), "answers": .object(["overall": .string(choice)]),
                "channel": .string("terminal"), "kiosk": .string("kiosk-2"), "counter": .string("Q03"),
                "createdAt": .string(RFC3339.format(Date(), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)),
            ])
        )
    }

    private func remote(_ url: URL, outbox: Outbox) throws -> RemoteBackend {
        RemoteBackend(
            client: ServerClient(baseURL: url, token: "t0ken", timeout: 2), outbox: outbox, content: Sample.content, kioskID: "kiosk-2",
            logger: try logger(), minimumDelay: 0.05, maximumDelay: 0.2, callPollInterval: 0.1, backlogSpacing: 0.01)
    }

    private func waitUntil(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try condition()
    }

    private func id(of request: ScriptedServer.Request) -> String? {
        JSONText.decode(request.body)?["id"]?.string
    }

    @Test func ratingsAreSentOldestFirstEachOnceWithTheToken() throws {
        let server = try ScriptedServer(script: [(503, "{}"), (503, "{}")])
        defer { server.close() }
        let outbox = try Outbox(url: folder.appendingPathComponent("outbox.sqlite"))
        let backend = try remote(server.url, outbox: outbox)
        defer { backend.stop() }
        let ratings = [rating("very_satisfied"), rating("satisfied"), rating("dissatisfied")]
        for (id, body) in ratings { backend.submit(id: id, body: body) }
        #expect(try waitUntil { try outbox.count() == 0 })
        let requests = server.requests
        #expect(requests.allSatisfy { $0.method == "POST" && $0.path == "/api/v1/ratings" })
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer t0ken" })
        // The first rating is tried until it goes through; only then come the others, in order.
        let sent = requests.compactMap(id(of:))
        let wanted = ratings.map { $0.0.uuidString.lowercased() }
        #expect(sent == [wanted[0], wanted[0], wanted[0], wanted[1], wanted[2]])
        #expect(JSONText.decode(requests[2].body) == ratings[0].1)
        // The status follows the outbox on the sending thread, a moment after the last delivery.
        #expect(try waitUntil { backend.status == BackendStatus(waitingRatings: 0, offline: false) })
    }

    @Test func refusedRatingsLeaveTheOutboxForTheRefusedTable() throws {
        let server = try ScriptedServer(script: [
            (409, #"{"error":{"message":"id holds another rating","field":"id"}}"#),
            (400, #"{"error":{"message":"counter 'Q03' is not defined","field":"counter"}}"#),
        ])
        defer { server.close() }
        let outbox = try Outbox(url: folder.appendingPathComponent("outbox.sqlite"))
        let backend = try remote(server.url, outbox: outbox)
        defer { backend.stop() }
        let ratings = [rating(), rating(), rating()]
        for (id, body) in ratings { backend.submit(id: id, body: body) }
        #expect(try waitUntil { try outbox.count() == 0 && server.requests.count == 3 })
        let rejected = try outbox.rejected()
        #expect(rejected.map(\.id) == ratings.prefix(2).map { $0.0.uuidString.lowercased() })
        #expect(rejected.map(\.status) == [409, 400])
        let log = try String(contentsOf: logURL, encoding: .utf8)
        #expect(log.contains("rating conflict"))
        #expect(log.contains("HTTP 400"))
        #expect(log.contains("rating delivered"))
    }

    @Test func anUnreachableServerKeepsRatingsUntilItAnswers() throws {
        let down = try ScriptedServer()
        let url = down.url
        down.close()
        let outboxURL = folder.appendingPathComponent("outbox.sqlite")
        var backend = try remote(url, outbox: try Outbox(url: outboxURL))
        let ratings = [rating("satisfied"), rating("dissatisfied")]
        for (id, body) in ratings { backend.submit(id: id, body: body) }
        #expect(waitUntil { backend.status.offline })
        #expect(backend.status.waitingRatings == 2)
        backend.stop()

        // The kiosk starts again, and the server is back.
        let server = try ScriptedServer()
        defer { server.close() }
        backend = try remote(server.url, outbox: try Outbox(url: outboxURL))
        defer { backend.stop() }
        #expect(waitUntil { server.requests.count == 2 })
        #expect(server.requests.compactMap(id(of:)) == ratings.map { $0.0.uuidString.lowercased() })
        #expect(waitUntil { backend.status.waitingRatings == 0 })
    }

    @Test func anUnknownTokenKeepsRatingsUntilTheServerAcceptsIt() throws {
        let refused = #"{"error":{"message":"this device is not paired"}}"#
        let server = try ScriptedServer(script: [(401, refused), (401, refused)])
        defer { server.close() }
        let outbox = try Outbox(url: folder.appendingPathComponent("outbox.sqlite"))
        let backend = try remote(server.url, outbox: outbox)
        defer { backend.stop() }
        let (id, body) = rating()
        backend.submit(id: id, body: body)
        #expect(try waitUntil { try outbox.count() == 0 })
        #expect(server.requests.compactMap(id(of:)) == Array(repeating: id.uuidString.lowercased(), count: 3))
        #expect(try outbox.rejected().isEmpty)
        #expect(try String(contentsOf: logURL, encoding: .utf8).contains("does not accept this kiosk's token"))
    }

    @Test func aKioskClockAheadIsSentAgainWithoutItsTime() throws {
        let server = try ScriptedServer(script: [(400, #"{"error":{"message":"in the future","field":"createdAt"}}"#)])
        defer { server.close() }
        let outbox = try Outbox(url: folder.appendingPathComponent("outbox.sqlite"))
        let backend = try remote(server.url, outbox: outbox)
        defer { backend.stop() }
        let (id, body) = rating()
        backend.submit(id: id, body: body)
        #expect(try waitUntil { try outbox.count() == 0 && server.requests.count == 2 })
        #expect(JSONText.decode(server.requests[0].body)?["createdAt"] != nil)
        #expect(JSONText.decode(server.requests[1].body)?["createdAt"] == nil)
        #expect(try outbox.rejected().isEmpty)
    }

    @Test func aRatingTheContentRefusesIsNeitherKeptNorSent() throws {
        let server = try ScriptedServer()
        defer { server.close() }
        let outbox = try Outbox(url: folder.appendingPathComponent("outbox.sqlite"))
        let backend = try remote(server.url, outbox: outbox)
        defer { backend.stop() }
        let id = UUID()
        backend.submit(
            id: id, body: .object(["id": .string(id.uuidString), "survey": .string("quick"), "answers": .object(["overall": .string("meh")])]))
        #expect(try outbox.count() == 0)
        #expect(try String(contentsOf: logURL, encoding: .utf8).contains("rating refused by the content's rules"))
    }

    @Test func aCallIsSentThenFollowedUntilTaken() throws {
        let server = try ScriptedServer(script: [(201, #"{"status":"waiting"}"#), (200, #"{"status":"waiting"}"#), (200, #"{"status":"taken"}"#)])
        defer { server.close() }
        let backend = try remote(server.url, outbox: try Outbox(url: folder.appendingPathComponent("outbox.sqlite")))
        defer { backend.stop() }
        let id = UUID()
        backend.placeCall(id: id, topic: "vneid")
        #expect(waitUntil { backend.callStatus(id: id) == .taken })
        let requests = server.requests
        #expect(requests[0].method == "POST" && requests[0].path == "/api/v1/calls")
        #expect(
            JSONText.decode(requests[0].body)
                == .object(["id": .string(id.uuidString.lowercased()), "kiosk": .string("kiosk-2"), "topic": .string("vneid")]))
        #expect(requests[1].method == "GET" && requests[1].path == "/api/v1/calls/\(id.uuidString.lowercased())")
    }

    @Test func theLocalStoreKeepsOneRatingPerIdAndRecordsCalls() throws {
        let database = try AppDatabase.open(directory: folder)
        let backend = LocalBackend(database: database, content: Sample.content, kioskID: "kiosk-2", logger: try logger())
        let (id, body) = rating("dissatisfied")
        backend.submit(id: id, body: body)
        backend.submit(id: id, body: body)
        #expect(try database.ratingCount() == 1)
        let stored = try #require(try database.rating(id: id))
        #expect(stored.channel == .terminal && stored.counter == "Q03" && !stored.satisfied)

        let call = UUID()
        backend.placeCall(id: call, topic: nil)
        #expect(backend.callStatus(id: call) == .waiting)
        _ = try database.takeCall(id: call, by: "canbo", now: Date())
        Thread.sleep(forTimeInterval: 1.1)
        #expect(backend.callStatus(id: call) == .taken)
    }

    /// The one time rule of the API holds here too; a time it refuses (this box's clock is wrong) is
    /// dropped and the rating kept with the time it is stored at, never lost and never stored as year 0.
    @Test func theLocalStoreAppliesTheTimeRuleAndKeepsTheRating() throws {
        let database = try AppDatabase.open(directory: folder)
        let backend = LocalBackend(database: database, content: Sample.content, kioskID: "kiosk-2", logger: try logger())
        for time in ["0000-06-01T00:00:00Z", "2026-02-30T09:00:00+07:00", "2000-01-01T00:00:00+07:00"] {
            var (id, body) = rating()
            if case .object(var object) = body {
                object["createdAt"] = .string(time)
                body = .object(object)
            }
            let before = Date()
            backend.submit(id: id, body: body)
            let stored = try #require(try database.rating(id: id), "\(time)")
            #expect(stored.createdAt >= before.addingTimeInterval(-1), "\(time)")
        }
        #expect(try String(contentsOf: logURL, encoding: .utf8).contains("rating time refused, kept without it"))
    }
}
