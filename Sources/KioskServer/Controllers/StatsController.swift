import Foundation
import Hummingbird
import KioskCore
import KioskStore

/// `GET /api/v1/stats?period=…&by=…` (or `from`/`to`): the JSON of `kiosk stats`, for staff signed in
/// and for read-only tokens (`Authorization: Bearer …`, made with `kiosk token create`).
struct StatsController {
    let services: AppServices

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: stats)
    }

    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let reporting = services.content.centre.reporting
        var grouping: Grouping?
        if let by = query.get("by") {
            guard let value = Grouping(rawValue: by) else {
                throw APIError(.badRequest, "by must be one of: \(Grouping.allCases.map(\.rawValue).joined(separator: ", "))", field: "by")
            }
            grouping = value
        }
        let survey = query.get("survey")
        let question = query.get("question")
        if question != nil && survey == nil { throw APIError(.badRequest, "question needs survey", field: "question") }
        let report: FiguresReport
        if let name = query.get("period") {
            let period: ReportingPeriod
            do {
                period = try ReportingPeriod.parse(name, settings: reporting)
            } catch let error as ReportingPeriod.ParseError {
                throw APIError(.badRequest, error.description, field: "period")
            }
            report = try await services.database.figures(of: period, by: grouping, reporting: reporting, survey: survey, question: question)
        } else {
            func day(_ key: String) throws -> LocalDate? {
                guard let text = query.get(key) else { return nil }
                guard let date = LocalDate(text) else { throw APIError(.badRequest, "\(key) must be a day YYYY-MM-DD", field: key) }
                return date
            }
            let filter = TallyFilter(from: try day("from"), to: try day("to"), survey: survey, question: question)
            report = try await services.database.figures(filter, by: grouping, reporting: reporting)
        }
        var json = try JSONResponse.make(report)
        json.headers[.cacheControl] = "no-store"
        return json
    }
}

/// Lets a request through with a live read-only token (`Authorization: Bearer …`) or the session of a head
/// or an admin.
struct RequireReaderMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let token = try services.database.token(secret: String(header.dropFirst(7))) else {
                throw APIError(.unauthorized, "the bearer token is unknown or revoked")
            }
            var context = context
            context.user = SignedInUser(name: "token:\(token.name)", role: token.role)
            return try await next(request, context)
        }
        // A session was found by SessionMiddleware; the figures are for the head and the admin.
        guard let user = context.user else {
            throw APIError(.unauthorized, "sign in, or send a read-only token as Authorization: Bearer …")
        }
        guard user.role == .head || user.role == .admin else {
            throw APIError(.forbidden, "your role (\(user.role.rawValue)) may not read the figures")
        }
        return try await next(request, context)
    }
}
