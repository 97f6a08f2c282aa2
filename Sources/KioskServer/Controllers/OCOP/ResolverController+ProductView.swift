import Foundation
import KioskCore
import KioskOCOP

extension ResolverController {
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

            if let unknown = facts.unknownBatch {
                alerts.append(Alert(kind: "note", text: fill(t["batch_not_registered"], ["batch": unknown])))
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
}
