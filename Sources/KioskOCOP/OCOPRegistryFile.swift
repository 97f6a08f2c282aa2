import Foundation
import KioskCore

/// The OCOP registry as a file: the export a national traceability portal takes (CSV or JSON), which
/// is also the registry's own import format, so an export imports back unchanged.
///
/// CSV: UTF-8 with a byte-order mark, one row per batch; a product without batches has one row with
/// empty batch columns. The product's columns repeat on each of its rows and must agree on import.
public enum OCOPRegistryFile {
    /// The CSV columns, in the order written.
    public static let columns = [
        "product_id", "gtin", "name_vi", "name_en", "group", "brand", "producer_name", "producer_address", "producer_phone",
        "ocop_stars", "ocop_score", "certificate_number", "certificate_date", "certificate_authority", "certificate_expires",
        "certificate_status", "description_vi", "description_en", "ingredients_vi", "ingredients_en", "storage_vi", "storage_en",
        "batch", "production_date", "expiry_date", "quantity", "batch_notes", "digital_link", "image_url",
    ]
    /// Columns an import must have.
    public static let requiredColumns = ["gtin", "name_vi", "group", "producer_name", "producer_address"]
    /// Columns an export writes from the rest; an import ignores them.
    public static let derivedColumns: Set<String> = ["certificate_status", "digital_link", "image_url"]
    /// Columns that describe the batch of a row rather than its product.
    static let batchColumns: Set<String> = ["batch", "production_date", "expiry_date", "quantity", "batch_notes"]

    // MARK: export

    /// The registry as CSV, one row per batch.
    /// - Parameters:
    ///   - baseURL: the public base of Digital Links and image addresses; `nil` leaves those columns empty.
    ///   - today: the day certificate statuses are judged on.
    public static func csv(products: [OCOPProduct], batches: [OCOPBatch], baseURL: String?, today: LocalDate, warningDays: Int) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(texts: columns)
        let byProduct = Dictionary(grouping: batches, by: \.product)
        for product in products {
            let rows = byProduct[product.id].map { $0.map(Optional.some) } ?? [nil]
            for batch in rows {
                let values = row(product: product, batch: batch, baseURL: baseURL, today: today, warningDays: warningDays)
                writer.append(columns.map { values[$0] ?? .text("") })
            }
        }
        return writer.bytes
    }

    /// The registry as JSON: the centre, the day, and every product (``OCOPProductJSON``) with its batches.
    public static func json(
        products: [OCOPProduct], batches: [OCOPBatch], baseURL: String?, today: LocalDate, warningDays: Int, centre: Centre? = nil
    ) -> [UInt8] {
        let byProduct = Dictionary(grouping: batches, by: \.product)
        let document = Document(
            centre: centre.map { .init(code: $0.code, name: $0.name) }, generated: today,
            products: products.map { product in
                OCOPProductJSON(
                    product, batches: byProduct[product.id] ?? [], base: baseURL, today: today, warningDays: warningDays, audience: .registry)
            })
        return Array((try? OCOPProductJSON.encoder().encode(document)) ?? Data())
    }

    /// The values of one CSV row, by column.
    static func row(product: OCOPProduct, batch: OCOPBatch?, baseURL: String?, today: LocalDate, warningDays: Int) -> [String: CSVCell] {
        let texts: [String: String] = [
            "product_id": product.id, "gtin": product.gtin, "name_vi": product.name.vi, "name_en": product.name.en ?? "",
            "group": product.group.rawValue, "brand": product.brand ?? "", "producer_name": product.producer.name,
            "producer_address": product.producer.address, "producer_phone": product.producer.phone ?? "",
            "description_vi": product.description?.vi ?? "", "description_en": product.description?.en ?? "",
            "ingredients_vi": product.ingredients?.vi ?? "", "ingredients_en": product.ingredients?.en ?? "",
            "storage_vi": product.storage?.vi ?? "", "storage_en": product.storage?.en ?? "",
        ]
        var values = texts.mapValues(CSVCell.text)
        if let certificate = product.certificate {
            values["ocop_stars"] = .integer(certificate.stars)
            values["ocop_score"] = certificate.score.map(CSVCell.integer) ?? ""
            values["certificate_number"] = .text(certificate.number)
            values["certificate_date"] = .text(certificate.issued.description)
            values["certificate_authority"] = .text(certificate.authority)
            values["certificate_expires"] = .text(certificate.expires.description)
            values["certificate_status"] = .text(certificate.status(on: today, warningDays: warningDays).code)
        }
        if let batch {
            values["batch"] = .text(batch.id)
            values["production_date"] = .text(batch.produced.description)
            values["expiry_date"] = .text(batch.expires?.description ?? "")
            values["quantity"] = batch.quantity.map(CSVCell.integer) ?? ""
            values["batch_notes"] = .text(batch.notes ?? "")
        }
        if let baseURL {
            values["digital_link"] = .text((try? product.link(batch: batch).uri(base: baseURL)) ?? "")
            if product.hasImage { values["image_url"] = .text(imageURL(product, baseURL: baseURL)) }
        }
        return values
    }

    /// Where the public page serves the product's image.
    public static func imageURL(_ product: OCOPProduct, baseURL: String) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/ocop/images/\(product.gtin)"
    }

    // MARK: import

    /// The products and batches of a registry CSV, each with the line it starts on.
    /// - Throws: ``OCOPFileError`` listing every problem found.
    public static func read(_ bytes: [UInt8], file: String) throws -> (
        products: [(line: Int, value: OCOPProduct)], batches: [(line: Int, value: OCOPBatch)]
    ) {
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(try UTF8Text.decode(bytes))
        } catch let error as UTF8Text.Refusal {
            throw OCOPFileError(["\(file):1: \(error.message)"])
        } catch let error as CSVParser.Failure {
            throw OCOPFileError(["\(file):\(error.line): \(error.message)"])
        }
        let header = records.first?.fields ?? []
        var problems: [String] = []
        let unknown = header.filter { !columns.contains($0) }
        let missing = requiredColumns.filter { !header.contains($0) }
        if !unknown.isEmpty {
            problems.append("\(file):1: unknown columns \(unknown.joined(separator: ", ")); the columns are \(columns.joined(separator: ","))")
        }
        if !missing.isEmpty { problems.append("\(file):1: missing columns \(missing.joined(separator: ", "))") }
        if Set(header).count != header.count { problems.append("\(file):1: a column is named twice") }
        guard problems.isEmpty else { throw OCOPFileError(problems) }

        var products: [(line: Int, value: OCOPProduct, fields: [String: String])] = []
        var productIndex: [String: Int] = [:]
        var batches: [(line: Int, value: OCOPBatch)] = []
        var batchLines: [String: Int] = [:]
        for record in records.dropFirst() {
            let start = record.line
            let fields = record.fields
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                problems.append("\(file):\(start): expected \(header.count) columns, found \(fields.count)")
                continue
            }
            var values: [String: String] = [:]
            for (column, value) in zip(header, fields) where !derivedColumns.contains(column) {
                values[column] = CSVParser.unguarded(value).precomposedStringWithCanonicalMapping
            }
            func report(_ column: String, _ message: String) { problems.append("\(file):\(start): \(column): \(message)") }

            // The product of the row.
            let productFields = values.filter { !batchColumns.contains($0.key) }
            var id = values["product_id"] ?? ""
            if id.isEmpty { id = OCOPRules.suggestedID(for: values["name_vi"] ?? "") }
            if let index = productIndex[id] {
                let first = products[index]
                if let column = columns.first(where: {
                    (first.fields[$0] ?? "") != (productFields[$0] ?? "") && !batchColumns.contains($0) && $0 != "product_id"
                }) {
                    report(column, "product '\(id)' has a different \(column) on line \(first.line); its rows must agree")
                }
            } else {
                do {
                    let product = try OCOPRules.validated(try self.product(id: id, values))
                    productIndex[id] = products.count
                    products.append((start, product, productFields))
                } catch let error as OCOPValidationError {
                    for problem in error.problems { report(column(for: problem.field), problem.message) }
                    continue
                }
            }

            // The batch of the row, if any.
            let batchID = values["batch"] ?? ""
            let hasBatchData = batchColumns.contains { !(values[$0] ?? "").isEmpty }
            guard hasBatchData else { continue }
            guard !batchID.isEmpty else { report("batch", "a row with batch data needs its batch id"); continue }
            guard let produced = LocalDate(values["production_date"] ?? "") else {
                report("production_date", "'\(values["production_date"] ?? "")' is not a date YYYY-MM-DD")
                continue
            }
            var expires: LocalDate?
            if let text = values["expiry_date"], !text.isEmpty {
                guard let day = LocalDate(text) else { report("expiry_date", "'\(text)' is not a date YYYY-MM-DD"); continue }
                expires = day
            }
            var quantity: Int?
            if let text = values["quantity"], !text.isEmpty {
                guard let number = Int(text) else { report("quantity", "'\(text)' is not a whole number"); continue }
                quantity = number
            }
            let key = id + "\u{0}" + batchID
            if let first = batchLines[key] { report("batch", "batch '\(batchID)' of '\(id)' is already on line \(first)"); continue }
            do {
                let batch = try OCOPRules.validated(
                    OCOPBatch(product: id, id: batchID, produced: produced, expires: expires, quantity: quantity, notes: values["batch_notes"]))
                batchLines[key] = start
                batches.append((start, batch))
            } catch let error as OCOPValidationError {
                for problem in error.problems { report(column(for: problem.field), problem.message) }
            }
        }
        if products.isEmpty && problems.isEmpty { problems.append("\(file):2: the file holds no products") }
        guard problems.isEmpty else { throw OCOPFileError(problems) }
        return (products.map { ($0.line, $0.value) }, batches)
    }

    /// A product from the columns of one row (not yet validated).
    private static func product(id: String, _ values: [String: String]) throws -> OCOPProduct {
        var problems: [OCOPProblem] = []
        func text(_ column: String) -> String? { values[column].flatMap { $0.isEmpty ? nil : $0 } }
        func localized(_ prefix: String) -> LocalizedText? {
            let vi = text("\(prefix)_vi"), en = text("\(prefix)_en")
            return vi == nil && en == nil ? nil : LocalizedText(vi: vi ?? "", en: en)
        }
        let groupText = text("group") ?? ""
        let group = OCOPGroup(rawValue: groupText)
        if group == nil {
            problems.append(
                OCOPProblem(
                    field: "group", message: "'\(groupText)' is not a group; use \(OCOPGroup.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        var certificate: OCOPCertificate?
        let certificateColumns = [
            "ocop_stars", "ocop_score", "certificate_number", "certificate_date", "certificate_authority", "certificate_expires",
        ]
        if certificateColumns.contains(where: { text($0) != nil }) {
            let stars = text("ocop_stars").flatMap { Int($0) }
            let issued = text("certificate_date").flatMap(LocalDate.init)
            if stars == nil {
                problems.append(
                    OCOPProblem(
                        field: "stars", message: "a certificate needs its stars, 3, 4 or 5 (empty the certificate columns for a product without one)")
                )
            }
            if issued == nil { problems.append(OCOPProblem(field: "certificate_date", message: "a certificate needs its date YYYY-MM-DD")) }
            var score: Int?
            if let scoreText = text("ocop_score") {
                score = Int(scoreText)
                if score == nil { problems.append(OCOPProblem(field: "score", message: "'\(scoreText)' is not a whole number")) }
            }
            var expires: LocalDate?
            if let expiresText = text("certificate_expires") {
                expires = LocalDate(expiresText)
                if expires == nil { problems.append(OCOPProblem(field: "certificate_expires", message: "'\(expiresText)' is not a date YYYY-MM-DD")) }
            }
            if let stars, let issued {
                certificate = OCOPCertificate(
                    stars: stars, score: score, number: text("certificate_number") ?? "", issued: issued,
                    authority: text("certificate_authority") ?? "", expires: expires)
            }
        }
        guard problems.isEmpty, let group else { throw OCOPValidationError(problems) }
        return OCOPProduct(
            id: id, name: LocalizedText(vi: text("name_vi") ?? "", en: text("name_en")), group: group, certificate: certificate,
            producer: OCOPProducer(name: text("producer_name") ?? "", address: text("producer_address") ?? "", phone: text("producer_phone")),
            gtin: text("gtin") ?? "", brand: text("brand"), description: localized("description"), ingredients: localized("ingredients"),
            storage: localized("storage"))
    }

    /// The CSV column of a field named by ``OCOPRules``.
    public static func column(for field: String) -> String {
        [
            "id": "product_id", "producer": "producer_name", "stars": "ocop_stars", "score": "ocop_score",
            "certificate": "certificate_number", "authority": "certificate_authority", "expires": "expiry_date",
            "notes": "batch_notes", "product": "product_id",
        ][field] ?? field
    }

    // MARK: JSON shape

    /// The JSON export: who keeps the registry, the day it was written, and its products.
    struct Document: Encodable {
        struct CentreRecord: Encodable {
            var code: String
            var name: LocalizedText
        }
        var centre: CentreRecord?
        var generated: LocalDate
        var products: [OCOPProductJSON]
    }
}

/// Why a registry file was refused: every problem, each as `file:line: column: message`. Nothing was stored.
public struct OCOPFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [String]

    /// Makes an error that carries `problems`, one sentence each.
    public init(_ problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "\n") }
}
