import Foundation

/// A calendar day in the centre's time zone, written `YYYY-MM-DD`.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else, including days that do not exist (2026-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day on which `date` falls in `timeZone`, with the local hour (0–23).
    public static func of(_ date: Date, in timeZone: TimeZone) -> (date: LocalDate, hour: Int) {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.year, .month, .day, .hour], from: date)
        return (LocalDate(year: parts.year!, month: parts.month!, day: parts.day!), parts.hour!)
    }

    /// The instant this day starts in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        Calendar.gregorian(in: timeZone).date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDate {
        LocalDate(julianDay: julianDay + count)
    }

    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        julianDay % 7 + 1
    }

    /// The day's ordinal in its year, 1 = 1 January.
    public var dayOfYear: Int {
        julianDay - LocalDate(year: year, month: 1, day: 1).julianDay + 1
    }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(to other: LocalDate) -> Int {
        other.julianDay - julianDay
    }

    /// The Julian day number (proleptic Gregorian calendar), for day arithmetic.
    public var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The day of a Julian day number.
    public init(julianDay: Int) {
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.init(year: 100 * b + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `YYYY-MM`, the month this day is in.
    public var monthKey: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got '\(text)'"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Calendar {
    /// The Gregorian calendar in `timeZone`.
    public static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

/// RFC 3339 timestamps ("2026-11-24T09:15:00+07:00"), the form every API date takes.
public enum RFC3339 {
    /// Parses a timestamp with an offset or `Z`, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(trimmed) { return date }
        return nil
    }

    /// Formats `date` with the offset of `timeZone`, to the second.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone).format(date)
    }
}
