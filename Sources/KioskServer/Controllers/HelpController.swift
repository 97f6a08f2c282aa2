import Foundation
import Hummingbird
import Ink
import KioskCore
import KioskPrint
import NIOPosix

/// The guidance topics for the kiosk: `GET /api/v1/help` (the tree) and `GET /api/v1/help/ID` (one
/// topic: its text as HTML, its short steps, its link and the address of its QR code).
struct HelpController {
    let services: AppServices

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: tree)
            .get(":id", use: topic)
    }

    /// Printing on a kiosk's printer: behind ``RequirePairedKioskMiddleware``.
    var printEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .post(":id/print", use: printTopic)
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

    struct PrintRequest: Decodable {
        var kiosk: String?
        var lang: String?
    }

    /// `POST /api/v1/help/ID/print` `{"kiosk": "kiosk-1", "lang": "vi"}`: prints the topic's slip on the
    /// printer beside the paired kiosk (its `printer` in `centre.toml`); `kiosk` may be left out, and
    /// naming another kiosk is refused.
    @Sendable func printTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let topic = services.content.helpTopic(id) else { throw APIError(.notFound, "no help topic '\(id.prefix(64))'") }
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let asked = try? JSONDecoder().decode(PrintRequest.self, from: Data(buffer: body)) else {
            throw APIError(.badRequest, "send {\"kiosk\": \"ID\"} to print on that kiosk's printer", field: "kiosk")
        }
        guard let paired = context.kiosk else { throw APIError(.unauthorized, PairedKioskAuthentication.notPairedMessage) }
        if let named = asked.kiosk, named != paired.id {
            throw APIError(
                .forbidden, "this device is paired as kiosk '\(paired.id)'; it cannot print for kiosk '\(named.prefix(64))'", field: "kiosk")
        }
        let centre = services.content.centre
        guard let printer = paired.device(in: centre).printer.flatMap(centre.printer) else {
            throw APIError(.badRequest, "kiosk '\(paired.id)' has no printer in centre.toml", field: "kiosk")
        }
        let language = Language(rawValue: asked.lang ?? "vi") ?? .vi
        let slip = Slip(topic: topic, centre: centre, language: language, date: LocalDate.of(services.now(), in: services.timeZone).date)
        do {
            try await NIOThreadPool.singleton.runIfActive {
                let job = try SlipDocument.render(slip, paper: printer.paper, format: SlipDocument.format(for: printer), language: language)
                try PrinterClient(timeout: services.configuration.printTimeout).send(job, to: printer.address)
            }
        } catch let error as PrintError {
            context.logger.warning("kiosk print failed", metadata: ["kiosk.printer": "\(printer.id)", "kiosk.error": "\(error)"])
            throw APIError(.serviceUnavailable, error.description)
        }
        return try JSONResponse.make(["printed": true])
    }
}
