/// A named period of the centre's figures: a calendar period (`2026-11`, `2026-W48`, `2026-Q3`, `2026-H1`,
/// `2026`, `2026-11-24`) or an administrative-reform reporting period whose data start on the cut-off
/// day of the previous year (`reform-2026-Q1`, `reform-2026-H1`, `reform-2026-9M`, `reform-2026`).
public struct ReportingPeriod: Sendable, Equatable, CustomStringConvertible {
    /// The name it was written with, or `FROM..TO` for a span of days.
    public var name: String
    public var first: LocalDate
    public var last: LocalDate

    /// Makes the period named `name` from `first` to `last`, both days included.
    public init(name: String, first: LocalDate, last: LocalDate) {
        self.name = name
        self.first = first
        self.last = last
    }

    public var description: String { name }

    /// Why a period name was refused.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads a period name.
    /// - Parameter settings: the centre's reform cut-off (default 15 December).
    /// - Throws: ``ParseError`` with the forms that are understood.
    public static func parse(_ text: String, settings: ReportingSettings = ReportingSettings()) throws -> ReportingPeriod {
        let name = text.trimmingCharacters(in: .whitespaces)
        if name.contains(where: \.isLetter), let code = code(fromWords: name), code != name {
            return try parse(code, settings: settings)
        }
        if name.hasPrefix("reform-") {
            return try reform(String(name.dropFirst("reform-".count)), name: name, settings: settings)
        }
        if let day = LocalDate(name) { return ReportingPeriod(name: name, first: day, last: day) }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText), (2000...2100).contains(year) else {
            throw invalid(name)
        }
        switch parts.count {
        case 1:
            return ReportingPeriod(name: name, first: LocalDate(year: year, month: 1, day: 1), last: LocalDate(year: year, month: 12, day: 31))
        case 2:
            let part = parts[1]
            if part.count == 2, let month = Int(part), (1...12).contains(month) {
                let period = CalendarPeriod.month(of: LocalDate(year: year, month: month, day: 1))
                return ReportingPeriod(name: name, first: period.first, last: period.last)
            }
            if part.hasPrefix("Q"), let quarter = Int(part.dropFirst()), (1...4).contains(quarter) {
                let period = CalendarPeriod.quarter(of: LocalDate(year: year, month: quarter * 3 - 2, day: 1))
                return ReportingPeriod(name: name, first: period.first, last: period.last)
            }
            if part.hasPrefix("H"), let half = Int(part.dropFirst()), (1...2).contains(half) {
                return ReportingPeriod(
                    name: name, first: LocalDate(year: year, month: half == 1 ? 1 : 7, day: 1),
                    last: LocalDate(year: year, month: half == 1 ? 6 : 12, day: half == 1 ? 30 : 31))
            }
            if part.hasPrefix("W"), let week = Int(part.dropFirst()), let first = isoWeekStart(year: year, week: week) {
                return ReportingPeriod(name: name, first: first, last: first.adding(days: 6))
            }
            throw invalid(name)
        default:
            throw invalid(name)
        }
    }

    /// The period before this one, of the same kind: the previous month, quarter (Quý II before Quý III:
    /// 01/04 – 30/06), half-year or year; for a reform period the one before it in the reform calendar (the
    /// same 9 months of the year before, for the 9-month period); for days, weeks and other spans, the same
    /// number of days ending the day before this one starts.
    public var previous: ReportingPeriod {
        let name = "trước \(self.name)"
        if let months = PeriodShape(name: self.name).monthsBack {
            let first = self.first.adding(months: -months)
            let last = self.last.adding(days: 1).adding(months: -months).adding(days: -1)
            return ReportingPeriod(name: name, first: first, last: last)
        }
        let days = dayCount
        let last = first.adding(days: -1)
        return ReportingPeriod(name: name, first: last.adding(days: -(days - 1)), last: last)
    }

    /// How many days the period spans.
    public var dayCount: Int { first.days(to: last) + 1 }

    private static func invalid(_ name: String) -> ParseError {
        ParseError(
            description: "“\(name)” không phải là một kỳ báo cáo; hãy viết, ví dụ: Quý 3/2026, 6 tháng đầu năm 2026, tháng 10/2026, "
                + "năm 2026, tuần 48 năm 2026, ngày 24/11/2026. / “\(name)” is not a period; use 2026-11-24, 2026-W48, 2026-11, "
                + "2026-Q3, 2026-H1, 2026, reform-2026-Q1 … reform-2026-Q4, reform-2026-H1, reform-2026-9M or reform-2026")
    }

    /// Reform periods: the reform year Y runs from the cut-off day of Y − 1 to the day before the cut-off
    /// day of Y; its quarters are three months each from that start.
    private static func reform(_ rest: String, name: String, settings: ReportingSettings) throws -> ReportingPeriod {
        let parts = rest.split(separator: "-").map(String.init)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText), (2000...2100).contains(year), parts.count <= 2 else {
            throw invalid(name)
        }
        let start = LocalDate(year: year - 1, month: settings.cutoffMonth, day: settings.cutoffDay)
        func monthsAfterStart(_ months: Int) -> LocalDate {
            let total = settings.cutoffMonth - 1 + months
            let month = total % 12 + 1
            let y = year - 1 + total / 12
            return LocalDate(year: y, month: month, day: min(settings.cutoffDay, LocalDate.daysIn(month: month, year: y)))
        }
        let span: (from: Int, to: Int)
        switch parts.count == 2 ? parts[1] : "" {
        case "": span = (0, 12)
        case "Q1": span = (0, 3)
        case "Q2": span = (3, 6)
        case "Q3": span = (6, 9)
        case "Q4": span = (9, 12)
        case "H1": span = (0, 6)
        case "9M": span = (0, 9)
        default: throw invalid(name)
        }
        let first = span.from == 0 ? start : monthsAfterStart(span.from)
        return ReportingPeriod(name: name, first: first, last: monthsAfterStart(span.to).adding(days: -1))
    }

    /// The Monday of ISO week `week` of `year`; `nil` when the year has no such week.
    static func isoWeekStart(year: Int, week: Int) -> LocalDate? {
        guard week >= 1 else { return nil }
        // ISO week 1 holds 4 January.
        let january4 = LocalDate(year: year, month: 1, day: 4)
        let mondayOfWeek1 = january4.adding(days: -(january4.isoWeekday - 1))
        let start = mondayOfWeek1.adding(days: (week - 1) * 7)
        guard start.isoWeek.year == year else { return nil }
        return start
    }
}

extension LocalDate {
    /// The ISO 8601 week: its year (which may differ from the calendar year near New Year) and number.
    public var isoWeek: (year: Int, week: Int) {
        // The Thursday of this day's week decides the year.
        let thursday = adding(days: 4 - isoWeekday)
        return (thursday.year, (thursday.dayOfYear - 1) / 7 + 1)
    }

    /// `2026-W48`.
    public var isoWeekKey: String {
        let (year, week) = isoWeek
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// `2026-Q4`.
    public var quarterKey: String { "\(year)-Q\((month - 1) / 3 + 1)" }
}
