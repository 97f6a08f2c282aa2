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

/// `GET /hub/v1/stats` (JSON) and `GET /hub/` (the city dashboard), for readers: `Authorization: Bearer <reader
/// token>`, or HTTP Basic with the reader token as the password (a browser asks for it).
struct HubFiguresController {
    let database: HubDatabase
    let reporting: ReportingSettings
    let templates: MustacheLibrary
    let now: @Sendable () -> Date

    var apiEndpoints: RouteCollection<BasicRequestContext> {
        RouteCollection(context: BasicRequestContext.self).get(use: stats)
    }

    var pageEndpoints: RouteCollection<BasicRequestContext> {
        RouteCollection(context: BasicRequestContext.self).get(use: dashboard)
    }

    /// Lets a reader through; anyone else gets 401 with a Basic challenge.
    func requireReader(_ request: Request) async throws {
        var token: String?
        if let header = request.headers[.authorization] {
            if header.hasPrefix("Bearer ") {
                token = String(header.dropFirst(7))
            } else if header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
                let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
            {
                token = String(text[text.index(after: colon)...])
            }
        }
        guard let token, try await database.reader(token: token) != nil else {
            throw HTTPError.hub(
                .unauthorized, "a reader token is needed (kiosk hub readers add NAME): Authorization: Bearer TOKEN, or TOKEN as the password",
                headers: [.wwwAuthenticate: "Basic realm=\"CitizenKiosk hub\", charset=\"UTF-8\""])
        }
    }

    /// The period of `?period=` (default: this year in Vietnam's time).
    func period(_ request: Request) throws -> ReportingPeriod {
        let name = request.uri.queryParameters.get("period") ?? String(LocalDate.of(now(), in: Self.zone).date.year)
        do {
            return try ReportingPeriod.parse(name, settings: reporting)
        } catch let error as ReportingPeriod.ParseError {
            throw HTTPError.hub(.badRequest, "period: \(error.description)")
        }
    }

    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .current

    @Sendable func stats(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await requireReader(request)
        let query = request.uri.queryParameters
        var grouping: HubGrouping?
        if let by = query.get("by") {
            guard let value = HubGrouping(rawValue: by) else {
                throw HTTPError.hub(.badRequest, "by must be one of: \(HubGrouping.names.joined(separator: ", "))")
            }
            grouping = value
        }
        let centre = query.get("centre")
        if let centre, !(try await database.centres().contains { $0.code == centre }) {
            throw HTTPError.hub(.notFound, HubError.unknownCentre(centre).description)
        }
        if case .city? = grouping, centre != nil {
            throw HTTPError.hub(.badRequest, "by=centre, district or kind is for the city's figures: leave out centre")
        }
        let survey = query.get("survey")
        let question = query.get("question")
        if question != nil && survey == nil { throw HTTPError.hub(.badRequest, "question needs survey") }
        let report = try await database.figures(
            of: try period(request), centre: centre, by: grouping, reporting: reporting, survey: survey, question: question)
        return try HubJSON.response(HubStatsReport(centre: centre, report: report))
    }

    @Sendable func dashboard(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await requireReader(request)
        let period = try period(request)
        let groupBy: CityGrouping = request.uri.queryParameters.get("by").flatMap(CityGrouping.init(rawValue:)) ?? .district
        let view = try await HubDashboard.make(database: database, period: period, groupBy: groupBy, reporting: reporting)
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
