import Foundation

/// How numbers, rates and dates read on every page, report and alert of the centre and of the hub
/// (Vietnamese: a decimal comma, a space before %, day/month/year), written once.
public enum Format {
    /// A rate as a percentage with one decimal: 0.953 → "95,3 %".
    public static func percent(_ value: Double) -> String {
        decimal(value * 100) + " %"
    }

    /// A rate or "—" when there is none.
    public static func percent(_ value: Double?, none: String = "—") -> String {
        value.map { percent($0) } ?? none
    }

    /// A change of rate in percentage points, signed: 0.012 → "+1,2 điểm".
    public static func points(_ change: Double) -> String {
        String(format: "%+.1f", change * 100).replacingOccurrences(of: ".", with: ",") + " điểm"
    }

    /// A 95 % confidence interval "94,1 % – 96,2 %", or "—".
    public static func interval(_ bounds: [Double]?, none: String = "—") -> String {
        guard let bounds, bounds.count == 2 else { return none }
        return "\(percent(bounds[0])) – \(percent(bounds[1]))"
    }

    /// "09:15" in `timeZone`.
    public static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "05/12/2026".
    public static func day(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// "05/12/2026 09:15" in `timeZone`.
    public static func moment(_ date: Date, in timeZone: TimeZone) -> String {
        "\(day(LocalDate.of(date, in: timeZone).date)) \(time(date, in: timeZone))"
    }

    /// One decimal with a comma: 95.25 → "95,3" (rounded half away from zero, as `%.1f`).
    private static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}
