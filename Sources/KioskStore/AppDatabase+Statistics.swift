import Foundation
import GRDB
import KioskCore

extension Grouping {
    /// The SQL expression over `rollup_day` that gives a group's key. Week, quarter and weekday are grouped
    /// by day in SQL and folded in Swift (SQLite has no ISO week).
    var expression: String {
        switch self {
        case .counter, .field, .officer, .channel, .kiosk, .hour: "key"
        case .day, .week, .quarter, .weekday: "day"
        case .weekdayHour: "day || '|' || key"
        case .month: "substr(day, 1, 7)"
        }
    }
}

extension AppDatabase {
    /// Counts of answers from the rollups, never from raw ratings.
    /// - Parameters:
    ///   - filter: period and question.
    ///   - grouping: when given, one tally per key (a rating without the key is under "").
    /// - Returns: tallies by group key; the key is `nil` when `grouping` is `nil`.
    public func tallies(_ filter: TallyFilter, by grouping: Grouping? = nil) throws -> [String?: Tally] {
        var conditions = ["dimension = ?"]
        var arguments: [any DatabaseValueConvertible] = [(grouping?.dimension ?? .all).rawValue]
        if let question = filter.question {
            conditions.append("question = ?")
            arguments.append(question)
        } else {
            conditions.append("is_main = 1")
        }
        if let survey = filter.survey {
            conditions.append("survey = ?")
            arguments.append(survey)
        }
        if let from = filter.from {
            conditions.append("day >= ?")
            arguments.append(from.description)
        }
        if let to = filter.to {
            conditions.append("day <= ?")
            arguments.append(to.description)
        }
        let key = grouping?.expression ?? "NULL"
        let sql = """
            SELECT \(key) AS key, choice, satisfied, excluded, SUM(count) AS n
            FROM rollup_day WHERE \(conditions.joined(separator: " AND "))
            GROUP BY 1, choice, satisfied, excluded
            """
        return try read { db in
            var result: [String?: Tally] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                result.add(
                    key: row["key"], grouping: grouping, choice: row["choice"], satisfied: (row["satisfied"] as Int) == 1,
                    excluded: row["excluded"], count: row["n"])
            }
            return result
        }
    }
}

/// A comment a resident left, already scrubbed of personal data.
public struct RecentComment: Sendable, Equatable {
    /// The rating's id (the head may void it).
    public var id: UUID
    public var createdAt: Date
    public var counter: String?
    public var mainChoice: String
    public var comment: String
}

extension AppDatabase {
    /// The latest comments of a period, newest first.
    public func latestComments(from: LocalDate?, to: LocalDate?, limit: Int = 10) throws -> [RecentComment] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, created_at, counter, main_choice, comment FROM rating
                    WHERE comment IS NOT NULL AND local_day >= ? AND local_day <= ? ORDER BY seq DESC LIMIT ?
                    """,
                arguments: [from?.description ?? "0000-00-00", to?.description ?? "9999-99-99", limit]
            ).map { (row: Row) -> RecentComment in
                let created: String = row["created_at"]
                let counter: String? = row["counter"]
                let choice: String = row["main_choice"]
                let comment: String = row["comment"]
                return RecentComment(
                    id: UUID(uuidString: row["id"]) ?? UUID(), createdAt: RFC3339Parse.date(created) ?? .distantPast, counter: counter,
                    mainChoice: choice, comment: comment)
            }
        }
    }
}

extension AppDatabase {
    /// Per counter, valid dissatisfied ratings received since `since` (for the burst alert).
    public func dissatisfiedByCounter(since: Date) throws -> [String: Int] {
        try read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(counter, '') AS counter, COUNT(*) AS n FROM rating
                    WHERE satisfied = 0 AND excluded IS NULL AND received_at >= ? GROUP BY 1
                    """,
                arguments: [RatingRecord.timestamp.format(since)])
            {
                result[row["counter"]] = row["n"]
            }
            return result
        }
    }

    /// When each of `kiosks` last sent a rating (kiosks that never did are left out). One index lookup per kiosk.
    public func lastRating(of kiosks: [String]) throws -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            for kiosk in kiosks {
                let last = try String.fetchOne(db, sql: "SELECT MAX(received_at) FROM rating WHERE kiosk = ?", arguments: [kiosk])
                result[kiosk] = RFC3339Parse.date(last)
            }
            return result
        }
    }
}
