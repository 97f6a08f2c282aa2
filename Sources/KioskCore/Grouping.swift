import Foundation

/// The dimensions of the daily rollups: each answer is counted once per dimension, under its key there.
public enum RollupDimension: String, Sendable, CaseIterable {
    case all, counter, field, officer, channel, kiosk, hour

    /// The key of `rollup` in each dimension ("" when the rating has none).
    public static func keys(of rollup: RollupKey) -> [(RollupDimension, String)] {
        [
            (.all, ""), (.counter, rollup.counter ?? ""), (.field, rollup.field ?? ""), (.officer, rollup.officer ?? ""),
            (.channel, rollup.channel), (.kiosk, rollup.kiosk ?? ""), (.hour, (rollup.hour < 10 ? "0" : "") + String(rollup.hour)),
        ]
    }
}

/// How figures may be broken down.
public enum Grouping: String, Sendable, CaseIterable {
    case counter, field, officer, channel, kiosk, day, week, month, quarter, hour, weekday
    /// Weekday and hour together (`2-09`: Tuesday 09:00–09:59), for the heat map.
    case weekdayHour = "weekday-hour"

    /// The rollup dimension that holds this grouping.
    public var dimension: RollupDimension {
        switch self {
        case .counter: .counter
        case .field: .field
        case .officer: .officer
        case .channel: .channel
        case .kiosk: .kiosk
        case .hour, .weekdayHour: .hour
        case .day, .week, .month, .quarter, .weekday: .all
        }
    }

    /// Whether a store reads this grouping by day (`YYYY-MM-DD`, or `YYYY-MM-DD|HH` for weekday-hour) and
    /// leaves the key to ``fold(_:)``; the other groupings read their key as it is stored.
    public var foldsDays: Bool {
        [.week, .quarter, .weekday, .weekdayHour].contains(self)
    }

    /// Turns a day key into this grouping's key, for the groupings folded in Swift.
    public func fold(_ dayKey: String?) -> String? {
        if self == .weekdayHour, let parts = dayKey?.split(separator: "|"), parts.count == 2, let day = LocalDate(String(parts[0])) {
            return "\(day.isoWeekday)-\(parts[1])"
        }
        guard let dayKey, let day = LocalDate(dayKey) else { return dayKey }
        switch self {
        case .week: return day.isoWeekKey
        case .quarter: return day.quarterKey
        case .weekday: return String(day.isoWeekday)
        default: return dayKey
        }
    }
}

/// Which answers to count: by default the main question of every survey.
public struct TallyFilter: Sendable, Equatable {
    /// First local day, inclusive; `nil` for no lower bound.
    public var from: LocalDate?
    /// Last local day, inclusive; `nil` for no upper bound.
    public var to: LocalDate?
    /// Only this survey.
    public var survey: String?
    /// Only this question (with `survey`); `nil` for each survey's main question.
    public var question: String?
    /// Makes a filter; each `nil` leaves that side unrestricted.
    public init(from: LocalDate? = nil, to: LocalDate? = nil, survey: String? = nil, question: String? = nil) {
        self.from = from
        self.to = to
        self.survey = survey
        self.question = question
    }
}

extension Dictionary where Key == String?, Value == Tally {
    /// Adds one rollup row (`count` answers of `choice`) under the group key `key`, folding a day key
    /// into `grouping`'s key when the grouping is folded in Swift. Every store counts rows this way.
    public mutating func add(
        key: String?, grouping: Grouping?, choice: String, satisfied: Bool, excluded: String, count: Int
    ) {
        let groupKey = grouping.map { $0.foldsDays ? $0.fold(key) : key } ?? key
        self[groupKey, default: Tally()].add(choice: choice, satisfied: satisfied, excluded: excluded, count: count)
    }
}
