import Foundation
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
