import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Mustache

/// Pairing a kiosk's browser: `GET /pair?code=…` (the one-time link of `kiosk kiosks add`) sets the
/// long-lived device cookie and opens the kiosk page; a bad link, and the kiosk page in a browser that is
/// not paired, get a page in Vietnamese and English saying what to do.
struct PairingController {
    let services: AppServices
    let templates: MustacheLibrary

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/pair", use: pair)
    }

    @Sendable func pair(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = request.uri.queryParameters.get("code") ?? ""
        let address = request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies)
        do {
            let (kiosk, secret) = try services.database.pairKiosk(code: code, address: address, now: services.now())
            context.logger.notice("kiosk paired", metadata: ["kiosk.kiosk": "\(kiosk.id)", "kiosk.address": "\(address)"])
            var response = Self.redirect(to: kiosk.id)
            response.setCookie(PairedKioskAuthentication.cookie(secret: secret, secure: services.configuration.usesSecureCookies))
            return response
        } catch let failure as PairingFailure {
            let status: HTTPResponse.Status
            switch failure {
            case .unknown:
                status = .badRequest
            case .used(let id), .expired(let id), .revoked(let id):
                // The browser that was paired by this link (a kiosk restarted on it) goes on to its page.
                if case .used = failure, try PairedKioskAuthentication.kiosk(of: request, in: services.database)?.id == id {
                    return Self.redirect(to: id)
                }
                status = .gone
            }
            context.logger.notice("pairing link refused", metadata: ["kiosk.address": "\(address)", "kiosk.reason": "\(failure)"])
            return page(.badLink, status: status)
        }
    }

    private static func redirect(to kiosk: String) -> Response {
        let query = kiosk.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? kiosk
        return Response(status: .seeOther, headers: [.location: "/?kiosk=\(query)", .cacheControl: "no-store"])
    }

    /// Which page to show.
    enum Page {
        /// The kiosk page in a browser that is not paired, naming the kiosk it was opened as, if any.
        case notPaired(kiosk: String?)
        /// A pairing link that is unknown, used, expired or revoked.
        case badLink
    }

    struct PageView {
        struct Texts {
            var lang: String
            var title: String
            var body: String
            var kiosk: String?
            var itOfficer: String?
            var setup: String?
        }
        var state: String
        var languages: [Texts]
        var title: String
        var setupLink: String?
    }

    /// The page in every language of the content, Vietnamese first.
    /// - Parameter setupLink: the first start's one-time link, shown only to a browser on the box itself.
    func page(_ page: Page, status: HTTPResponse.Status, setupLink: String? = nil) -> Response {
        let languages = Language.allCases.map { language in
            let t = { (key: String) in
                services.content.strings[language]?["pairing.\(key)"] ?? services.content.strings[.vi]?["pairing.\(key)"] ?? key
            }
            switch page {
            case .notPaired(let kiosk):
                return PageView.Texts(
                    lang: language.rawValue, title: t("title"), body: t("body"),
                    kiosk: kiosk.map { t("kiosk").replacingOccurrences(of: "{kiosk}", with: $0) }, itOfficer: t("it_officer"),
                    setup: setupLink.map { _ in t("setup") })
            case .badLink:
                return PageView.Texts(lang: language.rawValue, title: t("link_title"), body: t("link_body"), kiosk: nil, itOfficer: nil, setup: nil)
            }
        }
        let state = if case .badLink = page { "bad-link" } else { "not-paired" }
        let view = PageView(state: state, languages: languages, title: languages.map(\.title).joined(separator: " / "), setupLink: setupLink)
        let html = templates.render(view, withTemplate: "pairing") ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
