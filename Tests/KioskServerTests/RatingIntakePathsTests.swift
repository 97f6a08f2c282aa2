import Foundation
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskServer
import KioskStore
import KioskTerminal
import Logging
import Synchronization
import TestSupport
import Testing

/// The API, the terminal's own store and `kiosk import` take a rating through the one ``RatingIntake``: the
/// same bodies, sent each way into a store of its own, are stored as the same rows with the same rollups;
/// only the server attributes the rating to the kiosk that sent it.
@Suite struct RatingIntakePathsTests {
    static let content = try! ContentLoader.load(from: TestServer.content)

    /// `count` rating bodies of the quick survey with every optional field now given, now left out.
    static func bodies(count: Int, seed: UInt64) -> [(id: UUID, body: String)] {
        var random = SeededGenerator(seed: seed)
        let centre = content.centre
        let survey = content.surveys["quick"]!
        let reasons = survey.question("reasons")!.choices.map(\.id)
        let comments = ["Cán bộ nhiệt tình", "Gọi tôi 0912 345 678", "chờ lâu\tquá", "Rất tốt 👍", "  khoảng trắng  "]
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = centre.timeZone
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return (0..<count).map { index in
            let id = UUID(uuid: (UInt8(index >> 8), UInt8(index & 0xFF), 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, UInt8(seed & 0xFF)))
            let main = survey.mainQuestion!.choices.randomElement(using: &random)!.id
            var answers: [String: Any] = ["overall": main]
            if main == "dissatisfied", Bool.random(using: &random) {
                answers["reasons"] = Array(reasons.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
            }
            var object: [String: Any] = [
                "id": id.uuidString.lowercased(), "survey": "quick", "answers": answers,
                "channel": ["touch", "terminal", "web", "paper"].randomElement(using: &random)!,
            ]
            if Bool.random(using: &random) { object["counter"] = centre.counters.randomElement(using: &random)!.id }
            if Bool.random(using: &random) { object["field"] = centre.fields.randomElement(using: &random)!.id }
            if Bool.random(using: &random) { object["officer"] = centre.officers.randomElement(using: &random)!.id }
            if Bool.random(using: &random) { object["comment"] = comments.randomElement(using: &random)! }
            if Bool.random(using: &random) { object["dossierCode"] = String(format: "H26.05-261120-%04d", index) }
            // Between a month and a day before the server's clock, at any minute of the day in the centre.
            let created = TestServer.now.addingTimeInterval(-Double(Int.random(in: 86_400...30 * 86_400, using: &random)))
            object["createdAt"] = format.string(from: created)
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return (id, String(decoding: data, as: UTF8.self))
        }
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
    }

    /// What a store keeps of the ratings `ids` and their rollups, told apart only by what may differ: the
    /// receipt time, and the kiosk the server attributes (with the fingerprint, which covers the kiosk).
    struct Kept: Equatable {
        var ratings: [Rating]
        var tallies: [[String?: Tally]]
    }

    static func stored(_ database: AppDatabase, _ ids: [UUID], attributed: Bool = false) throws -> Kept {
        let ratings = try ids.map { id -> Rating in
            var rating = try #require(try database.rating(id: id))
            rating.receivedAt = .distantPast
            rating.kiosk = nil
            if attributed { rating.fingerprint = "" }
            return rating
        }
        let filter = TallyFilter(from: LocalDate("2026-10-01"), to: LocalDate("2026-11-30"))
        let groupings = [nil] + Grouping.allCases.filter { $0 != .kiosk }.map(Optional.some)
        return Kept(ratings: ratings, tallies: try groupings.map { try database.tallies(filter, by: $0) })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func theAPITheTerminalAndAnImportStoreTheSameRows(seed: UInt64) async throws {
        let bodies = Self.bodies(count: 40, seed: seed)
        let ids = bodies.map(\.id)

        // The API, as the paired hall kiosk; its clock moves on so that no rating is taken for a burst.
        let configuration = TestServer.configuration(data: Self.folder())
        let api = try AppDatabase.open(directory: configuration.dataDirectory)
        let token = try api.addKiosk(id: "kiosk-1", counter: nil, actor: "test").token
        let tick = Mutex(0)
        let app = try await buildApplication(configuration) {
            let ticks = tick.withLock { count in
                count += 1
                return count
            }
            return TestServer.now.addingTimeInterval(Double(ticks) * 600)
        }
        try await app.test(.live) { client in
            for (_, body) in bodies {
                let response = try await client.execute(
                    uri: "/api/v1/ratings", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: .init(string: body))
                #expect(response.status == .created, "\(response.text)")
            }
        }

        // The terminal writing to the centre's store on its own machine.
        let terminal = try AppDatabase.open(directory: Self.folder())
        let backend = LocalBackend(database: terminal, content: Self.content, kioskID: nil, logger: Logger(label: "test"))
        for (id, body) in bodies { backend.submit(id: id, body: try StrictJSON.parse(Array(body.utf8))) }

        // `kiosk import` of the same bodies as NDJSON.
        let imported = try AppDatabase.open(directory: Self.folder())
        let file = Self.folder().appendingPathExtension("ndjson")
        try bodies.map(\.body).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try RatingImporter(content: Self.content, now: TestServer.now).importFile(file, into: imported) == bodies.count)

        let expected = try Self.stored(imported, ids)
        #expect(try Self.stored(terminal, ids) == expected)
        #expect(try Self.stored(api, ids, attributed: true) == Self.stored(imported, ids, attributed: true))
        #expect(try api.tallies(TallyFilter(), by: .kiosk)["kiosk-1"]?.total == bodies.count)
        #expect(try ids.allSatisfy { try api.rating(id: $0)?.kiosk == "kiosk-1" })
        #expect(try ids.allSatisfy { try terminal.rating(id: $0)?.kiosk == nil && imported.rating(id: $0)?.kiosk == nil })
        #expect(try ids.allSatisfy { try api.rating(id: $0)?.excluded == nil })
    }
}
