import Foundation
import Hummingbird
import Ink
import KioskCore

/// The guidance topics for the kiosk: `GET /api/v1/help` (the tree) and `GET /api/v1/help/ID` (one
/// topic: its text as HTML, its short steps, its link and the address of its QR code).
struct HelpController {
    let services: AppServices

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: tree)
            .get(":id", use: topic)
    }

    struct Summary: Encodable {
        var id: String
        var title: LocalizedText
        var parent: String?
        var order: Int
        var summary: LocalizedText?
        var link: String?
    }

    @Sendable func tree(_ request: Request, context: AppRequestContext) async throws -> Response {
        let topics = services.content.help.map {
            Summary(id: $0.id, title: $0.title, parent: $0.parent, order: $0.order, summary: $0.summary, link: $0.link)
        }
        return try JSONResponse.make(["topics": topics])
    }

    struct Detail: Encodable {
        var id: String
        var title: LocalizedText
        var parent: String?
        var children: [String]
        var link: String?
        /// `/qr.svg?text=…` for the link, when there is one.
        var qr: String?
        var source: HelpSource?
        var html: [String: String]
        var steps: [String: [String]]
    }

    @Sendable func topic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let topic = services.content.helpTopic(id) else {
            throw APIError(.notFound, "no help topic '\(id.prefix(64))'")
        }
        let parser = MarkdownParser()
        var html: [String: String] = [:]
        var steps: [String: [String]] = [:]
        for language in Language.allCases {
            html[language.rawValue] = parser.html(from: topic.body.text(in: language))
            steps[language.rawValue] = topic.steps(in: language)
        }
        let qr = topic.link.flatMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }.map { "/qr.svg?ec=M&text=\($0)" }
        return try JSONResponse.make(
            Detail(
                id: topic.id, title: topic.title, parent: topic.parent, children: services.content.helpTopics(under: topic.id).map(\.id),
                link: topic.link, qr: qr, source: topic.source, html: html, steps: steps))
    }
}
