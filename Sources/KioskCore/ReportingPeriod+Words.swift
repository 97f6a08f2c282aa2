/// What kind of period a ``ReportingPeriod`` is, read back from its name: it decides the period's name in
/// Vietnamese words and which period came before it.
enum PeriodShape: Equatable {
    case day
    case week(year: Int, week: Int)
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    case half(year: Int, half: Int)
    case year(Int)
    /// An administrative-reform period: `part` is `Q1`…`Q4`, `H1`, `9M`, or empty for the whole year.
    case reform(year: Int, part: String)
    /// Any other span of days.
    case span

    /// Reads the shape from a period's name; names that are not codes are spans.
    init(name: String) {
        if name.hasPrefix("reform-") {
            let parts = name.dropFirst("reform-".count).split(separator: "-").map(String.init)
            if let year = parts.first.flatMap({ Int($0) }) {
                self = .reform(year: year, part: parts.count == 2 ? parts[1] : "")
                return
            }
            self = .span
            return
        }
        if LocalDate(name) != nil {
            self = .day
            return
        }
        let parts = name.split(separator: "-").map(String.init)
        guard let year = parts.first.flatMap({ Int($0) }), parts.first?.count == 4 else {
            self = .span
            return
        }
        guard parts.count == 2 else {
            self = parts.count == 1 ? .year(year) : .span
            return
        }
        let part = parts[1]
        if part.count == 2, let month = Int(part) {
            self = .month(year: year, month: month)
        } else if part.hasPrefix("Q"), let quarter = Int(part.dropFirst()) {
            self = .quarter(year: year, quarter: quarter)
        } else if part.hasPrefix("H"), let half = Int(part.dropFirst()) {
            self = .half(year: year, half: half)
        } else if part.hasPrefix("W"), let week = Int(part.dropFirst()) {
            self = .week(year: year, week: week)
        } else {
            self = .span
        }
    }

    /// How many whole months the period and the one before it are apart, for periods made of months;
    /// `nil` for periods counted in days. A reform 9-month period is compared with the same 9 months
    /// of the year before, as reform reports do.
    var monthsBack: Int? {
        switch self {
        case .month: 1
        case .quarter: 3
        case .half: 6
        case .year: 12
        case .reform(_, let part):
            switch part {
            case "Q1", "Q2", "Q3", "Q4": 3
            case "H1": 6
            default: 12
            }
        case .day, .week, .span: nil
        }
    }
}

private let romanQuarters = ["I", "II", "III", "IV"]

extension ReportingPeriod {
    /// The period's name in Vietnamese words, as an administrative document writes it: "Quý III năm 2026",
    /// "6 tháng đầu năm 2026", "tháng 10 năm 2026", "năm 2026", "tuần 48 năm 2026 (23/11 – 29/11/2026)",
    /// "ngày 24/11/2026"; a reform period is "Quý I năm 2026 (kỳ báo cáo cải cách hành chính, 15/12/2025 –
    /// 14/03/2026)"; any other span "từ ngày 01/04/2026 đến ngày 30/06/2026". Never a code.
    public var inWords: String {
        let days = "\(Format.day(first)) – \(Format.day(last))"
        switch PeriodShape(name: name) {
        case .day:
            return "ngày \(Format.day(first))"
        case .week(let year, let week):
            return "tuần \(week) năm \(year) (\(days))"
        case .month(let year, let month):
            return "tháng \(month) năm \(year)"
        case .quarter(let year, let quarter) where (1...4).contains(quarter):
            return "Quý \(romanQuarters[quarter - 1]) năm \(year)"
        case .half(let year, let half):
            return "6 tháng \(half == 1 ? "đầu" : "cuối") năm \(year)"
        case .year(let year):
            return "năm \(year)"
        case .reform(let year, let part):
            let words: String
            switch part {
            case "Q1", "Q2", "Q3", "Q4": words = "Quý \(romanQuarters[Int(part.dropFirst())! - 1]) năm \(year)"
            case "H1": words = "6 tháng đầu năm \(year)"
            case "9M": words = "9 tháng năm \(year)"
            default: words = "năm \(year)"
            }
            return "\(words) (kỳ báo cáo cải cách hành chính, \(days))"
        case .quarter, .span:
            return first == last ? "ngày \(Format.day(first))" : "từ ngày \(Format.day(first)) đến ngày \(Format.day(last))"
        }
    }
}

extension ReportingPeriod {
    /// The code of a period written in words, as a person types it or as ``inWords`` writes it: "Quý 3/2026",
    /// "quý III năm 2026", "6 tháng đầu năm 2026", "tháng 10/2026", "năm 2026", "tuần 48 năm 2026",
    /// "ngày 24/11/2026", and the reform periods written with "(kỳ báo cáo cải cách hành chính …)". Letters
    /// without their marks ("quy 3/2026") are understood too. `nil` when the text is not a period in words.
    static func code(fromWords text: String) -> String? {
        var text = text.precomposedStringWithCanonicalMapping.lowercased()
        var reform = false
        if let open = text.firstIndex(of: "(") {
            reform = text[open...].contains("cải cách")
            text = String(text[..<open])
        }
        let plain: [String: String] = ["quy": "quý", "thang": "tháng", "nam": "năm", "tuan": "tuần", "ngay": "ngày", "dau": "đầu", "cuoi": "cuối"]
        let words = text.split(whereSeparator: { " /-,.\t".contains($0) }).map { plain[String($0)] ?? String($0) }.filter { $0 != "năm" }
        guard let yearText = words.last, yearText.count == 4, let year = Int(yearText) else { return nil }
        let prefix = reform ? "reform-" : ""
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        func number(_ text: String, in range: ClosedRange<Int>) -> Int? {
            let value = Int(text) ?? ["i": 1, "ii": 2, "iii": 3, "iv": 4][text]
            return value.flatMap { range.contains($0) ? $0 : nil }
        }
        switch Array(words.dropLast()) {
        case []:
            return reform ? "reform-\(year)" : "\(year)"
        case let w where w.count == 2 && w[0] == "quý":
            return number(w[1], in: 1...4).map { "\(prefix)\(year)-Q\($0)" }
        case ["6", "tháng", "đầu"]:
            return "\(prefix)\(year)-H1"
        case ["6", "tháng", "cuối"] where !reform:
            return "\(year)-H2"
        case ["9", "tháng"] where reform:
            return "reform-\(year)-9M"
        case let w where w.count == 2 && w[0] == "tháng" && !reform:
            return Int(w[1]).flatMap { (1...12).contains($0) ? "\(year)-\(two($0))" : nil }
        case let w where w.count == 2 && w[0] == "tuần" && !reform:
            return Int(w[1]).flatMap { (1...53).contains($0) ? "\(year)-W\(two($0))" : nil }
        case let w where w.count == 3 && w[0] == "ngày" && !reform:
            guard let day = Int(w[1]), let month = Int(w[2]) else { return nil }
            return "\(year)-\(two(month))-\(two(day))"
        default:
            return nil
        }
    }
}
