import Foundation
import Hummingbird
import KioskCore
import KioskOCOP

extension ResolverController {
    /// The links of one resolved item, as a GS1-conformant resolver offers them: the product page
    /// (`gs1:pip`, also the default link), the batch's traceability facts (`gs1:traceability`) and the OCOP
    /// certificate (`gs1:certificationInfo`) where the product has them; each in Vietnamese and English.
    /// All are the product page or one of its sections: the registry's one page holds every fact.
    struct Linkset {
        /// The GS1 Web vocabulary, whose terms name the link types.
        static let vocabulary = "https://gs1.org/voc/"
        /// How link types may be written in `?linkType=`: the CURIE and the vocabulary's addresses.
        static let prefixes = ["gs1:", vocabulary, "http://gs1.org/voc/", "https://ref.gs1.org/voc/", "https://www.gs1.org/voc/"]

        /// One link: where it leads (a section of the page, in a language) and what it is called.
        struct Link {
            var title: String
            /// `nil` for the default link, which carries no attributes but its title.
            var language: Language?
            var fragment: String?
        }

        /// The links of one type, by the vocabulary's term (`pip`).
        struct Group {
            var term: String
            var links: [Link]
        }

        /// The Digital Link the links belong to: the request's, without its data attributes, walked up to
        /// the product when the registry has no such batch.
        var anchor: String
        /// The page the links lead to: the canonical Digital Link, without data attributes.
        var page: String
        var itemDescription: String
        var groups: [Group] = []

        init(_ facts: Facts, strings: (Language) -> [String: String]) {
            let link = facts.link
            let walkedUp = facts.batch == nil && link.batch != nil
            anchor =
                ((try? GS1DigitalLink(
                    gtin: link.gtin, variant: link.variant, batch: walkedUp ? nil : link.batch, serial: walkedUp ? nil : link.serial))
                ?? link).uri(base: facts.base)
            page = facts.page.uri(base: facts.base)
            let product = facts.product
            itemDescription = product.name.vi
            let languages: [Language] = [.vi, .en]
            func group(_ term: String, fragment: String?, title: (Language, [String: String]) -> String) -> Group {
                Group(term: term, links: languages.map { Link(title: title($0, strings($0)), language: $0, fragment: fragment) })
            }
            groups.append(group("pip", fragment: nil) { language, _ in product.name.text(in: language) })
            if let batch = facts.batch {
                groups.append(group("traceability", fragment: "batch") { fill($1["link_traceability_batch"], ["batch": batch.id]) })
            } else if !facts.batches.isEmpty {
                groups.append(
                    group("traceability", fragment: "batches") { fill($1["link_traceability_batches"], ["name": product.name.text(in: $0)]) })
            }
            if let certificate = product.certificate {
                groups.append(
                    group("certificationInfo", fragment: "certificate") { fill($1["link_certificate"], ["stars": String(certificate.stars)]) })
            }
            groups.append(Group(term: "defaultLink", links: [Link(title: product.name.vi, language: nil, fragment: nil)]))
        }

        /// The `Link` header of every answer about the item: where its linkset is.
        var header: String { "<\(anchor)?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"" }

        /// The link terms offered, as CURIEs (`gs1:pip`).
        var types: [String] { groups.map { "gs1:\($0.term)" } }

        /// Where a link leads, with the request's data attributes passed on (GS1: a resolver passes the query on).
        func href(_ link: Link, passing attributes: [String: String] = [:]) -> String {
            var query = attributes.keys.sorted().map { "\($0)=\(GS1DigitalLink.percentEncode(attributes[$0] ?? ""))" }
            if link.language == .en { query.append("lang=en") }
            return page + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + (link.fragment.map { "#\($0)" } ?? "")
        }

        /// The target of `?linkType=`: the link of that type in the language asked (`?lang=`, else
        /// Vietnamese), or `nil` when the item has no link of that type.
        func target(of linkType: String, language: String?, passing attributes: [String: String]) -> String? {
            guard let prefix = Self.prefixes.first(where: { linkType.hasPrefix($0) }) else { return nil }
            let term = String(linkType.dropFirst(prefix.count))
            guard let group = groups.first(where: { $0.term == term }) else { return nil }
            let wanted = Language(rawValue: language ?? "") ?? .vi
            guard let link = group.links.first(where: { $0.language == wanted }) ?? group.links.first else { return nil }
            return href(link, passing: attributes)
        }

        /// The RFC 9264 linkset, `application/linkset+json`.
        func response() throws -> Response {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let data = try encoder.encode(Body(linkset: [Entry(linkset: self)]))
            return Response(
                status: .ok, headers: [.contentType: "application/linkset+json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        private struct Body: Encodable {
            var linkset: [Entry]
        }

        /// One linkset entry: the anchor, the item's description, and each type's links under the type's URI.
        private struct Entry: Encodable {
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(_ string: String) { stringValue = string }
                init?(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            struct Target: Encodable {
                var href: String
                var title: String
                var type: String?
                var hreflang: [String]?
            }
            let linkset: Linkset

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(linkset.anchor, forKey: Key("anchor"))
                try container.encode(linkset.itemDescription, forKey: Key("itemDescription"))
                for group in linkset.groups {
                    let targets = group.links.map { link in
                        Target(
                            href: linkset.href(link), title: link.title, type: link.language == nil ? nil : "text/html",
                            hreflang: link.language.map { [$0.rawValue] })
                    }
                    try container.encode(targets, forKey: Key(Linkset.vocabulary + group.term))
                }
            }
        }
    }
}
