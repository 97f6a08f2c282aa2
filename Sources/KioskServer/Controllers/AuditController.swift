import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Mustache

/// `GET /admin/audit`: the newest 200 entries of the audit log (sign-ins, exports, voids, user and kiosk
/// changes, retention sweeps), optionally only one kind of action (`?action=login` also shows `login.failed`).
/// For administrators only; mounted behind ``RequireRoleMiddleware``.
struct AuditController {
    let services: AppServices
    let templates: MustacheLibrary

    /// The actions offered in the filter, as the log names them.
    static let actions = ["login", "logout", "user", "kiosk", "token", "export", "rating.void", "ocop.import", "retention.run", "content.reload"]

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("audit", use: show)
    }

    struct View {
        struct Entry {
            var at: String
            var action: String
            var actor: String
            var address: String
            var detail: String
        }

        struct Option {
            var value: String
            var selected: Bool
        }

        var centreName: String
        var user: String
        var action: String
        var options: [Option]
        var entries: [Entry]
        var hasEntries: Bool
        var limit: Int
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let asked = request.uri.queryParameters.get("action")?.trimmingCharacters(in: .whitespaces) ?? ""
        let action = String(asked.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }.prefix(40))
        let limit = 200
        let zone = services.timeZone
        let entries = try services.database.auditLog(limit: limit, actionPrefix: action.isEmpty ? nil : action).map { event in
            View.Entry(
                at: "\(Format.day(LocalDate.of(event.at, in: zone).date)) \(Format.time(event.at, in: zone))", action: event.action,
                actor: event.actor ?? "—", address: event.address ?? "—", detail: event.detail ?? "")
        }
        let view = View(
            centreName: services.content.centre.name.vi, user: context.user?.name ?? "", action: action,
            options: Self.actions.map { View.Option(value: $0, selected: $0 == action) }, entries: entries, hasEntries: !entries.isEmpty,
            limit: limit)
        return HTML(templates.renderStaffPage(view, withTemplate: "audit", context: context))
    }
}
