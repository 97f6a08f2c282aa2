import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Mustache

/// `GET /dashboard`: the head's first view — today, this month, this quarter and this year, overall and
/// per counter, each rate with its n, 95 % interval, the target line and the satisfied ratings still needed.
struct DashboardController {
    let services: AppServices
    let templates: MustacheLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let today = LocalDate.of(services.now(), in: services.timeZone).date
        let reporting = services.content.centre.reporting
        let periods: [(String, CalendarPeriod)] = [
            ("Hôm nay / Today", .day(today)),
            ("Tháng này / This month", .month(of: today)),
            ("Quý này / This quarter", .quarter(of: today)),
            ("Năm nay / This year", .year(of: today)),
        ]
        var cards: [DashboardView.Card] = []
        var byCounter: [String: [DashboardView.Cell]] = [:]
        for (label, period) in periods {
            let report = try services.database.figures(
                TallyFilter(from: period.first, to: period.last), by: .counter, reporting: reporting)
            cards.append(DashboardView.Card(label: label, period: period, figures: report.overall, reporting: reporting))
            let groups = Dictionary(uniqueKeysWithValues: (report.groups ?? []).map { ($0.key ?? "", $0) })
            for counter in services.content.centre.counters {
                let figures = groups[counter.id] ?? SatisfactionFigures(tally: Tally(), target: reporting.target, minimumN: reporting.minimumN)
                byCounter[counter.id, default: []].append(DashboardView.Cell(figures: figures, reporting: reporting))
            }
        }
        let view = DashboardView(
            centreName: services.content.centre.name.vi,
            user: context.user?.name ?? "",
            target: Format.percent(reporting.target),
            minimumN: reporting.minimumN,
            cards: cards,
            periodLabels: periods.map(\.0),
            counters: services.content.centre.counters.map { counter in
                DashboardView.CounterRow(id: counter.id, name: counter.name.vi, cells: byCounter[counter.id] ?? [])
            })
        return HTML(templates.render(view, withTemplate: "dashboard") ?? "")
    }
}

/// What the dashboard template shows; every number already formatted the Vietnamese way.
struct DashboardView {
    struct Card {
        var label: String
        var range: String
        var hasRate: Bool
        var rate: String
        var n: Int
        var total: Int
        var interval: String
        var needed: String
        var tooFew: Bool
        var meets: Bool
        /// Bar width and target position, in percent of the bar.
        var barWidth: String
        var targetAt: String

        init(label: String, period: CalendarPeriod, figures: SatisfactionFigures, reporting: ReportingSettings) {
            self.label = label
            range = period.first == period.last ? Format.day(period.first) : "\(Format.day(period.first)) – \(Format.day(period.last))"
            hasRate = figures.rate != nil
            rate = figures.rate.map(Format.percent) ?? "—"
            n = figures.valid
            total = figures.total
            interval = figures.ci95.map { "\(Format.percent($0[0])) – \(Format.percent($0[1]))" } ?? "—"
            needed = figures.neededToTarget.map(String.init) ?? "—"
            tooFew = figures.tooFewToJudge
            meets = figures.meets(reporting.target) ?? false
            barWidth = String(format: "%.1f", (figures.rate ?? 0) * 100)
            targetAt = String(format: "%.1f", reporting.target * 100)
        }
    }

    struct Cell {
        var hasRate: Bool
        var rate: String
        var n: Int
        var tooFew: Bool
        var meets: Bool

        init(figures: SatisfactionFigures, reporting: ReportingSettings) {
            hasRate = figures.rate != nil
            rate = figures.rate.map(Format.percent) ?? "—"
            n = figures.valid
            tooFew = figures.tooFewToJudge
            meets = figures.meets(reporting.target) ?? false
        }
    }

    struct CounterRow {
        var id: String
        var name: String
        var cells: [Cell]
    }

    var centreName: String
    var user: String
    var target: String
    var minimumN: Int
    var cards: [Card]
    var periodLabels: [String]
    var counters: [CounterRow]
}

/// Number and date formats of the staff pages (Vietnamese: decimal comma, day/month/year).
enum Format {
    static func percent(_ value: Double) -> String {
        String(format: "%.1f", value * 100).replacingOccurrences(of: ".", with: ",") + " %"
    }

    /// "09:15" in the centre's time zone.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    static func day(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }
}
