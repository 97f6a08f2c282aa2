import Foundation
import GRDB
import KioskCore

/// The centre's store counts answers for the figures folded in ``TallySource``.
extension AppDatabase: TallySource {}

extension AppDatabase {
    /// The SQL expression grouping raw ratings as `grouping`, for the groupings a plain scan can make.
    private static let scanExpressions: [Grouping?: String] = [
        nil: "NULL", .counter: "counter", .field: "field", .officer: "officer", .channel: "channel", .kiosk: "kiosk",
        .day: "local_day", .month: "substr(local_day, 1, 7)",
    ]

    /// Counts the ratings of `first...last` per group of `grouping` by reading every raw rating of the period,
    /// not the rollups: the baseline `kiosk bench stats` sets the figures against.
    /// - Returns: the rows of counts made, or `nil` for a grouping a plain scan does not make.
    public func tallyByScanningRatings(from first: LocalDate, to last: LocalDate, by grouping: Grouping?) throws -> Int? {
        guard let expression = Self.scanExpressions[grouping] else { return nil }
        return try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT \(expression), main_choice, satisfied, excluded, COUNT(*) FROM rating WHERE local_day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4",
                arguments: [first.description, last.description]
            ).count
        }
    }
}
