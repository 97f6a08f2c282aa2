import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Mustache

/// `/staff/paper`: staff type in paper rating forms quickly (channel `paper`), validated exactly as the
/// API validates a kiosk's rating. Each form carries an id made when it is shown, so a double submit
/// stores one rating.
struct PaperFormsController {
    let services: AppServices
    let templates: MustacheLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: form)
            .post(use: save)
    }

    struct Option {
        var id: String
        var label: String
        var selected: Bool
    }

    struct View {
        var centreName: String
        var user: String
        var id: String
        var date: String
        var time: String
        var counters: [Option]
        var fields: [Option]
        var officers: [Option]
        var levels: [Option]
        var reasons: [Option]
        var message: String?
        var error: String?
        var count: Int
    }

    private func view(context: AppRequestContext, message: String? = nil, error: String? = nil, keep: [String: String] = [:]) throws -> HTML {
        let content = services.content
        let now = services.now()
        let (today, _) = LocalDate.of(now, in: services.timeZone)
        let survey = content.surveys["quick"]
        func options(_ items: [(String, String)], _ key: String) -> [Option] {
            items.map { Option(id: $0.0, label: $0.1, selected: keep[key] == $0.0) }
        }
        let view = View(
            centreName: content.centre.name.vi, user: context.user?.name ?? "",
            id: UUID().uuidString.lowercased(),
            date: keep["date"] ?? today.description, time: keep["time"] ?? Format.time(now, in: services.timeZone),
            counters: options(content.centre.counters.map { ($0.id, "\($0.id) – \($0.name.vi)") }, "counter"),
            fields: options(content.centre.fields.map { ($0.id, $0.name.vi) }, "field"),
            officers: options(content.centre.officers.map { ($0.id, $0.name) }, "officer"),
            levels: (survey?.mainQuestion?.choices ?? []).map { Option(id: $0.id, label: $0.label.vi, selected: false) },
            reasons: (survey?.question("reasons")?.choices ?? []).map { Option(id: $0.id, label: $0.label.vi, selected: false) },
            message: message, error: error,
            count: try paperCountToday(today))
        return HTML(templates.renderStaffPage(view, withTemplate: "paper", context: context))
    }

    private func paperCountToday(_ today: LocalDate) throws -> Int {
        try services.database.tallies(TallyFilter(from: today, to: today), by: .channel)["paper"]?.total ?? 0
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let saved = request.uri.queryParameters.get("saved")
        return try view(
            context: context,
            message: saved == "new" ? "Đã lưu phiếu. / Saved." : saved == "again" ? "Phiếu này đã được lưu trước đó. / Already saved." : nil,
            keep: ["counter": request.uri.queryParameters.get("counter") ?? ""])
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        // Form fields, reasons repeated.
        var fields: [String: String] = [:]
        var reasons: [String] = []
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard parts.count == 2 else { continue }
            if parts[0] == "reasons" { reasons.append(parts[1]) } else { fields[parts[0]] = parts[1] }
        }
        var object: [String: JSONValue] = ["survey": .string("quick"), "channel": .string("paper")]
        var answers: [String: JSONValue] = [:]
        if let level = fields["overall"], !level.isEmpty { answers["overall"] = .string(level) }
        if !reasons.isEmpty { answers["reasons"] = .array(reasons.map(JSONValue.string)) }
        object["answers"] = .object(answers)
        for key in ["id", "counter", "field", "officer", "dossierCode", "comment"] {
            if let value = fields[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { object[key] = .string(value) }
        }
        if let date = fields["date"], let time = fields["time"], LocalDate(date) != nil {
            let offset = services.timeZone.secondsFromGMT(for: services.now())
            let sign = offset >= 0 ? "+" : "-"
            object["createdAt"] = .string(String(format: "%@T%@:00%@%02d:%02d", date, time, sign, abs(offset) / 3600, abs(offset) % 3600 / 60))
        }
        let now = services.now()
        let prepared: PreparedRating
        do {
            prepared = try RatingIntake(content: services.content).prepare(.object(object), receivedAt: now, channel: .paper)
        } catch let error as RatingError {
            let page = try view(context: context, error: "Chưa lưu: \(error.description)", keep: fields)
            var response = try page.response(from: request, context: context)
            response.status = .badRequest
            return response
        }
        let outcome = try await services.writer.record(prepared)
        let counter = fields["counter"] ?? ""
        switch outcome {
        case .created:
            services.metrics.ratingsStored.increment()
            return Response(status: .seeOther, headers: [.location: "/staff/paper?saved=new&counter=\(counter)"])
        case .alreadyStored:
            return Response(status: .seeOther, headers: [.location: "/staff/paper?saved=again&counter=\(counter)"])
        case .conflict, .dossierAlreadyRated:
            let page = try view(context: context, error: "Chưa lưu: hồ sơ này đã được đánh giá. / This dossier has already been rated.", keep: fields)
            var response = try page.response(from: request, context: context)
            response.status = .conflict
            return response
        }
    }
}
