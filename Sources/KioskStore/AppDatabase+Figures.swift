import Foundation
import KioskCore

/// The figures of a period, as `kiosk stats --format json` prints them and the dashboard shows them.
public struct FiguresReport: Sendable, Encodable {
    /// First and last local day of the period; `nil` for an open end.
    public var from: LocalDate?
    public var to: LocalDate?
    public var target: Double
    public var minimumN: Int
    public var overall: SatisfactionFigures
    /// The same figures per group key, sorted by key; `nil` when no grouping was asked for.
    public var groups: [SatisfactionFigures]?
    /// The period's name, when it was asked for by name (`2026-Q3`, `reform-2026-H1`).
    public var period: String?
    /// The figures of the period of the same length just before, when a comparison was asked for.
    public var previous: PreviousFigures?
    /// Reasons given by dissatisfied residents, most frequent first.
    public var reasons: [ReasonCount]?
    /// The dossier-based figures (Decision 766), when every month of the period has a dossier count.
    public var dossiers: DossierFigures?

    /// The previous period's figures and the change of the rate.
    public struct PreviousFigures: Sendable, Encodable {
        public var from: LocalDate
        public var to: LocalDate
        public var figures: SatisfactionFigures
        /// This period's rate minus the previous one's, in rate units (0.012 = 1.2 points); `nil` when either has no rate.
        public var change: Double?

        enum CodingKeys: String, CodingKey { case from, to, change }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(change, forKey: .change)
            try figures.encode(to: encoder)
        }
    }

    /// How often one reason was given.
    public struct ReasonCount: Sendable, Encodable, Equatable {
        public var id: String
        public var count: Int
    }

    enum CodingKeys: String, CodingKey {
        case from, to, target, minimumN, groups, period, previous, reasons, dossiers
    }

    /// Flattens `overall` into the top level, so the keys read `total`, `rate`, … beside `from` and `to`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(target, forKey: .target)
        try container.encode(minimumN, forKey: .minimumN)
        try overall.encode(to: encoder)
        try container.encodeIfPresent(groups, forKey: .groups)
        try container.encodeIfPresent(period, forKey: .period)
        try container.encodeIfPresent(previous, forKey: .previous)
        try container.encodeIfPresent(reasons, forKey: .reasons)
        try container.encodeIfPresent(dossiers, forKey: .dossiers)
    }
}

extension AppDatabase {
    /// The figures of `filter`'s period, judged by `reporting`, optionally per group.
    public func figures(_ filter: TallyFilter, by grouping: Grouping? = nil, reporting: ReportingSettings) throws -> FiguresReport {
        let overall = try tallies(filter).values.first ?? Tally()
        var groups: [SatisfactionFigures]?
        if let grouping {
            groups = try tallies(filter, by: grouping)
                .sorted { ($0.key ?? "") < ($1.key ?? "") }
                .map { entry in
                    SatisfactionFigures(key: entry.key ?? "", tally: entry.value, target: reporting.target, minimumN: reporting.minimumN)
                }
        }
        return FiguresReport(
            from: filter.from, to: filter.to, target: reporting.target, minimumN: reporting.minimumN,
            overall: SatisfactionFigures(tally: overall, target: reporting.target, minimumN: reporting.minimumN),
            groups: groups)
    }

    /// The figures of a named period with the comparison to the period just before and the reasons ranking.
    /// - Parameter reasonsQuestion: the question holding the reasons of dissatisfied residents.
    public func figures(
        of period: ReportingPeriod, by grouping: Grouping? = nil, reporting: ReportingSettings, survey: String? = nil,
        question: String? = nil, reasonsQuestion: String = "reasons"
    ) throws -> FiguresReport {
        var report = try figures(TallyFilter(from: period.first, to: period.last, survey: survey, question: question), by: grouping, reporting: reporting)
        report.period = period.name
        let before = period.previous
        let previousTally = try tallies(TallyFilter(from: before.first, to: before.last, survey: survey, question: question)).values.first ?? Tally()
        let previousFigures = SatisfactionFigures(tally: previousTally, target: reporting.target, minimumN: reporting.minimumN)
        let change = report.overall.rate.flatMap { now in previousFigures.rate.map { now - $0 } }
        report.previous = FiguresReport.PreviousFigures(from: before.first, to: before.last, figures: previousFigures, change: change)
        let reasons = try tallies(TallyFilter(from: period.first, to: period.last, survey: survey, question: reasonsQuestion)).values.first ?? Tally()
        report.reasons = reasons.levels.map { FiguresReport.ReasonCount(id: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.id) > ($1.count, $0.id) }
        if survey == nil && question == nil {
            report.dossiers = try dossierFigures(first: period.first, last: period.last)
        }
        return report
    }
}
