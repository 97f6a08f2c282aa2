import Foundation
import KioskCore

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
        /// The canonical Digital Link of what was asked, on the public base URL, with the batch's dates.
        var uri: String
        /// The canonical Digital Link without data attributes: the batch under its current id, or the
        /// product alone when the registry has no batch of the link's id.
        var page: GS1DigitalLink
        var base: String
        /// The link's batch id when the registry has no such batch (the page walked up to the product).
        var unknownBatch: String?

        init(product: OCOPProduct, batch: OCOPBatch?, link: GS1DigitalLink, today: LocalDate, warningDays: Int, batches: [OCOPBatch], base: String) {
            self.product = product
            self.batch = batch
            self.link = link
            self.today = today
            self.certificate = product.certificate?.status(on: today, warningDays: warningDays)
            self.batches = batches
            self.base = base
            unknownBatch = batch == nil ? link.batch : nil
            var canonical = link
            canonical.batch = batch?.id
            if unknownBatch != nil { canonical.serial = nil }
            canonical.expiry = nil
            canonical.production = nil
            page = canonical
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
        /// The link's batch id when the registry has no such batch: the facts are the product's.
        var unknownBatch: String?
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
            unknownBatch = facts.unknownBatch
            registry = Registry(centre: centre.name, phone: centre.phone)
        }
    }
}
