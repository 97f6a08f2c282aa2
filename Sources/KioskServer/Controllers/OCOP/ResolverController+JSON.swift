import Foundation
import KioskCore
import KioskOCOP

extension ResolverController {
    /// `Accept: application/json`: the product page's facts, the product in the registry's one product JSON
    /// (``OCOPProductJSON``, as the public may see it). Absent values are left out.
    struct ResolvedJSON: Encodable {
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
        /// The product; its `batches` when the link names no batch.
        var product: OCOPProductJSON
        /// The batch the link names, when the registry has it.
        var batch: OCOPProductJSON.Batch?
        var variant: String?
        var serial: String?
        var label: Label?
        /// The link's batch id when the registry has no such batch: the facts are the product's.
        var unknownBatch: String?
        var registry: Registry

        init(_ facts: Facts, centre: Centre) {
            let warningDays = centre.traceability.certificateWarningDays
            uri = facts.uri
            product = OCOPProductJSON(
                facts.product, batches: facts.batch == nil ? facts.batches : nil, base: facts.base, today: facts.today,
                warningDays: warningDays, audience: .public)
            batch = facts.batch.map { OCOPProductJSON.Batch($0, of: facts.product, base: facts.base, today: facts.today, audience: .public) }
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
