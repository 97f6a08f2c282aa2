import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskPrint
import Mustache
import NIOPosix

/// `/staff/slips` (staff sign-in): every help topic with a preview of its slip, a print button per
/// printer of `centre.toml`, a PDF download and a print view for the browser's own print dialog.
struct SlipsController {
    let services: AppServices
    let templates: MustacheLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: list)
            .get(":id/preview.png", use: preview)
            .get(":id/slip.pdf", use: pdf)
            .get(":id/print-view", use: printView)
            .post(":id/print", use: print)
    }

    struct ListView {
        struct Topic {
            var topicId: String
            var title: String
            var depth: Int
            var hasLink: Bool
        }
        struct Printer {
            var printerId: String
            var name: String
            var paper: String
        }
        var centreName: String
        var user: String
        var topics: [Topic]
        var printers: [Printer]
        var hasPrinters: Bool
        var message: String?
        var failed: Bool
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let content = services.content
        func depth(_ topic: HelpTopic) -> Int {
            var depth = 0
            var parent = topic.parent
            while let id = parent, depth < 10 { depth += 1; parent = content.helpTopic(id)?.parent }
            return depth
        }
        let printers = content.centre.printers.map {
            ListView.Printer(printerId: $0.id, name: $0.name?.vi ?? $0.id, paper: $0.paper.rawValue)
        }
        let view = ListView(
            centreName: content.centre.name.vi, user: context.user?.name ?? "",
            topics: content.help.map { ListView.Topic(topicId: $0.id, title: $0.title.vi, depth: depth($0), hasLink: $0.link != nil) },
            printers: printers, hasPrinters: !printers.isEmpty, message: outcome(request),
            failed: request.uri.queryParameters.get("failed") != nil)
        return HTML(templates.renderStaffPage(view, withTemplate: "slips", context: context))
    }

    /// What the last print button did, said from the ids in the query alone: no text of the address is
    /// shown, so a link cannot put words on the page.
    private func outcome(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        let centre = services.content.centre
        let printer = query.get("printer").flatMap { centre.printer($0) }
        let name = printer.map { $0.name?.vi ?? $0.id } ?? ""
        if let failed = query.get("failed") {
            return PrintError.Kind(rawValue: failed).map { StaffSentences.printFailed($0, printer: name) }
                ?? "Chưa in được phiếu. Hãy thử lại hoặc tải PDF để in."
        }
        guard query.get("printed") != nil, printer != nil else { return nil }
        let topic = query.get("topic").flatMap { services.content.helpTopic($0) }.map { " “\($0.title.vi)”" } ?? ""
        return "Đã gửi phiếu\(topic) tới máy in “\(name)”."
    }

    /// The slip of the topic named in the path, in the language and paper of the query.
    private func slip(_ request: Request, context: AppRequestContext) throws -> (Slip, Paper, Language) {
        let id = try context.parameters.require("id")
        guard let topic = services.content.helpTopic(id) else { throw APIError(.notFound, "no help topic '\(id.prefix(64))'") }
        let query = request.uri.queryParameters
        guard let language = Language(rawValue: query.get("lang") ?? "vi") else {
            throw APIError(.badRequest, "lang must be vi or en", field: "lang")
        }
        guard let paper = Paper(rawValue: query.get("paper") ?? "80mm") else {
            throw APIError(.badRequest, "paper must be 58mm, 80mm, a6 or a4", field: "paper")
        }
        let today = LocalDate.of(services.now(), in: services.timeZone).date
        return (Slip(topic: topic, centre: services.content.centre, language: language, date: today), paper, language)
    }

    private func bytes(_ bytes: [UInt8], type: String, filename: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (slip, paper, _) = try slip(request, context: context)
        let png = try await NIOThreadPool.singleton.runIfActive { try SlipRenderer.png(slip, paper: paper) }
        return bytes(png, type: "image/png")
    }

    @Sendable func pdf(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (slip, paper, language) = try slip(request, context: context)
        let pdf = try await NIOThreadPool.singleton.runIfActive { try SlipRenderer.pdf(slip, paper: paper) }
        let id = try context.parameters.require("id")
        return bytes(pdf, type: "application/pdf", filename: "\(id)-\(paper.rawValue)-\(language.rawValue).pdf")
    }

    @Sendable func printView(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (slip, paper, language) = try slip(request, context: context)
        let html = SlipHTML.render(slip, paper: paper, language: language)
        var response = try HTML(html).response(from: request, context: context)
        response.headers[.contentSecurityPolicy] = ContentSecurityPolicy.allowingStyles(of: html)
        return response
    }

    struct PrintForm: Decodable {
        var printer: String
        var lang: String?
    }

    @Sendable func print(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let form = try? URLEncodedFormDecoder().decode(PrintForm.self, from: String(buffer: body)) else {
            throw PageError(.badRequest, "Hãy chọn một máy in.", english: "choose a printer", field: "printer")
        }
        guard let printer = services.content.centre.printer(form.printer) else {
            throw PageError(
                .badRequest, "Không có máy in này trong centre.toml. Hãy chọn một máy in trong danh sách.",
                english: "no printer '\(form.printer.prefix(64))' in centre.toml", field: "printer")
        }
        guard let topic = services.content.helpTopic(id) else {
            throw PageError(
                .notFound, "Không có chủ đề hướng dẫn này. Hãy chọn một phiếu trong danh sách.", english: "no help topic '\(id.prefix(64))'")
        }
        let language = Language(rawValue: form.lang ?? "vi") ?? .vi
        let slip = Slip(
            topic: topic, centre: services.content.centre, language: language,
            date: LocalDate.of(services.now(), in: services.timeZone).date)
        let format = SlipDocument.format(for: printer)
        let back = "/staff/slips?printer=\(Self.queryValue(printer.id))&topic=\(Self.queryValue(topic.id))"
        do {
            // Rendering and the printer's I/O block; they run on the thread pool, bounded by the client's timeout.
            try await NIOThreadPool.singleton.runIfActive {
                let job = try SlipDocument.render(slip, paper: printer.paper, format: format, language: language)
                try PrinterClient(timeout: services.configuration.printTimeout).send(job, to: printer.address)
            }
        } catch let error as PrintError {
            context.logger.warning("print failed", metadata: ["kiosk.printer": "\(printer.id)", "kiosk.error": "\(error)"])
            return Response(status: .seeOther, headers: [.location: "\(back)&failed=\(error.kind.rawValue)"])
        }
        context.logger.info("slip printed", metadata: ["kiosk.printer": "\(printer.id)", "kiosk.topic": "\(topic.id)"])
        return Response(status: .seeOther, headers: [.location: "\(back)&printed=1"])
    }

    /// An id of the content as a query value or fragment.
    private static func queryValue(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
