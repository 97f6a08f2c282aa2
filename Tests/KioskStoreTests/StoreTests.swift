import Foundation
import GRDB
import KioskCore
import TestSupport
import Testing

@_spi(Testing) @testable import KioskStore

/// A fresh data folder in the temporary directory.
func temporaryDataFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-data-\(UUID().uuidString)", isDirectory: true)
}

let quick = SampleSurvey.quick
let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

func rating(
    _ choice: String, counter: String? = "Q01", at time: String = "2026-11-24T09:15:00+07:00", reasons: [String]? = nil,
    id: UUID = UUID()
) -> PreparedRating {
    var answers: [String: Answer] = ["overall": .one(choice)]
    if let reasons { answers["reasons"] = .many(reasons) }
    let submission = RatingSubmission(id: id, survey: "quick", answers: answers, counter: counter, channel: .touch, createdAt: RFC3339.parse(time))
    return PreparedRating(Rating(submission, survey: quick, receivedAt: RFC3339.parse(time)!), survey: quick, timeZone: hanoi)
}

@Suite struct StoreTests {
    @Test func writerIsDurableAndJournalIsWAL() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        #expect(try database.writerSynchronousLevel() == 2)  // FULL
        let mode = try database.rawAccessForTesting.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func sameIDSameContentIsStoredOnceAndDifferentContentConflicts() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let id = UUID()
        let first = rating("satisfied", id: id)
        guard case .created = try database.record([first])[0] else { Issue.record("not created"); return }
        guard case .alreadyStored(let stored) = try database.record([first])[0] else { Issue.record("retry not recognised"); return }
        #expect(stored.id == id)
        #expect(stored.mainChoice == "satisfied")
        guard case .conflict = try database.record([rating("dissatisfied", id: id)])[0] else { Issue.record("no conflict"); return }
        #expect(try database.ratingCount() == 1)
    }

    @Test func storedRatingReadsBackAsWritten() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let prepared = rating("dissatisfied", reasons: ["waited_too_long", "attitude"])
        _ = try database.record([prepared])
        let stored = try #require(try database.rating(id: prepared.rating.id))
        // The fingerprint is kept as its digest (it covers the comment, which retention removes).
        var expected = prepared.rating
        expected.fingerprint = RatingChain.fingerprintDigest(expected.fingerprint)
        #expect(stored == expected)
    }

    @Test func rollupsEqualARecountOfRawRatings() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        var batch: [PreparedRating] = []
        let choices = ["very_satisfied", "satisfied", "dissatisfied"]
        for index in 0..<300 {
            let day = 20 + index % 5
            batch.append(
                rating(
                    choices[index % 3 == 0 ? 2 : index % 2], counter: index % 4 == 0 ? nil : "Q0\(1 + index % 3)",
                    at: "2026-11-\(day)T0\(7 + index % 3):30:00+07:00", reasons: index % 3 == 0 ? ["attitude"] : nil))
        }
        #expect(try database.recordAll(batch) == 300)
        let byCounter = try database.tallies(TallyFilter(), by: .counter)
        let raw = try database.rawAccessForTesting.read { db in
            try Row.fetchAll(db, sql: "SELECT COALESCE(counter, '') AS counter, COUNT(*) AS n, SUM(satisfied) AS s FROM rating GROUP BY 1")
        }
        #expect(byCounter.count == raw.count)
        for row in raw {
            let tally = try #require(byCounter[row["counter"] as String])
            #expect(tally.valid == row["n"] as Int)
            #expect(tally.satisfied == row["s"] as Int)
        }
        let reasons = try database.tallies(TallyFilter(survey: "quick", question: "reasons"))
        #expect(reasons[nil]?.levels["attitude"] == 100)
        let oneDay = try database.tallies(TallyFilter(from: LocalDate("2026-11-22"), to: LocalDate("2026-11-22")))
        #expect(oneDay[nil]?.total == 60)
    }

    @Test func aConflictInABatchStoresNothing() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let id = UUID()
        _ = try database.record([rating("satisfied", id: id)])
        #expect(throws: StoredConflict.self) {
            try database.recordAll([rating("satisfied"), rating("very_satisfied", id: id), rating("satisfied")])
        }
        #expect(try database.ratingCount() == 1)
        #expect(try database.tallies(TallyFilter())[nil]?.total == 1)
    }

    @Test func groupCommitAnswersEveryCallerWithItsOwnOutcome() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let writer = RatingWriter(database: database)
        let duplicate = rating("satisfied")
        let outcomes = try await withThrowingTaskGroup(of: StoreOutcome.self) { group in
            for index in 0..<200 {
                group.addTask { try await writer.record(index % 50 == 0 ? duplicate : rating("very_satisfied")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = outcomes.filter { if case .created = $0 { true } else { false } }.count
        let repeated = outcomes.filter { if case .alreadyStored = $0 { true } else { false } }.count
        #expect(created == 197)
        #expect(repeated == 3)
        #expect(try database.ratingCount() == 197)
    }

    @Test func figuresReportHasTheAPIKeys() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let report = try await database.figures(TallyFilter(), reporting: ReportingSettings())
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        for key in ["from", "to", "target", "total", "valid", "excluded", "satisfied", "rate", "ci95", "neededToTarget", "levels"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["rate"] is NSNull)
    }

    /// A role this version does not know (a store changed by hand) is refused, never read as staff.
    @Test(arguments: ["superuser", "Head", "", "staff "])
    func anUnknownStoredRoleIsRefusedNotReadAsStaff(stored: String) async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addUser(name: "truong", role: .head, passwordHash: "x")
        let token = try database.startSession(for: "truong", now: Date())
        try await database.executeForTesting("UPDATE user SET role = ? WHERE name = 'truong'", arguments: [stored])
        #expect(throws: StoreError.self) { try database.sessionUser(token: token, idleLimit: 600, now: Date()) }
        #expect(throws: StoreError.self) { try database.users() }
    }

    @Test func sessionsExpireWhenIdleAndEndOnLogout() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addUser(name: "truong", role: .head, passwordHash: "x")
        #expect(throws: UserError.alreadyExists("truong")) { try database.addUser(name: "truong", role: .staff, passwordHash: "y") }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try database.startSession(for: "truong", now: start)
        #expect(try database.sessionUser(token: token, idleLimit: 600, now: start.addingTimeInterval(300))?.role == .head)
        #expect(try database.sessionUser(token: token, idleLimit: 600, now: start.addingTimeInterval(1200)) == nil)
        let second = try database.startSession(for: "truong", now: start)
        try database.endSession(token: second)
        #expect(try database.sessionUser(token: second, idleLimit: 600, now: start) == nil)
    }
}
