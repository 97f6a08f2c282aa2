import Foundation
import GRDB
import KioskCore
import Testing

@_spi(Testing) @testable import KioskStore

/// Property: after any sequence of new ratings, retries, conflicting reuses of ids and batch imports
/// (some refused whole), every rollup row equals a recount of the raw ratings.
@Suite struct RollupPropertyTests {
    struct Key: Hashable {
        var dimension: String
        var day: String
        var key: String
        var question: String
        var choice: String
        var excluded: String
    }

    func randomRating(_ random: inout SeededGenerator, id: UUID = UUID()) -> PreparedRating {
        let choices = ["very_satisfied", "satisfied", "dissatisfied"]
        let choice = choices.randomElement(using: &random)!
        var answers: [String: Answer] = ["overall": .one(choice)]
        if choice == "dissatisfied", Bool.random(using: &random) {
            answers["reasons"] = .many(Array(["waited_too_long", "attitude"].shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))))
        }
        // Times spread over three months, either side of local midnight included.
        let instant = Date(timeIntervalSince1970: 1_790_000_000 + Double(Int.random(in: 0..<(90 * 86_400), using: &random)))
        let submission = RatingSubmission(
            id: id, survey: "quick", answers: answers,
            counter: Bool.random(using: &random) ? ["Q01", "Q02", "Q03"].randomElement(using: &random) : nil,
            field: Bool.random(using: &random) ? ["ho-tich", "dat-dai"].randomElement(using: &random) : nil,
            officer: Int.random(in: 0..<3, using: &random) == 0 ? "cb-01" : nil,
            channel: [Channel.touch, .terminal, .paper].randomElement(using: &random),
            kiosk: Bool.random(using: &random) ? ["kiosk-1", "kiosk-2"].randomElement(using: &random) : nil, createdAt: instant)
        var rating = Rating(submission, survey: quick, receivedAt: instant)
        if Int.random(in: 0..<10, using: &random) == 0 { rating.excluded = .misuse }
        return PreparedRating(rating, survey: quick, timeZone: hanoi)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func rollupsEqualARecountAfterARandomHistory(seed: UInt64) throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        var random = SeededGenerator(seed: seed)
        var stored: [PreparedRating] = []
        for _ in 0..<600 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                let rating = randomRating(&random)
                _ = try database.record([rating])
                stored.append(rating)
            case 6:
                if let earlier = stored.randomElement(using: &random) { _ = try database.record([earlier]) }  // a retry
            case 7:
                if let earlier = stored.randomElement(using: &random) {
                    _ = try database.record([randomRating(&random, id: earlier.rating.id)])  // a conflict (or, by chance, a retry)
                }
            default:
                var batch = (0..<Int.random(in: 2...12, using: &random)).map { _ in randomRating(&random) }
                let refused = Bool.random(using: &random) && !stored.isEmpty
                if refused { batch.insert(randomRating(&random, id: stored.randomElement(using: &random)!.rating.id), at: batch.count / 2) }
                do {
                    _ = try database.recordAll(batch)
                    stored += batch
                } catch is StoredConflict {
                    // The whole batch is refused; nothing of it may be counted.
                }
            }
        }

        // Recount from the raw ratings.
        var expected: [Key: Int] = [:]
        let raw = try database.rawAccessForTesting.read { try RatingRecord.fetchAll($0) }
        for record in raw {
            for entry in PreparedRating(record.rating, survey: quick, timeZone: hanoi).rollups {
                for (dimension, value) in RollupDimension.keys(of: entry) {
                    expected[
                        Key(
                            dimension: dimension.rawValue, day: entry.day.description, key: value, question: entry.question, choice: entry.choice,
                            excluded: entry.excluded?.rawValue ?? ""), default: 0] += 1
                }
            }
        }
        var actual: [Key: Int] = [:]
        for row in try database.rawAccessForTesting.read({ try Row.fetchAll($0, sql: "SELECT * FROM rollup_day") }) {
            actual[
                Key(
                    dimension: row["dimension"], day: row["day"], key: row["key"], question: row["question"], choice: row["choice"],
                    excluded: row["excluded"])] = row["count"]
        }
        #expect(raw.count > 300)
        #expect(actual == expected)
        #expect(try database.integrityCheck() == "ok")
    }
}
