import Foundation

/// A calendar day in the centre's time zone, written `YYYY-MM-DD`.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Makes the date `year`-`month`-`day`; the parts are not checked.
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

    /// The same day `count` months later (earlier when negative), or the month's last day when that
    /// month is shorter (31 March − 1 month = 28 or 29 February).
    public func adding(months count: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + count
        let (newYear, newMonth) = (total / 12, total % 12 + 1)
        return LocalDate(year: newYear, month: newMonth, day: min(day, LocalDate.daysIn(month: newMonth, year: newYear)))
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

    /// The Julian day number of 1970-01-01, the start of Unix time.
    static let unixEpochJulianDay = 2_440_588

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
    /// `dd/MM/yyyy`, as Vietnamese documents write a day.
    public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }

    public var monthKey: String { String(format: "%04d-%02d", year, month) }

    /// Whether `lhs` is an earlier day than `rhs`.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// How many days `month` (1–12) has in `year`, leap years counted.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Reads a date written `YYYY-MM-DD`.
    /// - Throws: `DecodingError` when the value is not such a string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got '\(text)'"))
        }
        self = date
    }

    /// Writes the date as `YYYY-MM-DD`.
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
    /// Parses a timestamp with an offset (`Z` or `±HH:MM`), with or without fractional seconds; `nil`
    /// for anything else. Strict, so that a time the store or the city hub could not hold never gets in:
    /// four-digit years, days that exist (not 2026-02-30), hours 00–23, minutes and seconds 00–59 (no
    /// leap second), offsets of at most ±23:59 written `±HH:MM` (not `+0700`, `+07` or `+7:00`).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, is characters: String) -> Bool {
            index < bytes.count && characters.utf8.contains(bytes[index])
        }
        guard bytes.count >= 20, let year = digits(0, 4), byte(4, is: "-"), let month = digits(5, 2), byte(7, is: "-"),
            let day = digits(8, 2), byte(10, is: "Tt "), let hour = digits(11, 2), byte(13, is: ":"), let minute = digits(14, 2),
            byte(16, is: ":"), let second = digits(17, 2),
            (1...12).contains(month), (1...LocalDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if byte(index, is: ".") {
            var scale = 0.1
            index += 1
            let first = index
            while let digit = digits(index, 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > first, index - first <= 9 else { return nil }
        }
        var offset = 0
        if byte(index, is: "Zz"), index + 1 == bytes.count {
            offset = 0
        } else if byte(index, is: "+-"), index + 6 == bytes.count, let hours = digits(index + 1, 2), byte(index + 3, is: ":"),
            let minutes = digits(index + 4, 2), hours < 24, minutes < 60
        {
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let days = LocalDate(year: year, month: month, day: day).julianDay - LocalDate.unixEpochJulianDay
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Formats `date` with the offset of `timeZone`, to the second.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone).format(date)
    }
}
