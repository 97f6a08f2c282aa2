import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Mustache

/// Help calls: a paired kiosk calls a staff member (`POST /api/v1/calls`), follows the call
/// (`GET /api/v1/calls/ID`) and may withdraw it (`POST /api/v1/calls/ID/cancel`); staff see waiting calls
/// on `/staff/calls` and take one. Following and withdrawing need the call's id, which only its kiosk knows.
struct CallsController {
    let services: AppServices
    let templates: MustacheLibrary

    /// Making a call: behind ``RequirePairedKioskMiddleware``.
    var kioskEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .post(use: create)
    }

    var apiEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(":id", use: show)
            .post(":id/cancel", use: cancel)
    }

    var staffEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: page)
            .get("calls.json", use: list)
            .post(":id/take", use: take)
    }

    struct CallJSON: Encodable {
        var id: String
        var kiosk: String?
        var topic: String?
        var createdAt: String
        var status: String
        var takenBy: String?
        var takenAt: String?

        init(_ call: HelpCall, timeZone: TimeZone) {
            id = call.id.uuidString.lowercased()
            kiosk = call.kiosk
            topic = call.topic
            createdAt = RFC3339.format(call.createdAt, in: timeZone)
            status = call.status.rawValue
            takenBy = call.takenBy
            takenAt = call.takenAt.map { RFC3339.format($0, in: timeZone) }
        }

        enum CodingKeys: String, CodingKey { case id, kiosk, topic, createdAt, status, takenBy, takenAt }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kiosk, forKey: .kiosk)
            try container.encode(topic, forKey: .topic)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(status, forKey: .status)
            try container.encode(takenBy, forKey: .takenBy)
            try container.encode(takenAt, forKey: .takenAt)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        guard case .object(let object) = try await request.collectJSON(upTo: 4096) else {
            throw APIError(.badRequest, "the body must be a JSON object such as {\"id\": \"…\", \"kiosk\": \"kiosk-1\"}")
        }
        if let unknown = object.keys.sorted().first(where: { !["id", "kiosk", "topic"].contains($0) }) {
            throw APIError(.badRequest, "unknown field '\(unknown)'", field: unknown)
        }
        guard case .string(let idText)? = object["id"], let id = UUID(uuidString: idText) else {
            throw APIError(.badRequest, "id must be a UUID made by the kiosk", field: "id")
        }
        var kiosk: String?
        if case .string(let text)? = object["kiosk"], !text.isEmpty {
            guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw APIError(.badRequest, "kiosk may hold only letters, digits, '.', '_' and '-'", field: "kiosk")
            }
            kiosk = text
        }
        if let paired = context.kiosk {
            if let kiosk, kiosk != paired.id {
                throw APIError(.forbidden, "this device is paired as kiosk '\(paired.id)'; it cannot call for kiosk '\(kiosk)'", field: "kiosk")
            }
            kiosk = paired.id
        }
        var topic: String?
        if case .string(let text)? = object["topic"], !text.isEmpty {
            guard services.content.helpTopic(text) != nil else { throw APIError(.badRequest, "no help topic '\(text.prefix(64))'", field: "topic") }
            topic = text
        }
        let (call, created) = try services.database.recordCall(id: id, kiosk: kiosk, topic: topic, now: services.now())
        if created { context.logger.notice("help call", metadata: ["kiosk.call.id": "\(id)", "kiosk.kiosk": "\(kiosk ?? "-")"]) }
        return try JSONResponse.make(CallJSON(call, timeZone: services.timeZone), status: created ? .created : .ok)
    }

    private func callID(_ context: AppRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw APIError(.notFound, "no such call") }
        return id
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let call = try services.database.call(id: try callID(context)) else { throw APIError(.notFound, "no such call") }
        return try JSONResponse.make(CallJSON(call, timeZone: services.timeZone))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let call = try services.database.cancelCall(id: try callID(context)) else { throw APIError(.notFound, "no such call") }
        return try JSONResponse.make(CallJSON(call, timeZone: services.timeZone))
    }

    /// The calls of the last hour, waiting ones first.
    private func recent() throws -> [HelpCall] {
        try services.database.calls(since: services.now().addingTimeInterval(-3600))
            .sorted { ($0.status == .waiting ? 0 : 1, $0.createdAt) < ($1.status == .waiting ? 0 : 1, $1.createdAt) }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(["calls": try recent().map { CallJSON($0, timeZone: services.timeZone) }])
    }

    struct PageView {
        struct Row {
            var id: String
            var kiosk: String
            var topic: String
            var time: String
            var waiting: Bool
            var status: String
        }
        var centreName: String
        var user: String
        var calls: [Row]
        var hasCalls: Bool
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let content = services.content
        let rows = try recent().map { call in
            let kioskName = call.kiosk.flatMap { content.centre.kiosk($0)?.name?.vi } ?? call.kiosk ?? "—"
            let status =
                switch call.status {
                case .waiting: "Đang chờ / Waiting"
                case .taken: "Đã nhận: \(call.takenBy ?? "") / Taken"
                case .cancelled: "Đã huỷ / Cancelled"
                }
            return PageView.Row(
                id: call.id.uuidString.lowercased(), kiosk: kioskName, topic: call.topic.flatMap { content.helpTopic($0)?.title.vi } ?? "—",
                time: Format.time(call.createdAt, in: services.timeZone), waiting: call.status == .waiting, status: status)
        }
        return HTML(
            templates.renderStaffPage(
                PageView(centreName: content.centre.name.vi, user: context.user?.name ?? "", calls: rows, hasCalls: !rows.isEmpty),
                withTemplate: "calls", context: context))
    }

    @Sendable func take(_ request: Request, context: AppRequestContext) async throws -> Response {
        let staff = context.user?.name ?? "staff"
        guard try services.database.takeCall(id: try callID(context), by: staff, now: services.now()) != nil else {
            throw APIError(.notFound, "no such call")
        }
        return Response(status: .seeOther, headers: [.location: "/staff/calls"])
    }
}
