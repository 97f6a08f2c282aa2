import Foundation
import Hummingbird
import KioskCore
import KioskStore

/// `/dashboard/void`: the centre head withdraws a rating from the figures, with a reason. The rating stays
/// stored as it was; the void is a new chained row, and the audit log records it (`rating.void`).
extension DashboardController {
    struct VoidView {
        struct Line {
            var id: String
            var time: String
            var counter: String
            var choice: String
            var channel: String
            var kiosk: String
            var status: String
            var voidable: Bool
        }

        var centreName: String
        var user: String
        var selected: Line?
        var reason: String
        var minimum: Int
        var message: String?
        var error: String?
        var latest: [Line]
        var voids: [Line]
        var hasVoids: Bool
    }

    /// `GET /dashboard/void[?id=…]`: the latest ratings to choose from, the chosen one with the reason field,
    /// and the latest voids.
    @Sendable func voidForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = try refusalUnlessHead(request, context) { return refusal }
        let id = request.uri.queryParameters.get("id").flatMap { UUID(uuidString: $0) }
        let message = request.uri.queryParameters.get("done") == "1" ? "Đã huỷ đánh giá; nó không còn được tính. / The rating was voided." : nil
        return try voidPage(context: context, id: id, message: message)
    }

    struct VoidForm: Decodable {
        var id: String
        var reason: String
    }

    /// `POST /dashboard/void` with `id` and `reason`: voids the rating, then shows it voided.
    @Sendable func voidRating(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = try refusalUnlessHead(request, context) { return refusal }
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(VoidForm.self, from: String(buffer: body)), let id = UUID(uuidString: form.id) else {
            return try voidPage(context: context, id: nil, error: "Chọn một đánh giá để huỷ. / Choose a rating to void.", status: .badRequest)
        }
        do {
            try services.database.void(
                rating: id, reason: form.reason, by: context.user?.name ?? "", at: services.now(), timeZone: services.timeZone,
                address: request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies))
        } catch let error as VoidError {
            let status: HTTPResponse.Status =
                switch error {
                case .unknownRating: .notFound
                case .alreadyVoided: .conflict
                case .notAHead: .forbidden
                case .reasonTooShort, .rollupsDisagree: .badRequest
                }
            return try voidPage(context: context, id: id, reason: form.reason, error: Self.sentence(error), status: status)
        }
        context.logger.notice(
            "rating voided", metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())", "kiosk.user": "\(context.user?.name ?? "")"])
        return Response(status: .seeOther, headers: [.location: "/dashboard/void?id=\(id.uuidString.lowercased())&done=1"])
    }

    /// The refusal for anyone but the head (an administrator sees the dashboard but does not void).
    private func refusalUnlessHead(_ request: Request, _ context: AppRequestContext) throws -> Response? {
        guard context.user?.role == .head else {
            return try Refusal.forbidden(request, "Chỉ trưởng trung tâm được huỷ đánh giá. / Only the centre head voids ratings.")
        }
        return nil
    }

    private func voidPage(
        context: AppRequestContext, id: UUID?, reason: String = "", message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let zone = services.timeZone
        let choices = Dictionary(
            services.content.surveys.values.flatMap { $0.mainQuestion?.choices ?? [] }.map { ($0.id, $0.label.vi) },
            uniquingKeysWith: { first, _ in first })
        func line(_ rating: Rating) -> VoidView.Line {
            let status =
                switch rating.excluded {
                case nil: "tính vào tỷ lệ / counted"
                case .misuse: "bấm liên tục / misuse"
                case .voided: "đã huỷ / voided"
                case .abandoned: "bỏ dở / abandoned"
                }
            return VoidView.Line(
                id: rating.id.uuidString.lowercased(),
                time: "\(Format.day(LocalDate.of(rating.createdAt, in: zone).date)) \(Format.time(rating.createdAt, in: zone))",
                counter: rating.counter ?? "—", choice: choices[rating.mainChoice] ?? rating.mainChoice, channel: rating.channel.rawValue,
                kiosk: rating.kiosk ?? "—", status: status, voidable: rating.excluded != .voided)
        }
        let database = services.database
        let selected = try id.flatMap { try database.rating(id: $0) }.map(line)
        var voids: [VoidView.Line] = []
        for void in try database.voids(limit: 20) {
            guard var entry = try database.rating(id: void.ratingID).map(line) else { continue }
            entry.status = "\(Format.day(LocalDate.of(void.at, in: zone).date)) \(void.by): \(void.reason)"
            voids.append(entry)
        }
        let view = VoidView(
            centreName: services.content.centre.name.vi, user: context.user?.name ?? "", selected: selected, reason: reason,
            minimum: AppDatabase.minimumVoidReason, message: message,
            error: error ?? (id != nil && selected == nil ? "Không có đánh giá này. / No such rating." : nil),
            latest: try database.latestRatings(limit: 20).map(line), voids: voids, hasVoids: !voids.isEmpty)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: templates.renderStaffPage(view, withTemplate: "void", context: context))))
    }

    static func sentence(_ error: VoidError) -> String {
        switch error {
        case .reasonTooShort:
            "Lý do cần ít nhất \(AppDatabase.minimumVoidReason) ký tự để người đọc sau hiểu được. / \(error.description)"
        case .alreadyVoided(let void): "Đánh giá này đã được huỷ bởi \(void.by): \(void.reason) / \(error.description)"
        case .unknownRating: "Không có đánh giá này. / \(error.description)"
        case .notAHead, .rollupsDisagree: error.description
        }
    }

    /// "Không tính vào tỷ lệ: 20 bấm liên tục · 1 đã huỷ", or `nil` when every rating counted.
    static func excludedLine(_ excluded: [String: Int]) -> String? {
        let names = ["misuse": "bấm liên tục (misuse)", "voided": "đã huỷ (voided)", "abandoned": "bỏ dở (abandoned)"]
        let parts = excluded.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \(names[$0.key] ?? $0.key)" }
        return parts.isEmpty ? nil : "Không tính vào tỷ lệ / Not counted: " + parts.joined(separator: " · ")
    }
}
