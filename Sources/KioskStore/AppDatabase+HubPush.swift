import Foundation
import GRDB
import KioskCore

/// How far this store's ratings and voids have reached one hub.
public struct HubPushCursor: Sendable, Equatable {
    /// The `seq` of the last rating the hub answered for.
    public var ratingSeq: Int64
    /// The `seq` of the last void the hub answered for.
    public var voidSeq: Int64
    public var pushedAt: Date?

    /// Makes a cursor at the given `seq` values, pushed last at `pushedAt`.
    public init(ratingSeq: Int64, voidSeq: Int64, pushedAt: Date? = nil) {
        self.ratingSeq = ratingSeq
        self.voidSeq = voidSeq
        self.pushedAt = pushedAt
    }
}

/// A pushed item the hub refused, kept so that the IT officer can look into it.
public struct HubPushRefusal: Sendable, Equatable {
    public var kind: String
    public var id: String
    public var seq: Int64
    public var status: String
    public var message: String?

    /// Makes a refusal record of the item `id` of `kind` (`rating` or `void`) at `seq`, with the hub's status and sentence.
    public init(kind: String, id: String, seq: Int64, status: String, message: String?) {
        self.kind = kind
        self.id = id
        self.seq = seq
        self.status = status
        self.message = message
    }
}

extension AppDatabase {
    /// Where pushing to `hub` stands (zeros before the first push).
    public func hubPushCursor(hub: String) throws -> HubPushCursor {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM hub_push_cursor WHERE hub = ?", arguments: [hub]) else {
                return HubPushCursor(ratingSeq: 0, voidSeq: 0, pushedAt: nil)
            }
            return HubPushCursor(ratingSeq: row["rating_seq"], voidSeq: row["void_seq"], pushedAt: RFC3339.parse(row["pushed_at"] ?? ""))
        }
    }

    /// Moves the cursor of `hub` past the items it answered for, and keeps the refused ones, in one transaction.
    public func advanceHubPush(hub: String, to cursor: HubPushCursor, refusals: [HubPushRefusal], at now: Date) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO hub_push_cursor (hub, rating_seq, void_seq, pushed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (hub) DO UPDATE SET rating_seq = excluded.rating_seq, void_seq = excluded.void_seq, pushed_at = excluded.pushed_at
                    """,
                arguments: [hub, cursor.ratingSeq, cursor.voidSeq, RatingRecord.timestamp.format(now)])
            for refusal in refusals {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO hub_push_refusal (hub, kind, item_id, seq, status, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [hub, refusal.kind, refusal.id, refusal.seq, refusal.status, refusal.message, RatingRecord.timestamp.format(now)])
            }
        }
    }

    /// Sets the cursor of `hub` back to the start, so that everything is pushed again (the hub keeps each once).
    public func resetHubPush(hub: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM hub_push_cursor WHERE hub = ?", arguments: [hub]) }
    }

    /// The items `hub` refused, oldest first.
    public func hubPushRefusals(hub: String) throws -> [HubPushRefusal] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hub_push_refusal WHERE hub = ? ORDER BY at, seq", arguments: [hub]).map { row in
                HubPushRefusal(kind: row["kind"], id: row["item_id"], seq: row["seq"], status: row["status"], message: row["message"])
            }
        }
    }

    /// The items any hub refused at or after `date`, oldest first (for the dashboard's alert).
    public func hubPushRefusals(since date: Date) throws -> [HubPushRefusal] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM hub_push_refusal WHERE at >= ? ORDER BY at, seq", arguments: [RatingRecord.timestamp.format(date)]
            ).map { row in
                HubPushRefusal(kind: row["kind"], id: row["item_id"], seq: row["seq"], status: row["status"], message: row["message"])
            }
        }
    }

    /// The ratings stored after `seq`, in order, as a hub receives them.
    /// - Parameters:
    ///   - timeZone: the centre's time zone (the hour of each rating, as the rollups count it).
    ///   - limit: at most this many.
    public func ratingsForHub(after seq: Int64, limit: Int, timeZone: TimeZone) throws -> [HubRating] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM rating WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
            // Whether each chosen answer is a main question and satisfied, exactly as the rollups counted it.
            let days = rows.map { $0["local_day"] as String }
            guard let firstDay = days.min(), let lastDay = days.max() else { return [] }
            var flags: [String: (main: Bool, satisfied: Bool?)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT day, survey, question, choice, is_main, satisfied FROM rollup_day
                    WHERE dimension = 'all' AND day >= ? AND day <= ?
                    """,
                arguments: [firstDay, lastDay])
            {
                let satisfied: Int = row["satisfied"]
                flags[[row["day"], row["survey"], row["question"], row["choice"]].joined(separator: "\u{1F}")] =
                    ((row["is_main"] as Int) == 1, satisfied < 0 ? nil : satisfied == 1)
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return rows.compactMap { row -> HubRating? in
                guard let id = UUID(uuidString: row["id"]), let day = LocalDate(row["local_day"] as String) else { return nil }
                let survey: String = row["survey"]
                let localDay: String = row["local_day"]
                let decoded = (try? JSONDecoder().decode([String: Answer].self, from: Data((row["answers"] as String).utf8))) ?? [:]
                var answers: [HubAnswer] = []
                for (question, answer) in decoded.sorted(by: { $0.key < $1.key }) {
                    for choice in answer.choiceIDs {
                        let flag = flags[[localDay, survey, question, choice].joined(separator: "\u{1F}")]
                        answers.append(HubAnswer(question: question, choice: choice, main: flag?.main ?? false, satisfied: flag?.satisfied))
                    }
                }
                let createdAt: String = row["created_at"]
                let hour = RFC3339.parse(createdAt).map { calendar.component(.hour, from: $0) } ?? 0
                let hasChain = row.hasColumn("hash")
                return HubRating(
                    id: id, seq: row["seq"], fingerprint: RatingChain.fingerprintDigest(row["fingerprint"]), survey: survey,
                    mainChoice: row["main_choice"], satisfied: row["satisfied"], answers: answers, counter: row["counter"],
                    field: row["field"], officer: row["officer"], channel: row["channel"], kiosk: row["kiosk"], createdAt: createdAt,
                    receivedAt: row["received_at"], localDay: day, hour: hour, excluded: row["excluded"],
                    prevHash: hasChain ? row["prev_hash"] : nil, hash: hasChain ? row["hash"] : nil)
            }
        }
    }

    /// The void events stored after `seq`, in order (none while the store keeps no voids).
    public func voidsForHub(after seq: Int64, limit: Int) throws -> [HubVoid] {
        try read { db in
            guard try db.tableExists("rating_void") else { return [] }
            return try Row.fetchAll(
                db, sql: "SELECT seq, rating_id, at FROM rating_void WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]
            )
            .compactMap { row in
                UUID(uuidString: row["rating_id"]).map { HubVoid(seq: row["seq"], ratingID: $0, at: row["at"]) }
            }
        }
    }
}
