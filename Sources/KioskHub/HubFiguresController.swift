import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import Mustache

/// The hub's figures as `kiosk stats` gives them, plus `centre`: the centre's code, or `null` for the whole city.
struct HubStatsReport: Encodable {
    var centre: String?
    var report: FiguresReport

    enum CodingKeys: String, CodingKey { case centre }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(centre, forKey: .centre)
        try report.encode(to: encoder)
    }
}

/// `GET /hub/v1/stats` (JSON) and `GET /hub/` (the city dashboard), for readers, both behind ``HubReaderMiddleware``.
struct HubFiguresController {
    let database: HubDatabase
    let reporting: ReportingSettings
    /// The city's time zone (``HubConfiguration/timeZone``).
    let timeZone: TimeZone
    let templates: MustacheLibrary
    let now: @Sendable () -> Date

    var apiEndpoints: RouteCollection<HubRequestContext> {
        RouteCollection(context: HubRequestContext.self).get(use: stats)
    }

    var pageEndpoints: RouteCollection<HubRequestContext> {
        RouteCollection(context: HubRequestContext.self).get(use: dashboard)
    }

    /// The period of `?period=` (default: this year in the city's time zone).
    func period(_ request: Request) throws -> ReportingPeriod {
        let name = request.uri.queryParameters.get("period") ?? String(LocalDate.of(now(), in: timeZone).date.year)
        do {
            return try ReportingPeriod.parse(name, settings: reporting)
        } catch let error as ReportingPeriod.ParseError {
            throw APIError(.badRequest, "period: \(error.description)", field: "period")
        }
    }

    @Sendable func stats(_ request: Request, context: HubRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var grouping: HubGrouping?
        if let by = query.get("by") {
            guard let value = HubGrouping(rawValue: by) else {
                throw APIError(.badRequest, "by must be one of: \(HubGrouping.names.joined(separator: ", "))", field: "by")
            }
            grouping = value
        }
        let centre = query.get("centre")
        if let centre, !(try await database.centres().contains { $0.code == centre }) {
            throw APIError(.notFound, HubError.unknownCentre(centre).description, field: "centre")
        }
        if case .city? = grouping, centre != nil {
            throw APIError(.badRequest, "by=centre, district or kind is for the city's figures: leave out centre", field: "centre")
        }
        let survey = query.get("survey")
        let question = query.get("question")
        if question != nil && survey == nil { throw APIError(.badRequest, "question needs survey", field: "question") }
        let report = try await database.figures(
            of: try period(request), centre: centre, by: grouping, reporting: reporting, survey: survey, question: question)
        return try JSONResponse.make(HubStatsReport(centre: centre, report: report))
    }

    @Sendable func dashboard(_ request: Request, context: HubRequestContext) async throws -> Response {
        let period = try period(request)
        let groupBy: CityGrouping = request.uri.queryParameters.get("by").flatMap(CityGrouping.init(rawValue:)) ?? .district
        let view = try await HubDashboard.make(
            database: database, period: period, groupBy: groupBy, reporting: reporting, timeZone: timeZone)
        let html = templates.render(view, withTemplate: "hub") ?? ""
        // The page carries its stylesheet in a <style> element: allowed by its hash, and nothing else inline.
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: ContentSecurityPolicy.allowingStyles(of: html),
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
