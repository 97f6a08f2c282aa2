import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskOCOP

extension ResolverController {
    // MARK: - refusals

    /// 400: the address is not a Digital Link this resolver reads; the page says why in its language.
    func refusal(_ problem: GS1DigitalLink.Problem, request: Request, asked: Asked, context: AppRequestContext) throws -> Response {
        if asked.json { return try jsonError(.badRequest, problem.description, request: request, context: context) }
        let t = strings(asked.language)
        let view = ErrorView(
            frame: frame(request: request, asked: asked), title: t["bad_title"] ?? "", body: t["bad_body"] ?? "",
            problem: asked.language == .vi ? problem.vietnamese : problem.sentence, problemLanguage: asked.language.rawValue,
            advice: t["bad_advice"] ?? "")
        return page(templates.render(view, withTemplate: "product-error") ?? "", status: .badRequest, language: asked.language)
    }

    /// 404: no product has this GTIN in the registry.
    func notFound(code: String, request: Request, asked: Asked, context: AppRequestContext) throws -> Response {
        let t = strings(asked.language)
        let centre = services.content.centre.name.text(in: asked.language)
        let body = fill(t["not_found_body"], ["code": code, "centre": centre])
        if asked.json { return try jsonError(.notFound, body, request: request, context: context) }
        let view = ErrorView(
            frame: frame(request: request, asked: asked), title: t["not_found_title"] ?? "", body: body, problem: nil, problemLanguage: nil,
            advice: t["not_found_advice"] ?? "")
        return page(templates.render(view, withTemplate: "product-error") ?? "", status: .notFound, language: asked.language)
    }

    /// 404: the item has no link of the `?linkType=` asked (or the type is not one of GS1's).
    func linkTypeNotFound(_ linkType: String, links: Linkset, request: Request, asked: Asked, context: AppRequestContext) throws -> Response {
        let t = strings(asked.language)
        let body = fill(
            t["link_not_found_body"],
            ["name": itemName(links, asked), "type": String(linkType.prefix(80)), "types": (["linkset"] + links.types).joined(separator: ", ")])
        var response: Response
        if asked.json {
            response = try jsonError(.notFound, body, request: request, context: context)
        } else {
            let view = ErrorView(
                frame: frame(request: request, asked: asked), title: t["link_not_found_title"] ?? "", body: body, problem: nil,
                problemLanguage: nil, advice: "")
            response = page(templates.render(view, withTemplate: "product-error") ?? "", status: .notFound, language: asked.language)
        }
        response.headers[.link] = links.header
        return response
    }

    private func itemName(_ links: Linkset, _ asked: Asked) -> String {
        asked.language == .vi ? links.itemDescription : (links.groups.first?.links.last?.title ?? links.itemDescription)
    }

    func jsonError(_ status: HTTPResponse.Status, _ message: String, request: Request, context: AppRequestContext) throws -> Response {
        var response = try APIError(status, message).response(from: request, context: context)
        response.headers[.vary] = "Accept"
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    // MARK: - pages

    func page(_ html: String, status: HTTPResponse.Status, language: Language) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache", .vary: "Accept",
                .contentLanguage: language.rawValue,
                // The page carries its CSS: the public host forwards only /01/…, /ocop/… and the well-known file.
                .contentSecurityPolicy: ContentSecurityPolicy.allowingStyles(of: html),
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The `[product]` strings of the locale, keys without the table's name; Vietnamese where one is missing.
    func strings(_ language: Language) -> [String: String] {
        var table: [String: String] = [:]
        for source in [Language.vi, language] {
            for (key, text) in services.content.strings[source] ?? [:] where key.hasPrefix("product.") {
                table[String(key.dropFirst("product.".count))] = text
            }
        }
        return table
    }

    /// What every product page shows around its content: the language switch and who keeps the registry.
    func frame(request: Request, asked: Asked) -> Frame {
        let other: Language = asked.language == .vi ? .en : .vi
        let centre = services.content.centre
        var query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") }.map(String.init)
        query.append("lang=\(other.rawValue)")
        let t = strings(asked.language)
        // A trailing slash is the same resource (GS1 asks resolvers to tolerate it): the same page.
        let path = request.uri.path.count > 1 && request.uri.path.hasSuffix("/") ? String(request.uri.path.dropLast()) : request.uri.path
        return Frame(
            lang: asked.language.rawValue, heading: t["heading"] ?? "",
            switchHref: path + "?" + query.joined(separator: "&"), otherLang: other.rawValue,
            otherLangName: services.content.strings[other]?["lang.name"] ?? other.rawValue,
            keptBy: fill(t["kept_by"], ["centre": centre.name.text(in: asked.language)]),
            centrePhone: centre.phone.map { Frame.Phone(label: t["centre_phone"] ?? "", number: $0, href: Self.tel($0)) })
    }

    /// `tel:` and the number's digits (and a leading +).
    static func tel(_ phone: String) -> String {
        "tel:" + phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
    }
}

/// `text` with each `{name}` replaced by its value.
func fill(_ text: String?, _ values: [String: String]) -> String {
    var text = text ?? ""
    for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
    return text
}

/// `dd/MM/yyyy`, as dates are printed on Vietnamese labels.
func shown(_ day: LocalDate) -> String {
    String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
}
