import Foundation
import Hummingbird
import KioskCore
import KioskOCOP

extension ResolverController {
    /// The query parameters a resolver request may carry besides GS1 data attributes: `linkType`, `context`
    /// and `mediaType` of the GS1-Conformant resolver standard (the GS1 test suite sends `mediaType` with
    /// `linkType`), and the page's language switch `lang`. Anything else is refused (400).
    static let parameters: Set<String> = ["linkType", "context", "mediaType", "lang"]

    /// What the client asked for besides the item: the language and whether JSON (a linkset client's errors are JSON too).
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
            let accept = request.headers[.accept] ?? ""
            json = accept.contains("application/json") || accept.contains("application/linkset+json")
        }

        /// `path` with this request's `lang` parameter, if it had one.
        func keepingLanguage(_ path: String) -> String {
            guard let languageParameter else { return path }
            return path + (path.contains("?") ? "&" : "?") + "lang=\(languageParameter)"
        }

        /// The link the request names: its path and query read strictly as a Digital Link
        /// (``GS1DigitalLink/parse(path:query:allowing:referenceYear:)``), with the resolver's own parameters.
        /// - Throws: ``GS1DigitalLink/Problem``, also for characters a link must percent-encode.
        static func parseLink(_ request: Request, referenceYear: Int) throws -> GS1DigitalLink.Parsed {
            let text = "http://localhost" + request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            guard URLComponents(string: text) != nil else {
                throw GS1DigitalLink.Problem(
                    description: "the address holds characters that must be percent-encoded (only ASCII letters, digits and -._~ as they are)",
                    vietnamese: "Địa chỉ chứa ký tự phải được mã hóa phần trăm (chỉ chữ cái ASCII, chữ số và -._~ được để nguyên).")
            }
            // The request's own text, not URLComponents' (which on Linux quietly re-encodes a stray %).
            return try GS1DigitalLink.parse(
                path: request.uri.path, query: request.uri.query, allowing: ResolverController.parameters, referenceYear: referenceYear)
        }
    }

    /// What a request asks of the item: its page (the default link), its linkset, or one type of link.
    enum LinkRequest: Equatable {
        /// No `linkType`: the product page (or its JSON), as the default link.
        case page
        /// `linkType=linkset` or `all`, or `Accept: application/linkset+json` without a `linkType`.
        case linkset
        /// Another `linkType`, as given.
        case type(String)

        init(_ linkType: String?, accept: String?) {
            switch linkType {
            case "linkset", "all": self = .linkset
            case .some(let type): self = .type(type)
            case nil: self = accept?.contains("application/linkset+json") == true ? .linkset : .page
            }
        }
    }
}
