import Foundation
import Hummingbird
import KioskCore
import KioskOCOP
import KioskStore

/// The product page of `/staff/ocop/{id}` and its batch forms.
extension OCOPController {
    struct Fact {
        var label: String
        var en: String
        var value: String
    }

    struct BatchView {
        var id: String
        /// The id as a path component.
        var path: String
        var produced: String
        var expires: String?
        var quantity: String?
        var notes: String?
        /// The Digital Link on the public base URL, when one is set.
        var uri: String?
        /// The same link on this server.
        var publicPath: String
        var fields: [OCOPViews.Field]
        var problems: [String]
        var hasProblems: Bool
        var open: Bool
        var index: Int
    }

    struct PrinterView {
        var printerId: String
        var name: String
        var paper: String
        var defaultCount: Int
    }

    struct ProductView {
        var centreName: String
        var user: String
        var productID: String
        var name: String
        var nameEN: String?
        var gtin: String
        var flag: OCOPViews.Flag
        var facts: [Fact]
        var texts: [Fact]
        var hasImage: Bool
        var link: String?
        var publicPath: String
        var message: String?
        var failed: Bool
        var batchFields: [OCOPViews.Field]
        var batchProblems: [String]
        var hasBatchProblems: Bool
        var batches: [BatchView]
        var hasBatches: Bool
        var layouts: [OCOPViews.Option]
        var printers: [PrinterView]
        var hasPrinters: Bool
        var warningDays: Int
    }

    /// A batch form shown again with what was typed and what is wrong with it.
    struct BatchAttempt {
        /// `nil` for the add form, else the id of the batch being edited.
        var batch: String?
        var form: FormFields
        var problems: [OCOPProblem]
    }

    /// The label layouts offered for a PDF, by id.
    static let layoutChoices: [(String, String)] = [
        ("a4-3x8", "A4 – 3 × 8 = 24 tem"), ("a4-2x5", "A4 – 2 × 5 = 10 tem"), ("58mm", "Cuộn 58 mm / 58 mm roll"),
        ("80mm", "Cuộn 80 mm / 80 mm roll"),
    ]

    func detailPage(
        _ product: OCOPProduct, context: AppRequestContext, message: String? = nil, failed: Bool = false, attempt: BatchAttempt? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let batches = try services.database.ocopBatches(of: product.id)
        var facts = [
            Fact(label: "Mã sản phẩm", en: "Id", value: product.id), Fact(label: "GTIN", en: "GTIN", value: product.gtin),
            Fact(label: "Nhóm", en: "Group", value: "\(product.group.name.vi) / \(product.group.name.en ?? "")"),
        ]
        if let brand = product.brand { facts.append(Fact(label: "Nhãn hiệu", en: "Brand", value: brand)) }
        if let certificate = product.certificate {
            facts += [
                Fact(label: "Hạng OCOP", en: "Stars", value: OCOPViews.stars(certificate.stars)),
                Fact(label: "Điểm", en: "Score", value: certificate.score.map { "\($0)/100" } ?? "—"),
                Fact(label: "Số quyết định", en: "Decision", value: certificate.number),
                Fact(label: "Ngày quyết định", en: "Issued", value: OCOPViews.vietnamese(certificate.issued)),
                Fact(label: "Cơ quan cấp", en: "Authority", value: certificate.authority),
                Fact(label: "Hết hạn", en: "Expires", value: OCOPViews.vietnamese(certificate.expires)),
            ]
        }
        facts += [
            Fact(label: "Chủ thể sản xuất", en: "Producer", value: product.producer.name),
            Fact(label: "Địa chỉ", en: "Address", value: product.producer.address),
        ]
        if let phone = product.producer.phone { facts.append(Fact(label: "Điện thoại", en: "Phone", value: phone)) }
        var texts: [Fact] = []
        for (label, en, text) in [
            ("Mô tả", "Description", product.description), ("Thành phần", "Ingredients", product.ingredients),
            ("Bảo quản", "Storage", product.storage),
        ] {
            if let text, !text.vi.isEmpty { texts.append(Fact(label: label, en: en, value: text.vi)) }
            if let english = text?.en { texts.append(Fact(label: "\(label) (EN)", en: en, value: english)) }
        }
        let batchViews = batches.enumerated().map { index, batch in
            let editing = attempt?.batch == batch.id ? attempt : nil
            let link = try? product.link(batch: batch)
            let fields = OCOPViews.batchFields(editing?.form ?? OCOPForm.fields(of: batch), problems: editing?.problems ?? [], prefix: "b\(index)")
            return BatchView(
                id: batch.id, path: OCOPViews.pathComponent(batch.id), produced: OCOPViews.vietnamese(batch.produced),
                expires: batch.expires.map(OCOPViews.vietnamese), quantity: batch.quantity.map(String.init), notes: batch.notes,
                uri: baseURL.flatMap { base in link?.uri(base: base) }, publicPath: link?.uri(base: "") ?? "",
                fields: fields, problems: OCOPViews.summary(editing?.problems ?? [], fields: fields), hasProblems: editing?.problems.isEmpty == false,
                open: editing != nil, index: index)
        }
        let adding = attempt?.batch == nil ? attempt : nil
        // Labels print on receipt rolls and A4 sheets; no layout fits A6.
        let labelPrinters = services.content.centre.printers.filter { $0.paper != .a6 }
        let batchFields = OCOPViews.batchFields(
            adding?.form ?? FormFields(["produced": today.description]), problems: adding?.problems ?? [], prefix: "new")
        let productLink = try? product.link(batch: nil)
        let view = ProductView(
            centreName: services.content.centre.name.vi, user: context.user?.name ?? "", productID: product.id, name: product.name.vi,
            nameEN: product.name.en, gtin: product.gtin, flag: OCOPViews.flag(product.certificate, today: today, warningDays: warningDays),
            facts: facts, texts: texts, hasImage: product.hasImage, link: baseURL.flatMap { base in productLink?.uri(base: base) },
            publicPath: productLink?.uri(base: "") ?? "", message: message, failed: failed,
            batchFields: batchFields, batchProblems: OCOPViews.summary(adding?.problems ?? [], fields: batchFields),
            hasBatchProblems: adding?.problems.isEmpty == false,
            batches: batchViews, hasBatches: !batches.isEmpty,
            layouts: Self.layoutChoices.map { OCOPViews.Option(value: $0.0, label: $0.1, selected: $0.0 == "a4-3x8") },
            printers: labelPrinters.map {
                PrinterView(printerId: $0.id, name: $0.name?.vi ?? $0.id, paper: $0.paper.rawValue, defaultCount: $0.paper.isThermal ? 1 : 24)
            },
            hasPrinters: !labelPrinters.isEmpty, warningDays: warningDays)
        return page(templates.renderStaffPage(view, withTemplate: "ocop-product", context: context), status: status)
    }

    // MARK: batches

    /// The batch named in the path (its id percent-decoded).
    func batch(of product: OCOPProduct, _ context: AppRequestContext) throws -> OCOPBatch {
        let raw = try context.parameters.require("batch")
        let id = raw.removingPercentEncoding ?? raw
        guard let batch = try services.database.ocopBatch(id, of: product.id) else {
            throw APIError(.notFound, "product '\(product.id)' has no batch '\(id.prefix(40))'")
        }
        return batch
    }

    @Sendable func addBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        let form = try await formFields(request, context: context)
        var problems: [OCOPProblem]
        switch OCOPForm.batch(of: product.id, from: form) {
        case .failure(let error):
            problems = error.problems
        case .success(let batch):
            do {
                try services.database.addOCOPBatch(batch, by: context.user?.name, now: services.now())
                context.logger.info("OCOP batch added", metadata: ["kiosk.ocop.product": "\(product.id)", "kiosk.ocop.batch": "\(batch.id)"])
                return redirect("/staff/ocop/\(product.id)?batch=added#batches")
            } catch let error as OCOPValidationError {
                problems = error.problems
            }
        }
        return try detailPage(
            product, context: context, message: "Chưa thêm lô: kiểm tra các ô được đánh dấu. / Batch not added: check the marked fields.",
            failed: true,
            attempt: BatchAttempt(batch: nil, form: form, problems: problems), status: .badRequest)
    }

    @Sendable func updateBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        let old = try batch(of: product, context)
        let form = try await formFields(request, context: context)
        var problems: [OCOPProblem]
        switch OCOPForm.batch(of: product.id, from: form) {
        case .failure(let error):
            problems = error.problems
        case .success(let batch):
            do {
                try services.database.updateOCOPBatch(old.id, with: batch, by: context.user?.name, now: services.now())
                context.logger.info("OCOP batch updated", metadata: ["kiosk.ocop.product": "\(product.id)", "kiosk.ocop.batch": "\(batch.id)"])
                return redirect("/staff/ocop/\(product.id)?batch=saved#batches")
            } catch let error as OCOPValidationError {
                problems = error.problems
            }
        }
        return try detailPage(
            product, context: context, message: "Chưa lưu lô \(old.id): kiểm tra các ô được đánh dấu. / Batch not saved: check the marked fields.",
            failed: true, attempt: BatchAttempt(batch: old.id, form: form, problems: problems), status: .badRequest)
    }

    @Sendable func deleteBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        let batch = try batch(of: product, context)
        try services.database.deleteOCOPBatch(batch.id, of: product.id)
        context.logger.info("OCOP batch deleted", metadata: ["kiosk.ocop.product": "\(product.id)", "kiosk.ocop.batch": "\(batch.id)"])
        return redirect("/staff/ocop/\(product.id)?batch=deleted#batches")
    }
}
