import Foundation
import GRDB
import KioskCore

/// What one retention sweep removed.
public struct RetentionResult: Sendable, Equatable {
    /// Comments removed (their ratings stay, unchanged otherwise).
    public var comments: Int
    /// Help calls deleted.
    public var helpCalls: Int
    /// The first local day still kept: comments of earlier days and calls made before it are gone.
    public var keptFrom: LocalDate
}

/// Why a retention sweep did not run.
public enum RetentionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A retention period outside 30–3650 days.
    case period(days: Int)
    /// The clock is far past the newest stored rating: most likely the clock is wrong, and a sweep by it
    /// would erase comments that are still within their retention period.
    case clockAhead(newestRating: LocalDate, today: LocalDate)

    public var description: String {
        switch self {
        case .period(let days):
            "comments are kept between 30 and 3650 days, not \(days)"
        case .clockAhead(let newest, let today):
            "the clock says \(today), but the newest rating was received on \(newest), more than "
                + "\(AppDatabase.retentionClockLimitDays) days earlier; nothing was removed. Check the box's clock (timedatectl); "
                + "if the date is right and the centre has simply had no ratings, run it again with --clock-checked"
        }
    }
}

extension AppDatabase {
    /// Removes what residents typed once it is older than `days`: sets the comment of older ratings to NULL
    /// (the only change the ratings' trigger allows, and outside the hash chain) and deletes older help calls.
    /// Records `retention.run` with the counts in the audit log, in the same transaction.
    /// - Parameters:
    ///   - days: the centre's `comment_retention_days` (at least 30).
    ///   - now: the clock; days are the centre's local days in `timeZone`.
    ///   - actor: who ran it (`server`, `cli:root`).
    ///   - clockChecked: run even when the clock is more than ``retentionClockLimitDays`` past the newest
    ///     rating (a person has checked the clock).
    /// - Throws: ``RetentionError`` for a period outside 30–3650 days, or a clock far past the newest rating.
    @discardableResult
    public func runRetention(
        keepingDays days: Int, now: Date, timeZone: TimeZone, actor: String, clockChecked: Bool = false
    ) throws -> RetentionResult {
        guard PrivacySettings.retentionRange.contains(days) else { throw RetentionError.period(days: days) }
        let today = LocalDate.of(now, in: timeZone).date
        if !clockChecked, let newest = try newestRatingDay(timeZone: timeZone), newest.days(to: today) > Self.retentionClockLimitDays {
            throw RetentionError.clockAhead(newestRating: newest, today: today)
        }
        let keptFrom = today.adding(days: -days)
        let cutoff = RatingRecord.timestamp.format(keptFrom.start(in: timeZone))
        // secure_delete overwrites the removed text in the file's pages instead of leaving it in free space.
        let result = try writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            var result = RetentionResult(comments: 0, helpCalls: 0, keptFrom: keptFrom)
            try db.inTransaction {
                result = try Self.sweep(keptFrom: keptFrom, cutoff: cutoff, days: days, now: now, actor: actor, in: db)
                return .commit
            }
            return result
        }
        // The write-ahead log still holds the old pages until it is checkpointed; best effort while readers run.
        _ = try? writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return result
    }

    /// How far past the newest rating the clock may be before a sweep refuses to trust it.
    public static let retentionClockLimitDays = 60

    /// The local day on which the newest rating was received, by the store's own record of receipt.
    private func newestRatingDay(timeZone: TimeZone) throws -> LocalDate? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT received_at FROM rating ORDER BY seq DESC LIMIT 1")
        }.flatMap(RFC3339.parse).map { LocalDate.of($0, in: timeZone).date }
    }

    private static func sweep(keptFrom: LocalDate, cutoff: String, days: Int, now: Date, actor: String, in db: Database) throws -> RetentionResult {
        try db.execute(sql: "UPDATE rating SET comment = NULL WHERE comment IS NOT NULL AND local_day < ?", arguments: [keptFrom.description])
        let comments = db.changesCount
        try db.execute(sql: "DELETE FROM help_call WHERE created_at < ?", arguments: [cutoff])
        let calls = db.changesCount
        try Self.audit(
            AuditEvent(
                action: "retention.run", actor: actor, detail: "comments \(comments), help calls \(calls), kept from \(keptFrom) (\(days) days)",
                at: now),
            in: db)
        return RetentionResult(comments: comments, helpCalls: calls, keptFrom: keptFrom)
    }
}
