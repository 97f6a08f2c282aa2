import Foundation
import KioskCore

/// What the city dashboard shows for a period: the city against the target, every centre ranked by rate,
/// the centres grouped by district or kind, and the monthly trend of the twelve months to the period's end.
struct HubDashboard: Sendable {
    struct Figure: Sendable {
        var label: String
        var detail: String
        var n: Int
        var rate: String
        var interval: String
        var needed: String
        var tooFew: Bool
        var meets: Bool
        var barWidth: String
        var rank: String
    }

    var period: String
    var range: String
    var target: String
    var targetAt: String
    var minimumN: Int
    var city: Figure
    var change: String
    var centres: [Figure]
    var groupBy: String
    var groupByDistrict: Bool
    var groups: [Figure]
    var trend: [Figure]
    var judged: Int
    var meeting: Int
    /// What the city's IT officer should look at (a centre whose rating chain was rewritten).
    struct AlertRow: Sendable {
        var alertCentre: String
        var alertMessage: String
        var alertSince: String
        var alertTimes: Int64
    }
    var alerts: [AlertRow] = []
    var hasAlerts = false

    /// Reads every figure of the page.
    static func make(
        database: HubDatabase, period: ReportingPeriod, groupBy: CityGrouping, reporting: ReportingSettings, timeZone: TimeZone
    ) async throws -> HubDashboard {
        let figures = try await database.cityFigures(of: period, groupBy: groupBy, reporting: reporting)
        let (report, grouped, trend) = (figures.byCentre, figures.grouped, figures.trend)
        let centres = figures.centres
        let byCode = Dictionary(uniqueKeysWithValues: (report.groups ?? []).map { ($0.key ?? "", $0) })
        // Every registered centre, those with too few ratings after the judged ones, each part by rate.
        let empty = SatisfactionFigures(tally: Tally(), target: reporting.target, minimumN: reporting.minimumN)
        let ranked = centres.map { ($0, byCode[$0.code] ?? empty) }.sorted { a, b in
            if a.1.tooFewToJudge != b.1.tooFewToJudge { return !a.1.tooFewToJudge }
            if (a.1.rate ?? -1) != (b.1.rate ?? -1) { return (a.1.rate ?? -1) > (b.1.rate ?? -1) }
            return a.0.code < b.0.code
        }
        var rank = 0
        let rows = ranked.map { centre, figures -> Figure in
            if !figures.tooFewToJudge { rank += 1 }
            return figure(
                figures, label: centre.name, detail: "\(centre.code) · \(centre.district) · \(kindLabel(centre.kind.rawValue))",
                reporting: reporting, rank: figures.tooFewToJudge ? "–" : "\(rank)")
        }
        let groups = (grouped.groups ?? []).map { group in
            figure(
                group, label: groupBy == .kind ? kindLabel(group.key ?? "") : (group.key?.isEmpty == false ? group.key! : "(chưa ghi / none)"),
                detail: "", reporting: reporting, rank: "")
        }
        let months = (trend.groups ?? []).map { figure($0, label: $0.key ?? "", detail: "", reporting: reporting, rank: "") }
        let judged = ranked.filter { !$0.1.tooFewToJudge }
        let alerts = try await database.alerts().map { alert in
            AlertRow(
                alertCentre: alert.centre, alertMessage: alert.message,
                alertSince: Format.moment(alert.firstAt, in: timeZone), alertTimes: alert.times)
        }
        return HubDashboard(
            period: period.name, range: "\(Format.day(period.first)) – \(Format.day(period.last))", target: Format.percent(reporting.target),
            targetAt: String(format: "%.1f", reporting.target * 100), minimumN: reporting.minimumN,
            city: figure(report.overall, label: "Toàn thành phố / City", detail: "", reporting: reporting, rank: ""),
            change: report.previous?.change.map { Format.points($0) + " / points" } ?? "–",
            centres: rows, groupBy: groupBy == .kind ? "loại / kind" : "quận, huyện / district", groupByDistrict: groupBy != .kind,
            groups: groups, trend: months, judged: judged.count, meeting: judged.filter { $0.1.meets(reporting.target) == true }.count,
            alerts: alerts, hasAlerts: !alerts.isEmpty)
    }

    static func figure(_ figures: SatisfactionFigures, label: String, detail: String, reporting: ReportingSettings, rank: String) -> Figure {
        Figure(
            label: label, detail: detail, n: figures.valid, rate: Format.percent(figures.rate, none: "–"),
            interval: Format.interval(figures.ci95, none: "–"),
            needed: figures.neededToTarget.map(String.init) ?? "–", tooFew: figures.tooFewToJudge,
            meets: figures.meets(reporting.target) == true, barWidth: String(format: "%.1f", (figures.rate ?? 0) * 100), rank: rank)
    }

    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case CentreKind.ward.rawValue: "phường / ward"
        case CentreKind.commune.rawValue: "xã / commune"
        case CentreKind.specialZone.rawValue: "đặc khu / special zone"
        default: kind
        }
    }
}

/// Every figure of the city dashboard for a period.
public struct CityFigures: Sendable {
    /// The city's figures with the comparison to the period before, grouped by centre.
    public var byCentre: FiguresReport
    /// The city's figures grouped by district or kind.
    public var grouped: FiguresReport
    /// The city's figures by month, for the twelve months that end with the period.
    public var trend: FiguresReport
    /// Every registered centre.
    public var centres: [HubCentre]
}

extension HubDatabase {
    /// Reads every figure the city dashboard shows for `period`.
    public func cityFigures(of period: ReportingPeriod, groupBy: CityGrouping, reporting: ReportingSettings) async throws -> CityFigures {
        let byCentre = try await figures(of: period, centre: nil, by: .city(.centre), reporting: reporting)
        let grouped = try await figures(
            TallyFilter(from: period.first, to: period.last), centre: nil, by: .city(groupBy == .centre ? .district : groupBy), reporting: reporting)
        var trendFirst = period.last.firstOfMonth
        for _ in 0..<11 {
            trendFirst = LocalDate(
                year: trendFirst.month == 1 ? trendFirst.year - 1 : trendFirst.year, month: (trendFirst.month + 10) % 12 + 1, day: 1)
        }
        let trend = try await figures(TallyFilter(from: trendFirst, to: period.last), centre: nil, by: .centre(.month), reporting: reporting)
        return CityFigures(byCentre: byCentre, grouped: grouped, trend: trend, centres: try await centres())
    }
}
