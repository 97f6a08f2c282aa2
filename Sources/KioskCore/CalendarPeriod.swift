/// A calendar period of the centre: a span of whole local days.
public struct CalendarPeriod: Sendable, Equatable {
    public var first: LocalDate
    public var last: LocalDate

    /// Makes the period from `first` to `last`, both days included.
    public init(first: LocalDate, last: LocalDate) {
        self.first = first
        self.last = last
    }

    /// The day itself.
    public static func day(_ date: LocalDate) -> CalendarPeriod {
        CalendarPeriod(first: date, last: date)
    }

    /// The calendar month that holds `date`.
    public static func month(of date: LocalDate) -> CalendarPeriod {
        CalendarPeriod(
            first: LocalDate(year: date.year, month: date.month, day: 1),
            last: LocalDate(year: date.year, month: date.month, day: LocalDate.daysIn(month: date.month, year: date.year)))
    }

    /// The calendar quarter that holds `date`.
    public static func quarter(of date: LocalDate) -> CalendarPeriod {
        let firstMonth = (date.month - 1) / 3 * 3 + 1
        return CalendarPeriod(
            first: LocalDate(year: date.year, month: firstMonth, day: 1),
            last: LocalDate(year: date.year, month: firstMonth + 2, day: LocalDate.daysIn(month: firstMonth + 2, year: date.year)))
    }

    /// The calendar year that holds `date`.
    public static func year(of date: LocalDate) -> CalendarPeriod {
        CalendarPeriod(first: LocalDate(year: date.year, month: 1, day: 1), last: LocalDate(year: date.year, month: 12, day: 31))
    }
}
