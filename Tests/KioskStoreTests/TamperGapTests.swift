import Foundation
import GRDB
import KioskCore
import TestSupport
import Testing

@_spi(Testing) @testable import KioskStore

/// What `kiosk verify` catches beyond a broken rating chain: the audit log's own chain, rewritten comments,
/// guard triggers replaced by ones that do nothing, and appended ratings with a recomputed hash (the MAC).
@Suite struct TamperGapTests {
    @Test func aDeletedAuditEntryIsFoundInTheMiddleAndAtTheEnd() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        for index in 0..<5 {
            try database.audit(AuditEvent(action: "export.report", actor: "truong", detail: "2026-Q\(index % 4 + 1) pdf", at: Date()))
        }
        #expect(try database.verify(timeZone: hanoi).problems == [])
        #expect(try database.verify(timeZone: hanoi).auditEntries == 5)
        try tamper(folder, "DELETE FROM audit_log WHERE seq = 3")
        let problems = try database.verify(timeZone: hanoi).problems
        #expect(problems.contains("audit log seq 4 (export.report): prev_hash does not match audit log seq 2; seq 3 of the audit log is missing"))
        try tamper(folder, "DELETE FROM audit_log WHERE seq = 5")
        let other = temporaryDataFolder()
        let second = try AppDatabase.open(directory: other)
        for _ in 0..<3 { try second.audit(AuditEvent(action: "login", actor: "truong", at: Date())) }
        try tamper(other, "DELETE FROM audit_log WHERE seq = 3")
        #expect(
            try second.verify(timeZone: hanoi).problems.contains(
                "audit log seq 3 is missing: entries up to seq 3 were written, the last one left is seq 2"))
        // An entry rewritten in place no longer matches its hash.
        try tamper(other, "UPDATE audit_log SET actor = 'ai-do' WHERE seq = 1")
        #expect(try second.verify(timeZone: hanoi).problems.contains("audit log seq 1 (login): hash does not match its content"))
    }

    @Test func aRewrittenCommentIsCaughtWhereverItIs() throws {
        var random = SeededGenerator(seed: 11)
        let words = ["Chờ lâu", "quá", "Nhân viên", "nhiệt tình", "ồn ào", "x", "", " ", "😀", "tốt", "\t", "'"]
        for round in 0..<20 {
            let folder = temporaryDataFolder()
            let database = try AppDatabase.open(directory: folder)
            let count = Int.random(in: 2...12, using: &random)
            let ratings = (0..<count).map { index in
                kioskRating(
                    seconds: Double(index * 600),
                    comment: Bool.random(using: &random) ? (0..<3).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") : nil)
            }
            #expect(try database.recordAll(ratings) == count)
            #expect(try database.verify(timeZone: hanoi).problems == [])
            let seq = Int.random(in: 1...count, using: &random)
            let id = ratings[seq - 1].rating.id.uuidString.lowercased()
            let old = ratings[seq - 1].rating.comment
            let new = (old ?? "") + words.randomElement(using: &random)! + "!"
            try tamper(folder, "UPDATE rating SET comment = '\(new.replacingOccurrences(of: "'", with: "''"))' WHERE seq = \(seq)")
            let problems = try database.verify(timeZone: hanoi).problems
            #expect(
                problems.first
                    == "rating seq \(seq) (id \(id)): the comment is not the one stored with the rating (it was rewritten or added afterwards)",
                "round \(round): \(problems)")
        }
        // Retention removing a comment is no change the verification objects to.
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        _ = try database.recordAll([kioskRating(comment: "Chờ lâu quá")])
        try database.rawAccessForTesting.write { try $0.execute(sql: "UPDATE rating SET comment = NULL") }
        #expect(try database.verify(timeZone: hanoi).problems == [])
        // Rewriting the digest along with the comment breaks the hash instead.
        let id = try database.rawAccessForTesting.read { try String.fetchOne($0, sql: "SELECT id FROM rating")! }
        try tamper(folder, "UPDATE rating SET comment = 'Rất tốt', comment_digest = '\(RatingChain.commentDigest(id: id, comment: "Rất tốt"))'")
        #expect(try database.verify(timeZone: hanoi).problems.first == "rating seq 1 (id \(id)): hash does not match its content")
    }

    @Test func aGuardReplacedByOneThatDoesNothingIsCaught() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        _ = try database.recordAll([kioskRating()])
        for name in AppDatabase.appendOnlyTriggers {
            let table = name.hasPrefix("rating_void") ? "rating_void" : name.hasPrefix("rating") ? "rating" : "audit_log"
            let event = name.hasSuffix("update") ? "UPDATE" : "DELETE"
            let stored = try database.rawAccessForTesting.read {
                try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name])!
            }
            // Same name, same message, and a condition that is never true.
            try tamper(
                folder, dropTriggers: false,
                """
                DROP TRIGGER \(name);
                CREATE TRIGGER \(name) BEFORE \(event) ON \(table) WHEN 0 BEGIN SELECT RAISE(ABORT, 'append-only'); END;
                """)
            let problems = try database.verify(timeZone: hanoi).problems
            #expect(problems.count == 1 && problems[0].hasPrefix("trigger \(name) is not the append-only guard the store made"), "\(problems)")
            // The guard put back with other spacing is the same guard.
            let respaced = stored.replacingOccurrences(of: "\n", with: "\n\t  ").replacingOccurrences(of: " BEGIN", with: "\n\nBEGIN")
            try tamper(folder, dropTriggers: false, "DROP TRIGGER \(name); \(respaced);")
            #expect(try database.verify(timeZone: hanoi).problems == [], "\(name)")
        }
    }

    @Test func anAppendedRatingWithARecomputedHashIsCaughtByItsMAC() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        #expect(try database.recordAll((0..<3).map { kioskRating(seconds: Double($0 * 600)) }) == 3)
        let key = try #require(database.chainKey)
        // The attacker's row: a copy of rating 3 with a new id, its hash recomputed, its rollups added too,
        // so that the chain and the recount agree.
        let invented = kioskRating("very_satisfied", seconds: 3000)
        let outside = try DatabaseQueue(path: database.file.path)
        _ = try outside.write { db in try AppDatabase.record([invented], key: nil, in: db) }
        try outside.close()
        #expect(try database.verify(timeZone: hanoi).problems.first?.hasPrefix("rating seq 4 (id ") == true)
        #expect(
            try database.verify(timeZone: hanoi).problems.first?.hasSuffix("carries no MAC, so it was not written by the centre's server") == true)

        // A made-up MAC does not help without the key.
        try tamper(folder, "UPDATE rating SET mac = '\(String(repeating: "ab", count: 32))' WHERE seq = 4")
        #expect(
            try database.verify(timeZone: hanoi).problems.first?.hasSuffix(
                "its MAC does not match chain.key (a row not written by the centre's server)")
                == true)
        // With the key (root on the box) the row passes: the MAC is as strong as the key file's permissions.
        let hash = try database.rawAccessForTesting.read { try String.fetchOne($0, sql: "SELECT hash FROM rating WHERE seq = 4")! }
        try tamper(folder, "UPDATE rating SET mac = '\(key.mac(ofHash: hash))' WHERE seq = 4")
        #expect(try database.verify(timeZone: hanoi).problems.filter { !$0.hasPrefix("trigger ") } == [])

        // Without the key file, verify says it could not check the MACs.
        try FileManager.default.removeItem(at: ChainKey.file(in: folder))
        let keyless = try AppDatabase.open(directory: folder)
        #expect(keyless.chainKey == nil)
        #expect(try keyless.verify(timeZone: hanoi).warnings == [AppDatabase.missingKeyWarning])
    }

    @Test func theKeyIsMadeOnceOwnerOnlyAndNeverReplaced() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        let file = ChainKey.file(in: folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(try AppDatabase.open(directory: folder).chainKey?.mac(ofHash: "x") == database.chainKey?.mac(ofHash: "x"))
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        // Removed after the upgrade, it is not silently made again.
        try FileManager.default.removeItem(at: file)
        #expect(try AppDatabase.open(directory: folder).chainKey == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(throws: ChainKeyError.self) {
            try Data("not a key".utf8).write(to: file)
            _ = try AppDatabase.open(directory: folder)
        }
    }

    @Test func theUpgradeChainsTheAuditLogAndSignsTheRatingsAlreadyStored() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(AppDatabase.fileName).path
        do {
            let pool = try DatabasePool(path: path)
            let before = AppDatabase(writer: pool)
            let identifiers = before.migrator.migrations
            let v13 = try #require(identifiers.firstIndex(of: AppDatabase.auditChainMigration))
            try before.migrator.migrate(pool, upTo: identifiers[v13 - 1])
            try pool.write { db in
                // Ratings as the store wrote them before v13: hash version 1, no digest, no MAC.
                var previous = RatingChain.genesis
                for prepared in (0..<4).map({ kioskRating(seconds: Double($0 * 600), comment: $0 == 1 ? "Chờ lâu" : nil) }) {
                    var record = RatingRecord(prepared.rating, localDay: prepared.localDay)
                    record.commentDigest = nil
                    record.hash = RatingChain.hash(of: record, previous: previous)
                    try db.execute(
                        sql: """
                            INSERT INTO rating (id, survey, answers, main_choice, satisfied, counter, field, officer, dossier_code, channel,
                                kiosk, comment, created_at, received_at, local_day, excluded, fingerprint, prev_hash, hash)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            record.id, record.survey, record.answers, record.mainChoice, record.satisfied, record.counter, record.field,
                            record.officer, record.dossierCode, record.channel, record.kiosk, record.comment, record.createdAt,
                            record.receivedAt, record.localDay, record.excluded, record.fingerprint, previous, record.hash,
                        ])
                    previous = record.hash
                    for key in prepared.rollups {
                        for (dimension, value) in RollupDimension.keys(of: key) {
                            try db.execute(
                                sql: """
                                    INSERT INTO rollup_day (dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 1)
                                    ON CONFLICT (dimension, day, key, survey, question, choice, excluded) DO UPDATE SET count = count + 1
                                    """,
                                arguments: [
                                    dimension.rawValue, key.day.description, value, key.survey, key.question, key.isMain, key.choice,
                                    key.satisfied.map { $0 ? 1 : 0 } ?? -1,
                                ])
                        }
                    }
                }
                for (index, action) in ["login", "user.add", "export.report"].enumerated() {
                    try db.execute(
                        sql: "INSERT INTO audit_log (at, action, actor, address, detail) VALUES (?, ?, ?, ?, ?)",
                        arguments: ["2026-11-2\(index)T01:00:00.000Z", action, index == 1 ? nil : "truong", "10.0.0.\(index)", "chi tiết \(index)"])
                }
            }
        }
        let database = try AppDatabase.open(directory: folder)
        let report = try database.verify(timeZone: hanoi)
        #expect(report.problems == [])
        #expect(report.ratings == 4 && report.auditEntries == 4)  // the three, and the signing itself
        let macs = try database.rawAccessForTesting.read { try String?.fetchAll($0, sql: "SELECT mac FROM rating") }
        #expect(macs.count == 4 && macs.allSatisfy { $0 != nil })
        #expect(try database.auditLog(limit: 1).first?.action == "chain.sign")
        // The ratings of before keep their version 1 hash; new ones are version 2 and chain on.
        #expect(try database.recordAll([kioskRating(seconds: 9000, comment: "Nhanh")]) == 1)
        #expect(try database.verify(timeZone: hanoi).problems == [])
        // The guard of ratings now covers the MAC and the digest.
        #expect(throws: DatabaseError.self) {
            try database.rawAccessForTesting.write { try $0.execute(sql: "UPDATE rating SET mac = 'x' WHERE seq = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try database.rawAccessForTesting.write { try $0.execute(sql: "UPDATE rating SET comment_digest = '' WHERE seq = 5") }
        }
    }
}
