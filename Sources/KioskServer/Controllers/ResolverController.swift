import Crypto
import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskStore
import Mustache

/// The resolver of the centre's GS1 Digital Links, the addresses in the QR codes on product labels.
///
/// `GET /01/{GTIN}[/22/{variant}][/10/{batch}][/21/{serial}][?17=YYMMDD&11=YYMMDD]` answers with the
/// product page for a phone, in Vietnamese (English with `?lang=en`), or with the same facts as JSON for
/// `Accept: application/json`. Without a batch the page lists the product's batches.
/// `GET /ocop/images/{GTIN or id}` serves the product's image. Both answer HEAD too.
struct ResolverController {
    let services: AppServices
    let templates: MustacheLibrary

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/01/**", use: resolve)
        router.head("/01/**") { request, context in try await headResponse(resolve(request, context: context)) }
        router.get("/ocop/images/:key", use: image)
        router.head("/ocop/images/:key") { request, context in try await headResponse(image(request, context: context)) }
    }

    // MARK: - the product page

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = Asked(request)
        let today = LocalDate.of(services.now(), in: services.timeZone).date
        let link: GS1DigitalLink
        do {
            link = try parseLink(request, referenceYear: today.year)
        } catch let problem as GS1DigitalLink.Problem {
            return try refusal(.badRequest, problem.description, request: request, asked: asked, context: context)
        } catch let problem as AddressProblem {
            return try refusal(.badRequest, problem.description, request: request, asked: asked, context: context)
        }
        guard let product = try services.database.ocopProduct(link.gtin), product.gtin == link.gtin else {
            return try notFound(code: link.gtin, product: nil, batch: nil, request: request, asked: asked, context: context)
        }
        var batch: OCOPBatch?
        if let id = link.batch {
            guard let found = try services.database.ocopBatch(id, of: product.id) else {
                return try notFound(code: link.gtin, product: product, batch: id, request: request, asked: asked, context: context)
            }
            batch = found
        }
        let facts = Facts(
            product: product, batch: batch, link: link, today: today,
            warningDays: services.content.centre.traceability.certificateWarningDays,
            batches: batch == nil ? try services.database.ocopBatches(of: product.id) : [],
            base: canonicalBase(request))
        if asked.json {
            var response = try JSONResponse.make(ProductJSON(facts, centre: services.content.centre))
            response.headers[.vary] = "Accept"
            response.headers[.cacheControl] = "no-cache"
            return response
        }
        let view = ProductView(facts, frame: frame(request: request, asked: asked), strings: strings(asked.language), asked: asked)
        return page(templates.render(view, withTemplate: "product") ?? "", status: .ok, language: asked.language)
    }

    /// What the client asked for besides the product: the language and whether JSON.
    struct Asked {
        var language: Language
        /// `?lang=` as given, kept on the page's own links.
        var languageParameter: String?
        var json: Bool

        init(_ request: Request) {
            let query = request.uri.queryParameters
            if let lang = query.get("lang"), let language = Language(rawValue: lang.lowercased()) {
                self.language = language
                languageParameter = language.rawValue
            } else {
                // Not the phone's Accept-Language: many phones in Vietnam run in English, and a label
                // speaks to everyone in the country's language first; the switch is one tap away.
                language = .vi
                languageParameter = nil
            }
            json = request.headers[.accept]?.contains("application/json") == true
        }

        /// `path` with this request's `lang` parameter, if it had one.
        func keepingLanguage(_ path: String) -> String {
            guard let languageParameter else { return path }
            return path + (path.contains("?") ? "&" : "?") + "lang=\(languageParameter)"
        }
    }

    /// An address that is not even a URI: characters a QR code's link must percent-encode.
    struct AddressProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// The link the request names; its path and query are read as a Digital Link.
    private func parseLink(_ request: Request, referenceYear: Int) throws -> GS1DigitalLink {
        let text = "http://localhost" + request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        guard URLComponents(string: text) != nil else {
            throw AddressProblem(
                description: "the address holds characters that must be percent-encoded (only ASCII letters, digits and -._~ as they are)")
        }
        return try GS1DigitalLink.parse(text, referenceYear: referenceYear)
    }

    /// Where canonical links point: `[traceability] base_url`, or else the host this request came to.
    private func canonicalBase(_ request: Request) -> String {
        services.content.centre.traceability.baseURL ?? "http://\(request.head.authority ?? "localhost")"
    }

    // MARK: - refusals

    private func refusal(_ status: HTTPResponse.Status, _ problem: String, request: Request, asked: Asked, context: AppRequestContext) throws
        -> Response
    {
        if asked.json { return try jsonError(status, problem, request: request, context: context) }
        let t = strings(asked.language)
        let view = ErrorView(
            frame: frame(request: request, asked: asked), title: t["bad_title"] ?? "", body: t["bad_body"] ?? "", problem: problem,
            advice: t["bad_advice"] ?? "", productLink: nil)
        return page(templates.render(view, withTemplate: "product-error") ?? "", status: status, language: asked.language)
    }

    private func notFound(
        code: String, product: OCOPProduct?, batch: String?, request: Request, asked: Asked, context: AppRequestContext
    ) throws -> Response {
        let t = strings(asked.language)
        let centre = services.content.centre.name.text(in: asked.language)
        let body =
            if let product, let batch {
                fill(t["batch_not_found_body"], ["name": product.name.text(in: asked.language), "batch": batch])
            } else {
                fill(t["not_found_body"], ["code": code, "centre": centre])
            }
        if asked.json { return try jsonError(.notFound, body, request: request, context: context) }
        let view = ErrorView(
            frame: frame(request: request, asked: asked), title: t["not_found_title"] ?? "", body: body, problem: nil,
            advice: t["not_found_advice"] ?? "",
            productLink: product.map { .init(href: asked.keepingLanguage("/01/\($0.gtin)"), text: t["see_product"] ?? "") })
        return page(templates.render(view, withTemplate: "product-error") ?? "", status: .notFound, language: asked.language)
    }

    private func jsonError(_ status: HTTPResponse.Status, _ message: String, request: Request, context: AppRequestContext) throws -> Response {
        var response = try APIError(status, message).response(from: request, context: context)
        response.headers[.vary] = "Accept"
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    // MARK: - the image

    @Sendable func image(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        guard let product = try services.database.ocopProduct(key), let image = try services.database.ocopImage(of: product.id) else {
            throw APIError(.notFound, "no image for product '\(key.prefix(64))'")
        }
        let tag = "\"" + SHA256.hash(data: image.bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        let headers: HTTPFields = [
            .contentType: image.contentType, .cacheControl: "public, max-age=3600", .eTag: tag, .xContentTypeOptions: "nosniff",
        ]
        if request.headers[.ifNoneMatch] == tag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image.bytes)))
    }

    // MARK: - helpers

    /// The answer to HEAD: GET's status and headers, with its length and no body.
    private func headResponse(_ response: Response) -> Response {
        var head = response.createHeadResponse()
        if let length = response.body.contentLength { head.headers[.contentLength] = String(length) }
        return head
    }

    private func page(_ html: String, status: HTTPResponse.Status, language: Language) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache", .vary: "Accept",
                .contentLanguage: language.rawValue,
                // The page carries its CSS: the public host forwards only /01/… and /ocop/….
                .contentSecurityPolicy: ContentSecurityPolicy.allowingStyles(of: html),
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The `[product]` strings of the locale, keys without the table's name; Vietnamese where one is missing.
    private func strings(_ language: Language) -> [String: String] {
        var table: [String: String] = [:]
        for source in [Language.vi, language] {
            for (key, text) in services.content.strings[source] ?? [:] where key.hasPrefix("product.") {
                table[String(key.dropFirst("product.".count))] = text
            }
        }
        return table
    }

    /// What every product page shows around its content: the language switch and who keeps the registry.
    private func frame(request: Request, asked: Asked) -> Frame {
        let other: Language = asked.language == .vi ? .en : .vi
        let centre = services.content.centre
        var query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") }.map(String.init)
        query.append("lang=\(other.rawValue)")
        let t = strings(asked.language)
        return Frame(
            lang: asked.language.rawValue, heading: t["heading"] ?? "",
            switchHref: request.uri.path + "?" + query.joined(separator: "&"), otherLang: other.rawValue,
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
private func fill(_ text: String?, _ values: [String: String]) -> String {
    var text = text ?? ""
    for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
    return text
}

/// `dd/MM/yyyy`, as dates are printed on Vietnamese labels.
private func shown(_ day: LocalDate) -> String {
    String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
}

// MARK: - what a product page says

extension ResolverController {
    /// The facts of one resolved link, from which both the page and the JSON are made.
    struct Facts {
        var product: OCOPProduct
        var batch: OCOPBatch?
        var link: GS1DigitalLink
        var today: LocalDate
        var certificate: CertificateStatus?
        /// The product's batches, when the link names none.
        var batches: [OCOPBatch]
        /// The canonical Digital Link of what was asked, on the public base URL.
        var uri: String
        var base: String

        init(product: OCOPProduct, batch: OCOPBatch?, link: GS1DigitalLink, today: LocalDate, warningDays: Int, batches: [OCOPBatch], base: String) {
            self.product = product
            self.batch = batch
            self.link = link
            self.today = today
            self.certificate = product.certificate?.status(on: today, warningDays: warningDays)
            self.batches = batches
            self.base = base
            var canonical = link
            canonical.expiry = batch?.expires
            canonical.production = batch?.produced
            uri = canonical.uri(base: base)
        }

        var batchExpired: Bool { batch?.expires.map { $0 < today } ?? false }

        var image: String? { product.hasImage ? "/ocop/images/\(product.gtin)" : nil }

        /// The canonical link of one of the product's batches.
        func uri(of batch: OCOPBatch) -> String {
            ((try? product.link(batch: batch)) ?? link).uri(base: base)
        }
    }

    /// `Accept: application/json`: the product page's facts. Absent values are left out.
    struct ProductJSON: Encodable {
        struct Group: Encodable {
            var code: String
            var name: LocalizedText
        }
        struct Product: Encodable {
            var id: String
            var gtin: String
            var name: LocalizedText
            var group: Group
            var brand: String?
            var description: LocalizedText?
            var ingredients: LocalizedText?
            var storage: LocalizedText?
            /// The image's path on the resolver.
            var image: String?
        }
        struct Certificate: Encodable {
            var stars: Int
            var score: Int?
            var number: String
            var issued: LocalDate
            var authority: String
            var expires: LocalDate
            /// `valid`, `expiring` or `expired`.
            var status: String
            /// Days from today to the last valid day; negative once expired.
            var daysLeft: Int
        }
        struct Batch: Encodable {
            var id: String
            var produced: LocalDate
            var expires: LocalDate?
            var expired: Bool
            var uri: String
        }
        /// The dates the scanned link itself carries (`?17=`, `?11=`).
        struct Label: Encodable {
            var expiry: LocalDate?
            var production: LocalDate?
        }
        struct Registry: Encodable {
            var centre: LocalizedText
            var phone: String?
        }

        var uri: String
        var product: Product
        var producer: OCOPProducer
        var certificate: Certificate?
        var batch: Batch?
        var variant: String?
        var serial: String?
        var label: Label?
        var batches: [Batch]?
        var registry: Registry

        init(_ facts: Facts, centre: Centre) {
            let product = facts.product
            uri = facts.uri
            self.product = Product(
                id: product.id, gtin: product.gtin, name: product.name, group: Group(code: product.group.rawValue, name: product.group.name),
                brand: product.brand, description: product.description, ingredients: product.ingredients, storage: product.storage,
                image: facts.image)
            producer = product.producer
            if let certificate = product.certificate, let status = facts.certificate {
                self.certificate = Certificate(
                    stars: certificate.stars, score: certificate.score, number: certificate.number, issued: certificate.issued,
                    authority: certificate.authority, expires: certificate.expires, status: status.code,
                    daysLeft: facts.today.days(to: certificate.expires))
            }
            func json(_ batch: OCOPBatch) -> Batch {
                Batch(
                    id: batch.id, produced: batch.produced, expires: batch.expires, expired: batch.expires.map { $0 < facts.today } ?? false,
                    uri: facts.uri(of: batch))
            }
            if let batch = facts.batch {
                self.batch = Batch(id: batch.id, produced: batch.produced, expires: batch.expires, expired: facts.batchExpired, uri: facts.uri)
            } else {
                batches = facts.batches.map(json)
            }
            variant = facts.link.variant
            serial = facts.link.serial
            if facts.link.expiry != nil || facts.link.production != nil {
                label = Label(expiry: facts.link.expiry, production: facts.link.production)
            }
            registry = Registry(centre: centre.name, phone: centre.phone)
        }
    }

    /// What every product page shows around its content.
    struct Frame {
        struct Phone {
            var label: String
            var number: String
            var href: String
        }
        var lang: String
        var heading: String
        var switchHref: String
        var otherLang: String
        var otherLangName: String
        var keptBy: String
        var centrePhone: Phone?
    }

    /// `product.mustache`: the page of a product and, when the link names one, its batch.
    struct ProductView {
        /// One line of a description list; a link when `href` is set.
        struct Row {
            var label: String
            var value: String
            var href: String? = nil
            var emphasis = false
        }
        struct Stars {
            var glyphs: String
            var text: String
        }
        struct Alert {
            /// `alert` (red) or `note` (amber).
            var kind: String
            var text: String
            var hint: String?
        }
        struct Image {
            var src: String
            var alt: String
        }
        struct Paragraph {
            var heading: String
            var text: String
        }
        struct Link {
            var href: String
            var text: String
        }

        var frame: Frame
        var t: [String: String]
        var title: String
        var canonical: String
        var name: String
        var stars: Stars?
        var noCertificate: String?
        var alerts: [Alert] = []
        var image: Image?
        var identity: [Row] = []
        var batch: [Row] = []
        var certificate: [Row] = []
        var producer: [Row] = []
        var about: [Paragraph] = []
        var listsBatches = false
        var batches: [Link] = []

        // Mustache sees stored properties only.
        var hasBatch = false
        var hasCertificate = false
        var hasAbout = false
        var hasBatches = false

        init(_ facts: Facts, frame: Frame, strings t: [String: String], asked: Asked) {
            let language = asked.language
            let product = facts.product
            self.frame = frame
            self.t = t
            let name = product.name.text(in: language)
            self.name = name
            title = "\(name) – \(t["heading"] ?? "")"
            canonical = facts.uri
            image = facts.image.map { Image(src: $0, alt: fill(t["image_alt"], ["name": name])) }

            identity.append(Row(label: t["group"] ?? "", value: product.group.name.text(in: language)))
            if let brand = product.brand { identity.append(Row(label: t["brand"] ?? "", value: brand)) }
            identity.append(Row(label: t["gtin"] ?? "", value: product.gtin))
            if let variant = facts.link.variant { identity.append(Row(label: t["variant"] ?? "", value: variant)) }
            if let serial = facts.link.serial { identity.append(Row(label: t["serial"] ?? "", value: serial)) }

            if let certificate = product.certificate, let status = facts.certificate {
                let text = fill(t["stars"], ["stars": String(certificate.stars)])
                stars = Stars(glyphs: String(repeating: "★", count: certificate.stars), text: text)
                let statusText: String
                switch status {
                case .valid:
                    statusText = t["certificate_valid"] ?? ""
                case .expiring(let daysLeft):
                    statusText = t["certificate_expiring_status"] ?? ""
                    alerts.append(
                        Alert(kind: "note", text: fill(t["certificate_expiring"], ["date": shown(certificate.expires), "days": String(daysLeft)])))
                case .expired(let since):
                    statusText = t["certificate_expired_status"] ?? ""
                    alerts.append(
                        Alert(kind: "alert", text: fill(t["certificate_expired"], ["date": shown(since)]), hint: t["certificate_expired_hint"]))
                }
                self.certificate.append(contentsOf: [
                    Row(label: t["rating"] ?? "", value: text),
                    Row(label: t["certificate_number"] ?? "", value: certificate.number),
                    Row(label: t["certificate_issued"] ?? "", value: shown(certificate.issued)),
                    Row(label: t["certificate_authority"] ?? "", value: certificate.authority),
                    Row(label: t["certificate_expires"] ?? "", value: shown(certificate.expires)),
                    Row(label: t["certificate_status"] ?? "", value: statusText, emphasis: status != .valid),
                ])
                if let score = certificate.score { self.certificate.append(Row(label: t["score"] ?? "", value: "\(score)/100")) }
            } else {
                noCertificate = t["no_certificate"]
            }

            if let batch = facts.batch {
                self.batch.append(Row(label: t["batch"] ?? "", value: batch.id))
                self.batch.append(Row(label: t["produced"] ?? "", value: shown(batch.produced)))
                if let expires = batch.expires {
                    self.batch.append(Row(label: t["expires"] ?? "", value: shown(expires), emphasis: facts.batchExpired))
                    if facts.batchExpired { alerts.append(Alert(kind: "alert", text: fill(t["batch_expired"], ["date": shown(expires)]))) }
                }
                if let label = facts.link.expiry, label != batch.expires {
                    alerts.append(
                        Alert(
                            kind: "note", text: fill(t["expiry_differs"], ["label": shown(label), "registry": batch.expires.map(shown) ?? "–"])))
                }
                if let label = facts.link.production, label != batch.produced {
                    alerts.append(
                        Alert(kind: "note", text: fill(t["production_differs"], ["label": shown(label), "registry": shown(batch.produced)])))
                }
            }

            producer.append(Row(label: t["producer_name"] ?? "", value: product.producer.name))
            producer.append(Row(label: t["address"] ?? "", value: product.producer.address))
            if let phone = product.producer.phone, !phone.isEmpty {
                producer.append(Row(label: t["phone"] ?? "", value: phone, href: ResolverController.tel(phone)))
            }

            for (key, text) in [("description", product.description), ("ingredients", product.ingredients), ("storage", product.storage)] {
                if let text, !text.text(in: language).isEmpty { about.append(Paragraph(heading: t[key] ?? "", text: text.text(in: language))) }
            }

            listsBatches = facts.batch == nil
            batches = facts.batches.map { batch in
                let path = ((try? GS1DigitalLink(gtin: product.gtin, batch: batch.id)) ?? facts.link).uri(base: "")
                return Link(href: asked.keepingLanguage(path), text: fill(t["batch_link"], ["batch": batch.id, "date": shown(batch.produced)]))
            }
            hasBatch = !self.batch.isEmpty
            hasCertificate = !self.certificate.isEmpty
            hasAbout = !about.isEmpty
            hasBatches = !batches.isEmpty
        }
    }

    /// `product-error.mustache`: an unknown product or batch, or a link that is not a Digital Link.
    struct ErrorView {
        struct Link {
            var href: String
            var text: String
        }
        var frame: Frame
        var title: String
        var body: String
        /// The parser's sentence, in English.
        var problem: String?
        var advice: String
        var productLink: Link?
    }

}
