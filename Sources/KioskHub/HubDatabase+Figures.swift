import Foundation
import KioskCore
import PostgresNIO

/// How the city's figures may be broken down, beside the groupings of one centre's figures.
public enum CityGrouping: String, Sendable, CaseIterable {
    case centre, district, kind
}

/// A breakdown of the hub's figures: the city's own, or any of a centre's.
public enum HubGrouping: Sendable, Equatable {
    case city(CityGrouping)
    case centre(Grouping)

    /// `centre`, `district`, `kind`, or a grouping of `kiosk stats` (`counter`, `month`, …).
    public init?(rawValue: String) {
        if let city = CityGrouping(rawValue: rawValue) {
            self = .city(city)
        } else if let grouping = Grouping(rawValue: rawValue) {
            self = .centre(grouping)
        } else {
            return nil
        }
    }

    public static var names: [String] { CityGrouping.allCases.map(\.rawValue) + Grouping.allCases.map(\.rawValue) }
}

/// The bind values of a query being written, numbered `$1`, `$2`… as they are added.
struct QueryBinds {
    var binds = PostgresBindings()
    var count = 0

    mutating func add<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }
}

extension HubDatabase {
    /// Counts of answers from the hub's rollups, never from raw ratings: the same counts as the centre's
    /// ``AppDatabase/tallies(_:by:)`` when `centre` is given, the whole city's when it is `nil`.
    /// Whole months are read from the monthly rollups, the days around them from the daily ones.
    public func tallies(_ filter: TallyFilter, centre: String?, by grouping: HubGrouping? = nil) async throws -> [String?: Tally] {
        var binds = QueryBinds()
        let dimension: RollupDimension
        let dayGrouping: Grouping?
        switch grouping {
        case .centre(let value)?:
            dimension = value.dimension
            dayGrouping = value
        case .city?, nil:
            dimension = .all
            dayGrouping = nil
        }
        var common = ["r.dimension = \(binds.add(dimension.rawValue))"]
        if let centre { common.append("r.centre = \(binds.add(centre))") }
        if let question = filter.question { common.append("r.question = \(binds.add(question))") } else { common.append("r.is_main") }
        if let survey = filter.survey { common.append("r.survey = \(binds.add(survey))") }

        func key(_ column: String) -> String {
            switch grouping {
            case nil: "NULL::text"
            case .city(.centre)?: "r.centre"
            case .city(.district)?: "c.district"
            case .city(.kind)?: "c.kind"
            case .centre(let value)?:
                switch value {
                case .counter, .field, .officer, .channel, .kiosk, .hour: "r.key"
                case .day, .week, .quarter, .weekday: "to_char(r.\(column), 'YYYY-MM-DD')"
                case .weekdayHour: "to_char(r.\(column), 'YYYY-MM-DD') || '|' || r.key"
                case .month: "to_char(r.\(column), 'YYYY-MM')"
                }
            }
        }
        let join = grouping == .city(.district) || grouping == .city(.kind) ? " JOIN centre c ON c.code = r.centre" : ""
        func select(_ table: String, _ column: String, _ conditions: [String]) -> String {
            "SELECT \(key(column)) AS key, r.choice, r.satisfied, r.excluded, sum(r.count) AS n FROM \(table) r\(join) WHERE "
                + (common + conditions).joined(separator: " AND ") + " GROUP BY 1, 2, 3, 4"
        }

        var parts: [String] = []
        let byDay: Bool = [.day, .week, .weekday, .weekdayHour].contains(dayGrouping)
        // The whole months inside the period: from `wholeFrom` (inclusive) to `wholeTo` (exclusive).
        let wholeFrom = filter.from.map { $0.day == 1 ? $0 : $0.nextMonth }
        let wholeTo = filter.to.map { $0.adding(days: 1).day == 1 ? $0.adding(days: 1) : $0.firstOfMonth }
        if byDay || (wholeFrom != nil && wholeTo != nil && wholeFrom! >= wholeTo!) {
            var conditions: [String] = []
            if let from = filter.from { conditions.append("r.day >= \(binds.add(from.description))::date") }
            if let to = filter.to { conditions.append("r.day <= \(binds.add(to.description))::date") }
            parts.append(select("rollup_day", "day", conditions))
        } else {
            var monthConditions: [String] = []
            if let wholeFrom { monthConditions.append("r.month >= \(binds.add(wholeFrom.description))::date") }
            if let wholeTo { monthConditions.append("r.month < \(binds.add(wholeTo.description))::date") }
            parts.append(select("rollup_month", "month", monthConditions))
            var edges: [String] = []
            if let from = filter.from, let wholeFrom, from < wholeFrom {
                edges.append("(r.day >= \(binds.add(from.description))::date AND r.day < \(binds.add(wholeFrom.description))::date)")
            }
            if let to = filter.to, let wholeTo, wholeTo <= to {
                edges.append("(r.day >= \(binds.add(wholeTo.description))::date AND r.day <= \(binds.add(to.description))::date)")
            }
            if !edges.isEmpty { parts.append(select("rollup_day", "day", ["(" + edges.joined(separator: " OR ") + ")"])) }
        }
        let sql =
            "SELECT key, choice, satisfied, excluded, sum(n)::int8 FROM (" + parts.joined(separator: " UNION ALL ")
            + ") t GROUP BY 1, 2, 3, 4"
        var result: [String?: Tally] = [:]
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds.binds), logger: logger)
        for try await (key, choice, satisfied, excluded, count) in rows.decode((String?, String, Int16, String, Int64).self) {
            result.add(key: key, grouping: dayGrouping, choice: choice, satisfied: satisfied == 1, excluded: excluded, count: Int(count))
        }
        return result
    }

    /// The counts of one centre (or of the city when `centre` is `nil`), for the figures folded in ``TallySource``.
    public func tallies(of centre: String?) -> HubTallies {
        HubTallies(database: self, centre: centre)
    }

    /// The figures of `filter`'s period for one centre (or the city when `centre` is `nil`), judged by `reporting`.
    public func figures(
        _ filter: TallyFilter, centre: String?, by grouping: HubGrouping? = nil, reporting: ReportingSettings
    ) async throws -> FiguresReport {
        try await tallies(of: centre).figures(filter, by: grouping, reporting: reporting)
    }

    /// The figures of a named period with the comparison to the period just before and the reasons ranking, folded
    /// as a centre folds its own (``TallySource``), without the dossier figures, which stay at the centre.
    public func figures(
        of period: ReportingPeriod, centre: String?, by grouping: HubGrouping? = nil, reporting: ReportingSettings, survey: String? = nil,
        question: String? = nil, reasonsQuestion: String = "reasons"
    ) async throws -> FiguresReport {
        try await tallies(of: centre).figures(
            of: period, by: grouping, reporting: reporting, survey: survey, question: question, reasonsQuestion: reasonsQuestion)
    }

    /// The same counts per centre as the city's figures by centre, by a plain SQL aggregate over the raw
    /// ratings (the benchmark's baseline; no figure of the hub reads it).
    public func rawTalliesByCentre(from: LocalDate, to: LocalDate) async throws -> [String?: Tally] {
        var result: [String?: Tally] = [:]
        let rows = try await client.query(
            """
            SELECT centre, main_choice, satisfied, COALESCE(excluded, ''), count(*)::int8 FROM rating
            WHERE local_day >= \(from.description)::date AND local_day <= \(to.description)::date GROUP BY 1, 2, 3, 4
            """, logger: logger)
        for try await (centre, choice, satisfied, excluded, count) in rows.decode((String, String, Bool, String, Int64).self) {
            result[centre, default: Tally()].add(choice: choice, satisfied: satisfied, excluded: excluded, count: Int(count))
        }
        return result
    }
}

/// The hub's counts of one centre, or of the whole city when `centre` is `nil`.
public struct HubTallies: TallySource {
    public let database: HubDatabase
    public let centre: String?

    /// Counts of answers of `filter` at ``centre`` (or in the whole city), grouped by `grouping`.
    public func tallies(_ filter: TallyFilter, by grouping: HubGrouping?) async throws -> [String?: Tally] {
        try await database.tallies(filter, centre: centre, by: grouping)
    }

    /// None: the dossier counts stay at the centre.
    public func dossierFigures(first: LocalDate, last: LocalDate) async throws -> DossierFigures? { nil }
}
