import Foundation
import KioskCore

/// A product of the registry as JSON, the one shape every JSON answer uses: the resolver's
/// `Accept: application/json`, the registry's JSON export and `kiosk ocop show --json`.
///
/// Keys are camelCase; values that are not there are left out. Dates are `YYYY-MM-DD`.
public struct OCOPProductJSON: Encodable, Sendable, Equatable {
    /// Who reads the JSON: anyone scanning a label, or the registry's keepers (the export).
    public enum Audience: Sendable {
        /// The resolver: what a label may tell anyone; a batch's quantity and staff notes are left out.
        case `public`
        /// The export for the national portal: everything the registry holds.
        case registry
    }

    /// The product's group: its code and its name.
    public struct Group: Encodable, Sendable, Equatable {
        public var code: String
        public var name: LocalizedText
    }

    /// The OCOP certificate and where it stands on the day the JSON was made.
    public struct Certificate: Encodable, Sendable, Equatable {
        public var stars: Int
        public var score: Int?
        public var number: String
        public var issued: LocalDate
        public var authority: String
        public var expires: LocalDate
        /// `valid`, `expiring` or `expired`.
        public var status: String
        /// Days from the day the JSON was made to the last valid day; negative once expired.
        public var daysLeft: Int

        /// The certificate as it stands on `today`.
        public init(_ certificate: OCOPCertificate, today: LocalDate, warningDays: Int) {
            stars = certificate.stars
            score = certificate.score
            number = certificate.number
            issued = certificate.issued
            authority = certificate.authority
            expires = certificate.expires
            status = certificate.status(on: today, warningDays: warningDays).code
            daysLeft = today.days(to: certificate.expires)
        }
    }

    /// A batch of the product.
    public struct Batch: Encodable, Sendable, Equatable {
        public var id: String
        public var produced: LocalDate
        public var expires: LocalDate?
        /// Whether the batch is past its expiry date on the day the JSON was made.
        public var expired: Bool
        /// How many packs; for the registry audience only.
        public var quantity: Int?
        /// Staff notes; for the registry audience only.
        public var notes: String?
        /// The batch's Digital Link (with its dates) on the public base URL; left out without a base URL.
        public var uri: String?

        /// The batch as `audience` may see it.
        /// - Parameter base: the public base of Digital Links; `nil` leaves `uri` out.
        public init(_ batch: OCOPBatch, of product: OCOPProduct, base: String?, today: LocalDate, audience: Audience) {
            id = batch.id
            produced = batch.produced
            expires = batch.expires
            expired = batch.isExpired(on: today)
            if audience == .registry {
                quantity = batch.quantity
                notes = batch.notes
            }
            uri = base.flatMap { try? product.link(batch: batch).uri(base: $0) }
        }
    }

    public var id: String
    public var gtin: String
    public var name: LocalizedText
    public var group: Group
    public var brand: String?
    public var description: LocalizedText?
    public var ingredients: LocalizedText?
    public var storage: LocalizedText?
    /// Where the resolver serves the product's image; left out without an image or a base URL.
    public var image: String?
    /// The product's Digital Link (no batch) on the public base URL; left out without a base URL.
    public var uri: String?
    public var producer: OCOPProducer
    /// Left out for a key local product, which has no OCOP stars.
    public var certificate: Certificate?
    /// The product's batches; left out when the JSON speaks of one batch only (the resolver's `batch`).
    public var batches: [Batch]?

    /// A product as JSON.
    /// - Parameters:
    ///   - batches: the product's batches, or `nil` to leave the list out.
    ///   - base: the public base of Digital Links and image addresses; `nil` leaves those out.
    ///   - today: the day certificate and batch statuses are judged on.
    ///   - warningDays: how many days before its end a certificate is `expiring`.
    public init(
        _ product: OCOPProduct, batches: [OCOPBatch]?, base: String?, today: LocalDate, warningDays: Int, audience: Audience
    ) {
        id = product.id
        gtin = product.gtin
        name = product.name
        group = Group(code: product.group.rawValue, name: product.group.name)
        brand = product.brand
        description = product.description
        ingredients = product.ingredients
        storage = product.storage
        image = base.flatMap { product.hasImage ? OCOPRegistryFile.imageURL(product, baseURL: $0) : nil }
        uri = base.flatMap { try? product.link(batch: nil).uri(base: $0) }
        producer = product.producer
        certificate = product.certificate.map { Certificate($0, today: today, warningDays: warningDays) }
        self.batches = batches?.map { Batch($0, of: product, base: base, today: today, audience: audience) }
    }

    /// The encoder of the registry's JSON files and CLI output: pretty, keys sorted, slashes as they are.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
