import Foundation
import KioskCore
import KioskOCOP

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

        var batchExpired: Bool { batch?.isExpired(on: today) ?? false }

        var image: String? { product.hasImage ? "/ocop/images/\(product.gtin)" : nil }
    }
}
