import Foundation
import GRDB
import KioskCore
import TestSupport
import Testing

@_spi(Testing) @testable import KioskStore

/// A rating from a kiosk's screen, `seconds` after 2026-11-24 09:00 in Hải Phòng.
func kioskRating(
    _ choice: String = "satisfied", kiosk: String? = "kiosk-1", channel: Channel = .touch, counter: String? = "Q01", seconds: Double = 0,
    comment: String? = nil, day: String = "2026-11-24"
) -> PreparedRating {
    let created = RFC3339.parse("\(day)T09:00:00+07:00")!.addingTimeInterval(seconds)
    var answers: [String: Answer] = ["overall": .one(choice)]
    if choice == "dissatisfied" { answers["reasons"] = .many(["attitude"]) }
    let submission = RatingSubmission(
        id: UUID(), survey: "quick", answers: answers, counter: counter, channel: channel, kiosk: kiosk, comment: comment, createdAt: created)
    return PreparedRating(Rating(submission, survey: quick, receivedAt: created.addingTimeInterval(1)), survey: quick, timeZone: hanoi)
}

/// Runs SQL on the file directly, as someone with a shell on the box would (with the guards dropped first
/// when `dropTriggers` is set).
func tamper(_ folder: URL, dropTriggers: Bool = true, _ sql: String) throws {
    let queue = try DatabaseQueue(path: folder.appendingPathComponent(AppDatabase.fileName).path)
    try queue.writeWithoutTransaction { db in
        if dropTriggers {
            for name in AppDatabase.appendOnlyTriggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
        }
        try db.execute(sql: sql)
    }
}

@Suite struct HashChainTests {
    @Test func concurrentSubmissionsThroughGroupCommitFormOneChain() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let writer = RatingWriter(database: database, maximumBatch: 16)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    _ = try await writer.record(
                        kioskRating(index % 7 == 0 ? "dissatisfied" : "satisfied", kiosk: "kiosk-\(index % 5)", seconds: Double(index * 30)))
                }
            }
            try await group.waitForAll()
        }
        let report = try database.verify(timeZone: hanoi)
        #expect(report.problems == [])
        #expect(report.ratings == 300)
        let links = try await database.rawAccessForTesting.read { db in
            try Row.fetchAll(db, sql: "SELECT prev_hash, hash FROM rating ORDER BY seq").map { ($0["prev_hash"] as String, $0["hash"] as String) }
        }
        #expect(links.first?.0 == RatingChain.genesis)
        for (before, after) in zip(links, links.dropFirst()) { #expect(after.0 == before.1) }
        #expect(report.headHash == links.last?.1)
    }

    @Test func triggersRefuseChangesAndDeletionsWithAClearMessage() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        _ = try database.record([kioskRating("dissatisfied", comment: "Chờ lâu quá")])
        func refusal(_ sql: String) -> String? {
            do {
                try database.rawAccessForTesting.write { try $0.execute(sql: sql) }
                return nil
            } catch let error as DatabaseError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("UPDATE rating SET main_choice = 'satisfied', satisfied = 1")?.contains("ratings are append-only") == true)
        #expect(refusal("UPDATE rating SET comment = 'Rất tốt'")?.contains("only a comment may be removed") == true)
        #expect(refusal("UPDATE rating SET excluded = 'misuse'") != nil)
        #expect(refusal("DELETE FROM rating")?.contains("a rating is never deleted") == true)
        try database.audit(AuditEvent(action: "export.report", actor: "truong", detail: "2026-Q4 pdf", at: Date()))
        #expect(refusal("DELETE FROM audit_log")?.contains("audit log is append-only") == true)
        #expect(refusal("UPDATE audit_log SET actor = 'ai-do'")?.contains("audit log is append-only") == true)
        #expect(refusal("UPDATE rating_void SET reason = 'x'") == nil)  // no void yet: nothing to refuse
        #expect(try database.ratingCount() == 1)
        // Removing the comment is the one change allowed, and the chain does not cover it.
        #expect(refusal("UPDATE rating SET comment = NULL") == nil)
        #expect(try database.verify(timeZone: hanoi).problems == [])
    }

    @Test func anEditedRatingIsNamedByItsSeqAndID() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        let ratings = (0..<6).map { kioskRating($0 == 3 ? "dissatisfied" : "satisfied", seconds: Double($0 * 600)) }
        #expect(try database.recordAll(ratings) == 6)
        let id = ratings[3].rating.id.uuidString.lowercased()
        try tamper(folder, "UPDATE rating SET main_choice = 'satisfied', satisfied = 1 WHERE seq = 4")
        let report = try database.verify(timeZone: hanoi)
        #expect(report.problems.first == "rating seq 4 (id \(id)): hash does not match its content")
        #expect(report.problems.contains("trigger rating_no_update is missing: the append-only guard was removed"))
    }

    @Test func anEditWhoseHashWasRecomputedBreaksTheNextLink() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        #expect(try database.recordAll((0..<4).map { kioskRating(seconds: Double($0 * 600)) }) == 4)
        try tamper(folder, "UPDATE rating SET hash = '\(String(repeating: "a", count: 64))' WHERE seq = 2")
        let third = try database.rawAccessForTesting.read { try String.fetchOne($0, sql: "SELECT id FROM rating WHERE seq = 3")! }
        let problems = try database.verify(timeZone: hanoi).problems
        // Seq 2 itself no longer matches its content; had the attacker made its hash right, seq 3 would still point elsewhere.
        #expect(problems.first?.hasPrefix("rating seq 2 (id ") == true)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent(AppDatabase.fileName).path)
        let values: [String?] = try queue.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT \(RatingChain.ratingColumns.joined(separator: ", ")), comment_digest FROM rating WHERE seq = 2")!
            // Version 2 of the encoding: the comment's digest last.
            return (0...RatingChain.ratingColumns.count).map { RatingChain.text(row[$0] as DatabaseValue) }
        }
        var edited = values
        edited[3] = "very_satisfied"
        let prev = try queue.read { try String.fetchOne($0, sql: "SELECT prev_hash FROM rating WHERE seq = 2")! }
        try tamper(
            folder, "UPDATE rating SET main_choice = 'very_satisfied', hash = '\(RatingChain.hash(previous: prev, values: edited))' WHERE seq = 2")
        #expect(try database.verify(timeZone: hanoi).problems.first == "rating seq 3 (id \(third)): prev_hash does not match rating seq 2")
    }

    @Test func aDeletedRatingIsFoundInTheMiddleAndAtTheEnd() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        #expect(try database.recordAll((0..<6).map { kioskRating(seconds: Double($0 * 600)) }) == 6)
        let fourth = try database.rawAccessForTesting.read { try String.fetchOne($0, sql: "SELECT id FROM rating WHERE seq = 4")! }
        try tamper(folder, "DELETE FROM rating WHERE seq = 3")
        let problems = try database.verify(timeZone: hanoi).problems
        #expect(problems.first == "rating seq 4 (id \(fourth)): prev_hash does not match rating seq 2; seq 3 of the ratings is missing")
        // The rollups still count the deleted rating.
        #expect(problems.contains { $0.hasPrefix("rollup all 2026-11-24 overall satisfied: stored 6, recomputed 5") })

        let other = temporaryDataFolder()
        let second = try AppDatabase.open(directory: other)
        #expect(try second.recordAll((0..<3).map { kioskRating(seconds: Double($0 * 600)) }) == 3)
        try tamper(other, "DELETE FROM rating WHERE seq = 3")
        #expect(
            try second.verify(timeZone: hanoi).problems.first
                == "rating seq 3 is missing: ratings up to seq 3 were stored, the last one left is seq 2")
    }

    @Test func editedRollupsAreNamedByDimensionDayQuestionAndChoice() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        _ = try database.recordAll((0..<5).map { kioskRating($0 == 0 ? "dissatisfied" : "satisfied", counter: "Q03", seconds: Double($0 * 60)) })
        try tamper(
            folder, dropTriggers: false,
            "UPDATE rollup_day SET count = count + 1 WHERE dimension = 'counter' AND key = 'Q03' AND question = 'overall' AND choice = 'satisfied'")
        let problems = try database.verify(timeZone: hanoi).problems
        #expect(problems == ["rollup counter Q03 2026-11-24 overall satisfied: stored 5, recomputed 4"])

        // Marking the dissatisfied answers satisfied keeps every count but not the rate.
        let other = temporaryDataFolder()
        let second = try AppDatabase.open(directory: other)
        _ = try second.recordAll((0..<5).map { kioskRating($0 == 0 ? "dissatisfied" : "satisfied", counter: "Q03", seconds: Double($0 * 60)) })
        try tamper(other, dropTriggers: false, "UPDATE rollup_day SET satisfied = 1 WHERE choice = 'dissatisfied'")
        let flipped = try second.verify(timeZone: hanoi).problems
        #expect(flipped.first == "rollup all 2026-11-24: main answers stored 5 (5 satisfied), recomputed 5 (4 satisfied)")
    }

    @Test func aRandomHistoryWithVoidsVerifies() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addUser(name: "truong", role: .head, passwordHash: "x")
        var random = SeededGenerator(seed: 7)
        var ids: [UUID] = []
        for index in 0..<400 {
            let channel = [Channel.touch, .terminal, .paper, .web].randomElement(using: &random)!
            let prepared = kioskRating(
                ["very_satisfied", "satisfied", "dissatisfied"].randomElement(using: &random)!,
                kiosk: Bool.random(using: &random) ? "kiosk-\(Int.random(in: 1...2, using: &random))" : nil, channel: channel,
                counter: Bool.random(using: &random) ? "Q0\(Int.random(in: 1...3, using: &random))" : nil,
                seconds: Double(index * 420 + Int.random(in: 0..<3600, using: &random)))
            _ = try database.record([prepared], misuse: MisuseSettings(burstCount: 2, burstSeconds: 1800))
            ids.append(prepared.rating.id)
        }
        for id in ids.shuffled(using: &random).prefix(25) {
            try database.void(rating: id, reason: "Cán bộ bấm thử máy", by: "truong", at: Date(), timeZone: hanoi)
        }
        let report = try database.verify(timeZone: hanoi)
        #expect(report.problems == [])
        #expect(report.voids == 25)
        let excluded = try database.tallies(TallyFilter())[nil]?.excluded ?? [:]
        #expect(excluded["voided"] == 25)
        #expect((excluded["misuse"] ?? 0) > 0)
    }

    @Test func migrationChainsTheRatingsAlreadyStoredAndHidesTheirComments() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(AppDatabase.fileName).path
        let old = kioskRating("dissatisfied", comment: "Nhân viên ở quầy 3 rất chậm")
        do {
            // The schema as it stood before v11.
            let pool = try DatabasePool(path: path)
            let before = AppDatabase(writer: pool)
            let identifiers = before.migrator.migrations
            let v11 = try #require(identifiers.firstIndex(of: "v11: rating hash chain and voids"))
            try before.migrator.migrate(pool, upTo: identifiers[v11 - 1])
            // A rating written the way the store wrote them before v11: the fingerprint in clear.
            try pool.write { db in
                let record = RatingRecord(old.rating, localDay: old.localDay)
                try db.execute(
                    sql: """
                        INSERT INTO rating (id, survey, answers, main_choice, satisfied, counter, field, officer, dossier_code, channel, kiosk,
                            comment, created_at, received_at, local_day, excluded, fingerprint)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.id, record.survey, record.answers, record.mainChoice, record.satisfied, record.counter, record.field,
                        record.officer, record.dossierCode, record.channel, record.kiosk, record.comment, record.createdAt,
                        record.receivedAt, record.localDay, record.excluded, old.rating.fingerprint,
                    ])
                for key in old.rollups {
                    for (dimension, value) in RollupDimension.keys(of: key) {
                        try db.execute(
                            sql: """
                                INSERT INTO rollup_day (dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 1)
                                """,
                            arguments: [
                                dimension.rawValue, key.day.description, value, key.survey, key.question, key.isMain, key.choice,
                                key.satisfied.map { $0 ? 1 : 0 } ?? -1,
                            ])
                    }
                }
            }
        }
        let database = try AppDatabase.open(directory: folder)
        #expect(try database.recordAll([kioskRating(seconds: 600)]) == 1)
        #expect(try database.verify(timeZone: hanoi).problems == [])
        let fingerprints = try database.rawAccessForTesting.read { try String.fetchAll($0, sql: "SELECT fingerprint FROM rating") }
        #expect(fingerprints.allSatisfy(RatingChain.isDigest))
        #expect(!fingerprints.contains { $0.contains("chậm") })
        // A retry of the old rating is still recognised.
        guard case .alreadyStored = try database.record([old])[0] else { Issue.record("retry of a migrated rating not recognised"); return }
    }
}
