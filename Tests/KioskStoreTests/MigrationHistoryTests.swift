import Foundation
import GRDB
import KioskCore
import Testing

@testable import KioskStore

/// Migrations are history: what one did to a store must never change with the app's code. A store as it
/// stood before v11 migrates to the fingerprints and chain hashes written down here, and to what the chain's
/// version 1 encoding of today's code computes.
@Suite struct MigrationHistoryTests {
    /// Ratings as a store before v11 held them: fingerprints in clear (one already a digest, one empty), NULLs,
    /// Vietnamese text, `satisfied` as 0 and 1.
    /// (`satisfied` is given as text; the column's INTEGER affinity stores it as the number.)
    static let rows: [[String?]] = [
        [
            "00000000-0000-4000-8000-000000000001", "quick", #"{"overall":"satisfied"}"#, "satisfied", "1", "Q01", nil, nil, nil,
            "touch", "kiosk-1", "Tốt lắm", "2026-01-05T02:00:00.000Z", "2026-01-05T02:00:01.000Z", "2026-01-05", nil,
            "quick|overall=satisfied|Nhân viên ở quầy 3 rất chậm",
        ],
        [
            "00000000-0000-4000-8000-000000000002", "quick", #"{"overall":"dissatisfied","reasons":["attitude"]}"#, "dissatisfied", "0",
            nil, "ho-tich", "cb-01", "H26.05-260105-0001", "paper", nil, nil, "2026-01-05T03:00:00.000Z",
            "2026-01-05T03:00:00.000Z", "2026-01-05", "misuse", String(repeating: "ab", count: 32),
        ],
        [
            "00000000-0000-4000-8000-000000000003", "detailed", "{}", "very_satisfied", "1", "Q02", nil, nil, nil, "terminal",
            "kiosk-2", nil, "2026-01-06T09:30:00.000Z", "2026-01-06T09:30:00.000Z", "2026-01-06", nil, "",
        ],
    ]

    /// The fingerprints and hashes v11 wrote for ``rows`` (SHA-256 over the encoding of ``RatingChain``, version 1).
    /// (Computed apart from this code base, with Python's hashlib.)
    static let migrated: [(fingerprint: String, hash: String)] = [
        ("a802ea5934f56f3403737f89dcb6d0753664dc0c8b383bc0a09ededa915eaf5b", "a0a90b6f0e37ecf05582b68c11609fe86a2c8e61b0d58b45b53ae6a65ec280a3"),
        ("abababababababababababababababababababababababababababababababab", "47408c53c46e6714c16ed7288fb62f78c98cbb68c0ccd2fee9c73a63ff65f47d"),
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "c153be98dfb7c824a76ff1c0fa2846ff50452237585f94d75f8e69d93d0e1a32"),
    ]

    @Test func aStoreFromBeforeV11MigratesToTheSameChainAsItAlwaysDid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("v11-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
        let store = AppDatabase(writer: pool)
        let identifiers = store.migrator.migrations
        let v11 = try #require(identifiers.firstIndex(of: "v11: rating hash chain and voids"))
        try store.migrator.migrate(pool, upTo: identifiers[v11 - 1])
        try pool.write { db in
            for row in Self.rows {
                try db.execute(
                    sql: """
                        INSERT INTO rating (id, survey, answers, main_choice, satisfied, counter, field, officer, dossier_code, channel, kiosk,
                            comment, created_at, received_at, local_day, excluded, fingerprint)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: StatementArguments(row))
            }
        }
        try store.migrator.migrate(pool, upTo: identifiers[v11])
        let stored = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT fingerprint, prev_hash, hash FROM rating ORDER BY seq").map {
                (fingerprint: $0["fingerprint"] as String, previous: $0["prev_hash"] as String, hash: $0["hash"] as String)
            }
        }
        #expect(stored.map(\.fingerprint) == Self.migrated.map(\.fingerprint))
        #expect(stored.map(\.hash) == Self.migrated.map(\.hash))
        #expect(stored.map(\.previous) == [RatingChain.genesis] + Self.migrated.dropLast().map(\.hash))

        // Today's encoding of version 1 agrees.
        var previous = RatingChain.genesis
        for (row, migrated) in zip(Self.rows, Self.migrated) {
            let fingerprint = RatingChain.fingerprintDigest(row[16]!)
            let values = Array(row.prefix(11)) + Array(row[12..<16]) + [fingerprint]
            previous = RatingChain.hash(previous: previous, values: values)
            #expect(fingerprint == migrated.fingerprint)
            #expect(previous == migrated.hash)
        }
        try pool.close()
    }
}
