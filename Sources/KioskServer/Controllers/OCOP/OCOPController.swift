import Foundation
import Hummingbird
import KioskCore
import KioskOCOP
import KioskStore
import Mustache
import NIOCore

/// `/staff/ocop` (staff sign-in): the ward's registry of OCOP and key local products. Staff add and edit
/// products and their batches, upload a product image, export and import the registry file, and make
/// the traceability labels whose QR code carries the batch's GS1 Digital Link.
struct OCOPController {
    let services: AppServices
    let templates: MustacheLibrary

    /// The largest product or batch form taken.
    static let formLimit = 64 * 1024
    /// The largest registry CSV an import takes.
    static let csvLimit = 5 * 1024 * 1024

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get("new", use: newForm)
            .get("export.csv", use: exportCSV)
            .get("export.json", use: exportJSON)
            .post("import.csv", use: importCSV)
            .get(":id", use: detail)
            .post(":id", use: update)
            .get(":id/edit", use: editForm)
            .post(":id/delete", use: delete)
            .get(":id/image", use: image)
            .post(":id/image", use: uploadImage)
            .post(":id/image/delete", use: removeImage)
            .post(":id/batches", use: addBatch)
            .post(":id/batches/:batch", use: updateBatch)
            .post(":id/batches/:batch/delete", use: deleteBatch)
            .get(":id/batches/:batch/label.png", use: labelPNG)
            .get(":id/batches/:batch/label.pdf", use: labelPDF)
            .post(":id/batches/:batch/print", use: printLabel)
    }

    var today: LocalDate { LocalDate.of(services.now(), in: services.timeZone).date }
    var warningDays: Int { services.content.centre.traceability.certificateWarningDays }
    var baseURL: String? { services.content.centre.traceability.baseURL }

    // MARK: the registry

    struct ListView {
        struct Row {
            var id: String
            var name: String
            var nameEN: String?
            var gtin: String
            var group: String
            var stars: String
            var flag: OCOPViews.Flag
            var batches: Int
        }
        var centreName: String
        var user: String
        var rows: [Row]
        var hasRows: Bool
        var total: Int
        var flaggedCount: Int
        var flaggedOnly: Bool
        var query: String
        var message: String?
        var warningDays: Int
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let parameters = request.uri.queryParameters
        let flaggedOnly = parameters.get("flagged") == "1"
        let query = String((parameters.get("q") ?? "").prefix(100)).trimmingCharacters(in: .whitespaces)
        let products = try services.database.ocopProducts()
        let counts = Dictionary(grouping: try services.database.ocopBatches(), by: \.product).mapValues(\.count)
        let today = today
        let all = products.map { product in
            ListView.Row(
                id: product.id, name: product.name.vi, nameEN: product.name.en, gtin: product.gtin, group: product.group.name.vi,
                stars: OCOPViews.stars(product.certificate?.stars), flag: OCOPViews.flag(product.certificate, today: today, warningDays: warningDays),
                batches: counts[product.id] ?? 0)
        }
        let folded = Self.folded(query)
        let rows = all.filter { row in
            (!flaggedOnly || row.flag.flagged)
                && (folded.isEmpty || [row.id, row.name, row.nameEN ?? "", row.gtin].contains { Self.folded($0).contains(folded) })
        }
        let view = ListView(
            centreName: services.content.centre.name.vi, user: context.user?.name ?? "", rows: rows, hasRows: !rows.isEmpty, total: all.count,
            flaggedCount: all.filter(\.flag.flagged).count, flaggedOnly: flaggedOnly, query: query, message: Self.listMessage(request),
            warningDays: warningDays)
        return HTML(templates.renderStaffPage(view, withTemplate: "ocop", context: context))
    }

    private static func listMessage(_ request: Request) -> String? {
        let parameters = request.uri.queryParameters
        if let deleted = parameters.get("deleted") { return "Đã xoá sản phẩm \(deleted.prefix(40)). / Product deleted." }
        if let imported = parameters.get("imported") {
            let numbers = imported.split(separator: ".").map { Int($0) ?? 0 } + [0, 0, 0, 0]
            return "Đã nhập tệp: \(numbers[0]) sản phẩm mới, \(numbers[1]) cập nhật; \(numbers[2]) lô mới, \(numbers[3]) cập nhật. "
                + "/ Imported: \(numbers[0]) products added, \(numbers[1]) updated; \(numbers[2]) batches added, \(numbers[3]) updated."
        }
        return nil
    }

    /// Lower case without Vietnamese marks, for the search box.
    static func folded(_ text: String) -> String {
        text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
    }

    // MARK: the product form

    struct FormView {
        var centreName: String
        var user: String
        var title: String
        var action: String
        var isNew: Bool
        var productID: String
        var sections: [OCOPViews.Section]
        var problems: [String]
        var hasProblems: Bool
    }

    private func formPage(
        _ form: FormFields, problems: [OCOPProblem] = [], editing id: String?, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        let sections = OCOPViews.productSections(form, problems: problems)
        let view = FormView(
            centreName: services.content.centre.name.vi, user: context.user?.name ?? "",
            title: id == nil ? "Thêm sản phẩm" : "Sửa sản phẩm", action: id.map { "/staff/ocop/\($0)" } ?? "/staff/ocop", isNew: id == nil,
            productID: id ?? "", sections: sections, problems: OCOPViews.summary(problems, fields: sections.flatMap(\.fields)),
            hasProblems: !problems.isEmpty)
        return page(templates.renderStaffPage(view, withTemplate: "ocop-form", context: context), status: status)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        formPage(FormFields(["group": OCOPGroup.food.rawValue]), editing: nil, context: context)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        return formPage(OCOPForm.fields(of: product), editing: product.id, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await formFields(request, context: context)
        switch OCOPForm.product(from: form) {
        case .failure(let error):
            return formPage(form, problems: error.problems, editing: nil, context: context, status: .badRequest)
        case .success(let product):
            do {
                try services.database.addOCOPProduct(product, by: context.user?.name, now: services.now())
            } catch let error as OCOPValidationError {
                return formPage(form, problems: error.problems, editing: nil, context: context, status: .badRequest)
            }
            context.logger.info("OCOP product added", metadata: ["kiosk.ocop.product": "\(product.id)"])
            return redirect("/staff/ocop/\(product.id)?saved=1")
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try product(context).id
        let form = try await formFields(request, context: context)
        switch OCOPForm.product(from: form) {
        case .failure(let error):
            return formPage(form, problems: error.problems, editing: id, context: context, status: .badRequest)
        case .success(let product):
            do {
                try services.database.updateOCOPProduct(id, with: product, by: context.user?.name, now: services.now())
            } catch let error as OCOPValidationError {
                return formPage(form, problems: error.problems, editing: id, context: context, status: .badRequest)
            }
            context.logger.info("OCOP product updated", metadata: ["kiosk.ocop.product": "\(product.id)"])
            return redirect("/staff/ocop/\(product.id)?saved=1")
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        let form = try await formFields(request, context: context)
        guard form["confirm"] == "yes" else {
            return try detailPage(
                product, context: context, message: "Chưa xoá: đánh dấu ô xác nhận trước khi xoá. / Not deleted: tick the confirmation box first.",
                failed: true, status: .badRequest)
        }
        try services.database.deleteOCOPProduct(product.id)
        context.logger.info("OCOP product deleted", metadata: ["kiosk.ocop.product": "\(product.id)"])
        return redirect("/staff/ocop?deleted=\(product.id)")
    }

    // MARK: the product page

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        let parameters = request.uri.queryParameters
        var message: String?
        if parameters.get("saved") != nil { message = "Đã lưu. / Saved." }
        if let batch = parameters.get("batch") {
            message = ["added": "Đã thêm lô. / Batch added.", "saved": "Đã lưu lô. / Batch saved.", "deleted": "Đã xoá lô. / Batch deleted."][batch]
        }
        if let image = parameters.get("image") {
            message = ["saved": "Đã lưu ảnh. / Image saved.", "removed": "Đã gỡ ảnh. / Image removed."][image]
        }
        if let printer = parameters.get("printed") { message = "Đã gửi tem tới máy in \(printer.prefix(40)). / Sent to the printer." }
        let error = parameters.get("error").map { String($0.prefix(300)) }
        return try detailPage(product, context: context, message: error ?? message, failed: error != nil)
    }

    // MARK: the image

    @Sendable func image(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        guard let image = try services.database.ocopImage(of: product.id) else { throw APIError(.notFound, "product '\(product.id)' has no image") }
        return Response(
            status: .ok, headers: [.contentType: image.contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: image.bytes)))
    }

    /// The image file's bytes as the body (the page's script sends the chosen file as it is).
    @Sendable func uploadImage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: OCOPImage.maximumBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge,
                "Ảnh lớn hơn 2 MB; hãy thu nhỏ ảnh (ảnh JPEG rộng 1200 điểm ảnh là đủ). / The image is larger than 2 MB; make it smaller.",
                field: "image")
        }
        let image: OCOPImage
        do {
            image = try OCOPImage(bytes: Array(buffer: body))
        } catch let error as OCOPValidationError {
            throw APIError(.badRequest, "Chưa lưu ảnh: \(error.problems.map(\.message).joined(separator: "; "))", field: "image")
        }
        try services.database.setOCOPImage(image, of: product.id, now: services.now())
        context.logger.info("OCOP image saved", metadata: ["kiosk.ocop.product": "\(product.id)", "kiosk.bytes": "\(image.bytes.count)"])
        return json(["message": "Đã lưu ảnh. / Image saved.", "location": "/staff/ocop/\(product.id)?image=saved"])
    }

    @Sendable func removeImage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let product = try product(context)
        try services.database.setOCOPImage(nil, of: product.id, now: services.now())
        return redirect("/staff/ocop/\(product.id)?image=removed")
    }

    // MARK: helpers

    /// The product named in the path.
    /// - Throws: 404 when the registry has no such product.
    func product(_ context: AppRequestContext) throws -> OCOPProduct {
        let id = try context.parameters.require("id")
        guard OCOPRules.isValidID(id), let product = try services.database.ocopProduct(id), product.id == id else {
            throw APIError(.notFound, "no product '\(id.prefix(40))' in the registry")
        }
        return product
    }

    /// The posted form, at most ``formLimit`` bytes.
    func formFields(_ request: Request, context: AppRequestContext) async throws -> FormFields {
        var request = request
        do {
            return FormFields(body: String(buffer: try await request.collectBody(upTo: Self.formLimit)))
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, "Biểu mẫu lớn hơn 64 KB; hãy rút ngắn phần mô tả. / The form is larger than 64 KB; shorten the descriptions.")
        }
    }

    func page(_ text: String?, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text ?? "")))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func json(_ object: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
