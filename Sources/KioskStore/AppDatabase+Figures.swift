import Foundation
import GRDB
import KioskCore

extension AppDatabase {
    /// The figures of `filter`'s period, judged by `reporting`, optionally per group.
    public func figures(_ filter: TallyFilter, by grouping: Grouping? = nil, reporting: ReportingSettings) throws -> FiguresReport {
        let overall = try tallies(filter).values.first ?? Tally()
        let grouped = try grouping.map { try tallies(filter, by: $0) }
        return FiguresReport(filter, overall: overall, grouped: grouped, reporting: reporting)
    }

    /// The figures of a named period with the comparison to the period just before and the reasons ranking.
    /// - Parameter reasonsQuestion: the question holding the reasons of dissatisfied residents.
    public func figures(
        of period: ReportingPeriod, by grouping: Grouping? = nil, reporting: ReportingSettings, survey: String? = nil,
        question: String? = nil, reasonsQuestion: String = "reasons"
    ) throws -> FiguresReport {
        var report = try figures(TallyFilter(from: period.first, to: period.last, survey: survey, question: question), by: grouping, reporting: reporting)
        let before = period.previous
        let previous = try tallies(TallyFilter(from: before.first, to: before.last, survey: survey, question: question)).values.first ?? Tally()
        let reasons = try tallies(TallyFilter(from: period.first, to: period.last, survey: survey, question: reasonsQuestion)).values.first ?? Tally()
        report.compare(period, previous: previous, reasons: reasons, reporting: reporting)
        if survey == nil && question == nil {
            report.dossiers = try dossierFigures(first: period.first, last: period.last)
        }
        return report
    }
}

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
                sql: "SELECT \(expression), main_choice, satisfied, excluded, COUNT(*) FROM rating WHERE local_day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4",
                arguments: [first.description, last.description]
            ).count
        }
    }
}
