import Foundation

/// A store that counts answers from its rollups: a centre's SQLite file, or the city hub's PostgreSQL for one
/// centre or the whole city. Every figure is folded from these counts by the same code (``figures(of:by:reporting:survey:question:reasonsQuestion:)``),
/// so a centre and the hub cannot disagree on how a rate, a comparison or a ranking is worked out.
public protocol TallySource<Breakdown>: Sendable {
    /// How the store can break its counts down (``Grouping`` at a centre; the hub adds the city's groupings).
    associatedtype Breakdown: Sendable

    /// Counts of answers of `filter`, one tally per group key, or one under the key `nil` when `grouping` is `nil`.
    func tallies(_ filter: TallyFilter, by grouping: Breakdown?) async throws -> [String?: Tally]

    /// The dossier-based figures of Decision 766 for whole months, or `nil` when the store holds no dossier counts
    /// for every month from `first` to `last` (the hub holds none).
    func dossierFigures(first: LocalDate, last: LocalDate) async throws -> DossierFigures?
}

extension TallySource {
    /// The figures of `filter`'s period, judged by `reporting`, optionally per group.
    public func figures(_ filter: TallyFilter, by grouping: Breakdown? = nil, reporting: ReportingSettings) async throws -> FiguresReport {
        let overall = try await tallies(filter, by: nil).values.first ?? Tally()
        var grouped: [String?: Tally]?
        if let grouping { grouped = try await tallies(filter, by: grouping) }
        return FiguresReport(filter, overall: overall, grouped: grouped, reporting: reporting)
    }

    /// The figures of a named period with the comparison to the period just before, the reasons ranking and,
    /// for the main question of every survey, the dossier-based figures when the store has them.
    /// - Parameter reasonsQuestion: the question holding the reasons of dissatisfied residents.
    public func figures(
        of period: ReportingPeriod, by grouping: Breakdown? = nil, reporting: ReportingSettings, survey: String? = nil,
        question: String? = nil, reasonsQuestion: String = "reasons"
    ) async throws -> FiguresReport {
        var report = try await figures(
            TallyFilter(from: period.first, to: period.last, survey: survey, question: question), by: grouping, reporting: reporting)
        let before = period.previous
        let previous =
            try await tallies(TallyFilter(from: before.first, to: before.last, survey: survey, question: question), by: nil).values.first ?? Tally()
        let reasons =
            try await tallies(TallyFilter(from: period.first, to: period.last, survey: survey, question: reasonsQuestion), by: nil).values.first
            ?? Tally()
        report.compare(period, previous: previous, reasons: reasons, reporting: reporting)
        if survey == nil && question == nil {
            report.dossiers = try await dossierFigures(first: period.first, last: period.last)
        }
        return report
    }
}
