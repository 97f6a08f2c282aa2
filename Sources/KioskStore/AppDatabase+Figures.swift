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

    enum CodingKeys: String, CodingKey {
        case from, to, target, minimumN, groups
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
}
