import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskPrint
import KioskStore
import Mustache
import NIOPosix

/// `GET /dashboard`: the head's first view — today, this month, this quarter and this year, overall and
/// per counter, each rate with its n, 95 % interval, the target line and the satisfied ratings still needed.
struct DashboardController {
    let services: AppServices
    let templates: MustacheLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: show)
            .get("report", use: report)
            .get("void", use: voidForm)
            .post("void", use: voidRating)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        do {
            return try await figures(request, context: context)
        } catch let error where StoreHealth.isDamage(error) || services.storeHealth.isDamaged {
            // The figures cannot be read from a damaged file: the banner alone, with what to do.
            if services.storeHealth.markDamaged("\(error)") { services.metrics.storeDamaged() }
            context.logger.error(
                "the dashboard could not read the store",
                metadata: ["kiosk.store.file": "\(services.database.file.path)", "kiosk.error": "\(error)"])
            let page = StoreDamagedPage(
                centreName: services.content.centre.name.vi, user: context.user?.name ?? "", banner: StoreHealth.damagedBanner,
                message: StoreHealth.damagedSentence)
            return HTML(templates.renderStaffPage(page, withTemplate: "store-damaged", context: context))
        }
    }

    /// The dashboard with its figures, and the banner when the store is known to be damaged.
    func figures(_ request: Request, context: AppRequestContext) async throws -> HTML {
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
            let report = try await services.database.figures(
                TallyFilter(from: period.first, to: period.last), by: .counter, reporting: reporting)
            cards.append(DashboardView.Card(label: label, period: period, figures: report.overall, reporting: reporting))
            let groups = Dictionary(uniqueKeysWithValues: (report.groups ?? []).map { ($0.key ?? "", $0) })
            for counter in services.content.centre.counters {
                let figures = groups[counter.id] ?? SatisfactionFigures(tally: Tally(), target: reporting.target, minimumN: reporting.minimumN)
                byCounter[counter.id, default: []].append(DashboardView.Cell(figures: figures, reporting: reporting))
            }
        }
        var selected = try await detail(request, today: today, reporting: reporting)
        selected.canVoid = context.user?.role == .head
        let alerts = try await AlertRules(services).alerts(services)
        let view = DashboardView(
            centreName: services.content.centre.name.vi,
            user: context.user?.name ?? "",
            target: Format.percent(reporting.target),
            minimumN: reporting.minimumN,
            cards: cards,
            periodLabels: periods.map(\.0),
            counters: services.content.centre.counters.map { counter in
                DashboardView.CounterRow(id: counter.id, name: counter.name.vi, cells: byCounter[counter.id] ?? [])
            },
            detail: selected,
            alerts: alerts.map(\.message),
            hasAlerts: !alerts.isEmpty,
            storeDamaged: services.storeHealth.isDamaged ? StoreDamagedPage.Banner(text: StoreHealth.damagedBanner) : nil)
        return HTML(templates.renderStaffPage(view, withTemplate: "dashboard", context: context))
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
    var detail: Detail
    var alerts: [String]
    var hasAlerts: Bool
    /// The red banner, when the store is damaged.
    var storeDamaged: StoreDamagedPage.Banner?

    /// The period chosen in the filter form, with its charts.
    struct Detail {
        /// The period's code, as the filter form and the report links take it.
        var period: String
        /// The period in words ("Quý III năm 2026"), for the headings.
        var periodWords: String
        var range: String
        var rate: String
        var n: Int
        var interval: String
        var needed: String
        var change: String?
        var dossiers: String?
        /// The ratings kept but left out of the rate (misuse, voided), when there are any.
        var excluded: String?
        /// Whether the signed-in person may void a rating (the head).
        var canVoid = false
        var trendSVG: String
        var heatSVG: String
        var breakdowns: [Breakdown]
        var reasons: [Reason]
        var hasReasons: Bool
        var comments: [Comment]
        var hasComments: Bool
        var error: String?
    }

    struct Breakdown {
        var title: String
        var svg: String
    }

    struct Reason {
        var label: String
        var count: Int
        var width: String
    }

    struct Comment {
        var id: String
        var time: String
        var counter: String
        var text: String
    }
}

extension DashboardController {
    /// `GET /dashboard/report?period=…&format=pdf|csv|html|json`: the period's report as a download.
    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let format = query.get("format") ?? "pdf"
        guard PeriodReport.formats.contains(format) else {
            throw PageError(
                .badRequest, "Báo cáo chỉ tải được dưới dạng PDF, CSV, HTML hoặc JSON.", english: "format must be pdf, csv, html or json",
                field: "format")
        }
        let settings = services.content.centre.reporting
        let period: ReportingPeriod
        do {
            period = try ReportingPeriod.parse(query.get("period") ?? "", settings: settings)
        } catch let error as ReportingPeriod.ParseError {
            throw PageError(.badRequest, StaffSentences.badPeriod(query.get("period") ?? ""), english: error.description, field: "period")
        }
        let made = try await PeriodReport(period: period, content: services.content, database: services.database)
        let bytes = try await NIOThreadPool.singleton.runIfActive { try made.render(format) }
        try services.database.audit(
            AuditEvent(
                action: "export.report", actor: context.user?.name,
                address: request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies),
                detail: "\(period.name) \(format)", at: services.now()))
        let types = ["pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8", "json": "application/json"]
        var response = Response(
            status: .ok,
            headers: [
                .contentType: types[format]!, .contentDisposition: "attachment; filename=\"bao-cao-\(period.name).\(format)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        if format == "html" {
            // The report carries its own stylesheet (it is also opened as a file).
            response.headers[.contentSecurityPolicy] = ContentSecurityPolicy.allowingStyles(of: String(decoding: bytes, as: UTF8.self))
        }
        return response
    }

    /// The figures of the period named in `?period=` (this month by default), with its charts.
    func detail(_ request: Request, today: LocalDate, reporting: ReportingSettings) async throws -> DashboardView.Detail {
        let content = services.content
        let database = services.database
        let asked = request.uri.queryParameters.get("period") ?? today.monthKey
        var error: String?
        let period: ReportingPeriod
        do {
            period = try ReportingPeriod.parse(asked, settings: reporting)
        } catch is ReportingPeriod.ParseError {
            error = StaffSentences.badPeriod(asked)
            period = try ReportingPeriod.parse(today.monthKey, settings: reporting)
        }
        let report = try await database.figures(of: period, reporting: reporting)
        let overall = report.overall

        // The trend: days for a short period, weeks for a few months, months beyond.
        let grouping: Grouping = period.dayCount <= 45 ? .day : period.dayCount <= 200 ? .week : .month
        let filter = TallyFilter(from: period.first, to: period.last)
        let trend = try database.tallies(filter, by: grouping).sorted { ($0.key ?? "") < ($1.key ?? "") }.map { entry in
            Charts.Point(label: Self.shortLabel(entry.key ?? "", grouping), figures: figures(entry.value, reporting))
        }
        let hours = try database.tallies(filter, by: .weekdayHour).reduce(into: [String: SatisfactionFigures]()) { result, entry in
            guard let key = entry.key, let dash = key.firstIndex(of: "-"), let hour = Int(key[key.index(after: dash)...]) else { return }
            result["\(key[..<dash])-\(hour)"] = figures(entry.value, reporting)
        }
        let openHours =
            content.centre.hours.isEmpty
            ? 7...17 : (content.centre.hours.map { $0.open / 60 }.min()!)...((content.centre.hours.map { ($0.close - 1) / 60 }.max()!))

        func breakdown(_ grouping: Grouping, _ title: String, _ name: (String) -> String) throws -> DashboardView.Breakdown {
            let rows = try database.tallies(filter, by: grouping).sorted { ($0.key ?? "") < ($1.key ?? "") }.map { entry in
                Charts.Point(label: (entry.key ?? "").isEmpty ? "(không ghi)" : name(entry.key ?? ""), figures: figures(entry.value, reporting))
            }
            return DashboardView.Breakdown(title: title, svg: Charts.bars(rows, target: reporting.target, title: title))
        }
        let centre = content.centre
        let breakdowns = [
            try breakdown(.counter, "Theo quầy / By counter") { centre.counter($0)?.name.vi ?? $0 },
            try breakdown(.field, "Theo lĩnh vực / By field") { centre.field($0)?.name.vi ?? $0 },
            try breakdown(.officer, "Theo cán bộ / By officer") { centre.officer($0)?.name ?? $0 },
        ]

        let reasonLabels = Dictionary(
            content.surveys.values.flatMap { $0.question("reasons")?.choices ?? [] }.map { ($0.id, $0.label.vi) },
            uniquingKeysWith: { first, _ in first })
        let reasons = report.reasons ?? []
        let most = max(1, reasons.first?.count ?? 1)
        let comments = try database.latestComments(from: period.first, to: period.last).map { comment in
            DashboardView.Comment(
                id: comment.id.uuidString.lowercased(),
                time:
                    "\(Format.day(LocalDate.of(comment.createdAt, in: services.timeZone).date)) \(Format.time(comment.createdAt, in: services.timeZone))",
                counter: comment.counter ?? "—", text: comment.comment)
        }
        var dossiers: String?
        if let figures = report.dossiers, let response = figures.responseRate, let rate = figures.rate766 {
            dossiers = "\(figures.dossiers) hồ sơ: tỷ lệ đánh giá \(Format.percent(response)), tỷ lệ theo Quyết định 766 \(Format.percent(rate))"
        }
        return DashboardView.Detail(
            period: period.name, periodWords: period.inWords,
            range: "\(Format.day(period.first)) – \(Format.day(period.last))",
            rate: overall.rate.map(Format.percent) ?? "—", n: overall.valid,
            interval: overall.ci95.map { "\(Format.percent($0[0])) – \(Format.percent($0[1]))" } ?? "—",
            needed: overall.neededToTarget.map(String.init) ?? "—",
            change: report.previous?.change.map { Format.points($0) + " so với kỳ trước" },
            dossiers: dossiers,
            excluded: Self.excludedLine(overall.excluded),
            trendSVG: Charts.trend(trend, target: reporting.target, title: "Xu hướng tỷ lệ hài lòng / Trend"),
            heatSVG: Charts.heatMap(hours, hours: openHours, target: reporting.target, title: "Theo giờ và thứ / Hour × weekday"),
            breakdowns: breakdowns,
            reasons: reasons.map {
                DashboardView.Reason(
                    label: reasonLabels[$0.id] ?? $0.id, count: $0.count, width: String(format: "%.0f", 100 * Double($0.count) / Double(most)))
            },
            hasReasons: !reasons.isEmpty,
            comments: comments, hasComments: !comments.isEmpty, error: error)
    }

    private func figures(_ tally: Tally, _ reporting: ReportingSettings) -> SatisfactionFigures {
        SatisfactionFigures(tally: tally, target: reporting.target, minimumN: reporting.minimumN)
    }

    static func shortLabel(_ key: String, _ grouping: Grouping) -> String {
        switch grouping {
        case .day: key.count == 10 ? "\(key.suffix(2))/\(key.dropFirst(5).prefix(2))" : key
        case .week: key.components(separatedBy: "-").last ?? key
        default: key
        }
    }
}

/// The dashboard of a damaged store: what happened and what the IT officer does, with no figures.
struct StoreDamagedPage {
    struct Banner {
        var text: String
    }

    var centreName: String
    var user: String
    var banner: String
    var message: String
}
