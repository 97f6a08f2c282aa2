import Foundation
import GRDB
import KioskCore

/// A correction of the figures: a rating withdrawn by the centre head, with the reason. The rating stays
/// stored as it was; the void is a new row of `rating_void`, chained like the ratings.
public struct RatingVoid: Sendable, Equatable {
    public var ratingID: UUID
    public var reason: String
    /// The user name of the head who voided it.
    public var by: String
    public var at: Date
}

/// Why a rating could not be voided.
public enum VoidError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No rating has this id.
    case unknownRating(String)
    /// The rating was voided before.
    case alreadyVoided(RatingVoid)
    /// The reason is shorter than ``AppDatabase/minimumVoidReason`` characters.
    case reasonTooShort(Int)
    /// `by` does not name an active user with the head role.
    case notAHead(String)
    /// The rollup rows do not hold the rating (the store was changed outside the program).
    case rollupsDisagree(String)

    public var description: String {
        switch self {
        case .unknownRating(let id): "no rating has the id \(id)"
        case .alreadyVoided(let void):
            "rating \(void.ratingID.uuidString.lowercased()) was already voided by \(void.by) on \(RatingRecord.timestamp.format(void.at)): \(void.reason)"
        case .reasonTooShort(let length):
            "the reason has \(length) characters; write at least \(AppDatabase.minimumVoidReason) so that a reader later understands the correction"
        case .notAHead(let name): "'\(name)' is not an active user with the head role; only the centre head voids ratings"
        case .rollupsDisagree(let id): "the rollups do not hold rating \(id) as stored; run kiosk verify before voiding"
        }
    }
}

extension AppDatabase {
    /// The shortest reason a void accepts, in characters (after trimming).
    public static let minimumVoidReason = 10

    /// Voids a rating: appends a chained `rating_void` row, moves the rating's rollup counts to the
    /// excluded value `voided` (so it leaves every figure), and records `rating.void` in the audit log,
    /// all in one transaction.
    /// - Parameters:
    ///   - id: the rating.
    ///   - reason: why, at least ``minimumVoidReason`` characters.
    ///   - head: the user name of the head; must be an active user with the head role.
    ///   - timeZone: the centre's time zone (the hour rollups).
    ///   - address: the client's address, when the void came over HTTP.
    /// - Throws: ``VoidError``.
    @discardableResult
    public func void(
        rating id: UUID, reason: String, by head: String, at now: Date, timeZone: TimeZone, actor: String? = nil, address: String? = nil
    ) throws -> RatingVoid {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard reason.count >= Self.minimumVoidReason else { throw VoidError.reasonTooShort(reason.count) }
        let ratingID = id.uuidString.lowercased()
        return try write { db in
            guard let user = try Row.fetchOne(db, sql: "SELECT role, disabled FROM user WHERE name = ?", arguments: [head]),
                user["role"] as String == Role.head.rawValue, (user["disabled"] as Int) == 0
            else { throw VoidError.notAHead(head) }
            guard let record = try RatingRecord.filter(RatingRecord.Columns.id == ratingID).fetchOne(db) else {
                throw VoidError.unknownRating(ratingID)
            }
            if let earlier = try Self.void(of: ratingID, in: db) { throw VoidError.alreadyVoided(earlier) }
            let at = RatingRecord.timestamp.format(now)
            let previous = try String.fetchOne(db, sql: "SELECT hash FROM rating_void ORDER BY seq DESC LIMIT 1") ?? RatingChain.genesis
            let hash = RatingChain.hash(previous: previous, values: [ratingID, record.hash, reason, head, at])
            try db.execute(
                sql: "INSERT INTO rating_void (rating_id, rating_hash, reason, voided_by, at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [ratingID, record.hash, reason, head, at, previous, hash])
            try Self.moveRollups(of: record, to: Exclusion.voided.rawValue, timeZone: timeZone, in: db)
            try Self.audit(
                AuditEvent(action: "rating.void", actor: actor ?? head, address: address, detail: "rating \(ratingID): \(reason)", at: now), in: db)
            return RatingVoid(ratingID: id, reason: reason, by: head, at: RFC3339Parse.date(at) ?? now)
        }
    }

    /// Moves every rollup count of `record` from its current excluded value to `excluded`.
    static func moveRollups(of record: RatingRecord, to excluded: String, timeZone: TimeZone, in db: Database) throws {
        var recount = RollupRecount(timeZone: timeZone)
        let row = RollupRecount.Row(
            survey: record.survey, answers: record.answers, counter: record.counter, field: record.field, officer: record.officer,
            channel: record.channel, kiosk: record.kiosk, createdAt: record.createdAt, localDay: record.localDay)
        let from = record.excluded ?? ""
        let key = "dimension = ? AND day = ? AND key = ? AND survey = ? AND question = ? AND choice = ? AND excluded = ?"
        for cell in recount.cells(of: row, excluded: from) {
            let arguments: StatementArguments = [cell.dimension, cell.day, cell.key, cell.survey, cell.question, cell.choice]
            guard
                let stored = try Row.fetchOne(
                    db, sql: "SELECT is_main, satisfied, count FROM rollup_day WHERE \(key)", arguments: arguments + [from]),
                (stored["count"] as Int) >= 1
            else { throw VoidError.rollupsDisagree(record.id) }
            if (stored["count"] as Int) == 1 {
                try db.execute(sql: "DELETE FROM rollup_day WHERE \(key)", arguments: arguments + [from])
            } else {
                try db.execute(sql: "UPDATE rollup_day SET count = count - 1 WHERE \(key)", arguments: arguments + [from])
            }
            try db.execute(
                sql: """
                    INSERT INTO rollup_day (dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    ON CONFLICT (dimension, day, key, survey, question, choice, excluded) DO UPDATE SET count = count + 1
                    """,
                arguments: [
                    cell.dimension, cell.day, cell.key, cell.survey, cell.question, stored["is_main"] as Int, cell.choice,
                    stored["satisfied"] as Int, excluded,
                ])
        }
    }

    /// The void of rating `id`, if it was voided.
    public func void(of id: UUID) throws -> RatingVoid? {
        try read { try Self.void(of: id.uuidString.lowercased(), in: $0) }
    }

    static func void(of id: String, in db: Database) throws -> RatingVoid? {
        try Row.fetchOne(db, sql: "SELECT * FROM rating_void WHERE rating_id = ?", arguments: [id]).map(RatingVoid.init(row:))
    }

    /// The latest voids, newest first.
    public func voids(limit: Int = 50) throws -> [RatingVoid] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rating_void ORDER BY seq DESC LIMIT ?", arguments: [limit]).map(RatingVoid.init(row:))
        }
    }

    /// The latest ratings stored, newest first, as the figures see them (for choosing one to void).
    public func latestRatings(limit: Int = 20) throws -> [Rating] {
        try read { db in
            try RatingRecord.fetchAll(db, sql: "SELECT * FROM rating ORDER BY seq DESC LIMIT ?", arguments: [limit]).map {
                try Self.withVoid($0.rating, in: db)
            }
        }
    }

    /// `rating` as the figures see it: excluded as `voided` when it was voided.
    static func withVoid(_ rating: Rating, in db: Database) throws -> Rating {
        var rating = rating
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM rating_void WHERE rating_id = ?", arguments: [rating.id.uuidString.lowercased()]) == true {
            rating.excluded = .voided
        }
        return rating
    }
}

extension RatingVoid {
    init(row: Row) {
        ratingID = UUID(uuidString: row["rating_id"]) ?? UUID()
        reason = row["reason"]
        by = row["voided_by"]
        at = RFC3339Parse.date(row["at"]) ?? .distantPast
    }
}
