import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import KioskCore
import KioskHTTP
import KioskOCOP
import KioskStore
import Mustache

/// The resolver of the centre's GS1 Digital Links, the addresses in the QR codes on product labels, as a
/// GS1-conformant resolver of one brand owner (the ward's registry).
///
/// `GET /01/{GTIN}[/22/{variant}][/10/{batch}][/21/{serial}][?17=YYMMDD&11=YYMMDD]` answers with the
/// product page for a phone, in Vietnamese (English with `?lang=en`), or with the same facts as JSON for
/// `Accept: application/json`. Without a batch the page lists the product's batches; a batch the registry
/// does not have (any more) walks up to the product's page, saying so; a renamed batch's old id finds it.
/// `Accept: application/linkset+json`, `?linkType=linkset` or `?linkType=all` answer the item's links as
/// an RFC 9264 linkset; `?linkType=gs1:pip` (and the other types of the linkset) redirect to that link.
/// Every answer carries CORS headers; OPTIONS and HEAD are answered too. `GET /.well-known/gs1resolver`
/// describes the resolver. `GET /ocop/images/{GTIN or id}` serves the product's image.
struct ResolverController {
    let services: AppServices
    let templates: MustacheLibrary

    /// The methods every resolver path answers (`Allow`, `Access-Control-Allow-Methods`).
    static let methods = "GET, HEAD, OPTIONS"

    func addRoutes(to router: Router<AppRequestContext>) {
        // `/01` alone (or `/01/`) names no GTIN: the resolver says so (400) rather than the router's bare 404.
        for path in ["/01", "/01/**"] {
            router.get(RouterPath(path)) { request, context in Self.openToOtherSites(try await resolve(request, context: context)) }
            router.head(RouterPath(path)) { request, context in
                Self.openToOtherSites(Self.headResponse(try await resolve(request, context: context)))
            }
            router.on(RouterPath(path), method: .options) { _, _ in Self.options() }
        }
        router.get("/.well-known/gs1resolver") { request, _ in Self.openToOtherSites(try resolverDescription(request)) }
        router.head("/.well-known/gs1resolver") { request, _ in Self.openToOtherSites(Self.headResponse(try resolverDescription(request))) }
        router.on("/.well-known/gs1resolver", method: .options) { _, _ in Self.options() }
        router.get("/ocop/images/:key", use: image)
        router.head("/ocop/images/:key") { request, context in Self.headResponse(try await image(request, context: context)) }
    }

    // MARK: - the product page

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = Asked(request)
        let today = LocalDate.of(services.now(), in: services.timeZone).date
        let parsed: GS1DigitalLink.Parsed
        do {
            parsed = try Asked.parseLink(request, referenceYear: today.year)
        } catch let problem as GS1DigitalLink.Problem {
            return try refusal(problem, request: request, asked: asked, context: context)
        }
        let link = parsed.link
        guard let product = try services.database.ocopProduct(link.gtin), product.gtin == link.gtin else {
            return try notFound(code: link.gtin, request: request, asked: asked, context: context)
        }
        // Walk-up: a batch the registry lacks (never registered, deleted) shows the product, saying so; an old
        // id of a renamed batch finds the batch under its new id.
        let batch = try link.batch.flatMap { try services.database.ocopBatchFollowingRenames($0, of: product.id) }
        let facts = Facts(
            product: product, batch: batch, link: link, today: today,
            warningDays: services.content.centre.traceability.certificateWarningDays,
            batches: batch == nil ? try services.database.ocopBatches(of: product.id) : [],
            base: canonicalBase(request))
        let links = Linkset(facts, strings: strings)
        var response: Response
        switch LinkRequest(parsed.parameters["linkType"], accept: request.headers[.accept]) {
        case .linkset:
            response = try links.response()
        case .type(let linkType):
            guard let target = links.target(of: linkType, language: asked.languageParameter, passing: parsed.attributes) else {
                return try linkTypeNotFound(linkType, links: links, request: request, asked: asked, context: context)
            }
            response = Response(status: .temporaryRedirect, headers: [.location: target, .cacheControl: "no-cache"])
        case .page where asked.json:
            response = try JSONResponse.make(ResolvedJSON(facts, centre: services.content.centre))
            response.headers[.cacheControl] = "no-cache"
        case .page:
            let view = ProductView(facts, frame: frame(request: request, asked: asked), strings: strings(asked.language), asked: asked)
            response = page(templates.render(view, withTemplate: "product") ?? "", status: .ok, language: asked.language)
        }
        response.headers[.vary] = "Accept"
        response.headers[.link] = links.header
        return response
    }

    /// Where canonical links point: `[traceability] base_url`, or else the host this request came to.
    func canonicalBase(_ request: Request) -> String {
        services.content.centre.traceability.baseURL ?? "http://\(request.head.authority ?? "localhost")"
    }

    // MARK: - the resolver description

    /// `/.well-known/gs1resolver`: what this resolver is, the keys and link types it answers (GS1-Conformant
    /// resolver standard, the resolver description file).
    @Sendable func resolverDescription(_ request: Request) throws -> Response {
        var response = try JSONResponse.make(
            ResolverDescription(centre: services.content.centre, root: canonicalBase(request)))
        response.headers[.cacheControl] = "public, max-age=3600"
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
}

extension HTTPField.Name {
    static let link = Self("Link")!
}
