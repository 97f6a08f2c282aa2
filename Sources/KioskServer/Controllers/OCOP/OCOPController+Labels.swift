import Foundation
import Hummingbird
import KioskCore
import KioskOCOP
import KioskPrint
import NIOPosix

/// The traceability labels of a batch: a PNG preview, a PDF to download and a job for a printer of
/// `centre.toml`. The QR code carries the batch's Digital Link on `[traceability] base_url`.
extension OCOPController {
    /// The label of the batch named in the path, in the language of `lang` (Vietnamese by default).
    private func label(_ context: AppRequestContext, language: String?) throws -> (label: ProductLabel, product: OCOPProduct, batch: OCOPBatch) {
        let product = try product(context)
        let batch = try batch(of: product, context)
        guard let baseURL else {
            throw APIError(.conflict, "set [traceability] base_url in centre.toml before making labels: it is the address the QR code carries")
        }
        guard let language = Language(rawValue: language ?? "vi") else { throw APIError(.badRequest, "lang must be vi or en", field: "lang") }
        let uri: String
        do {
            uri = try product.link(batch: batch).uri(base: baseURL)
        } catch let problem as GS1DigitalLink.Problem {
            throw APIError(.badRequest, problem.description, field: "batch")
        }
        return (ProductLabel(product: product, batch: batch, uri: uri, language: language), product, batch)
    }

    private static func layout(_ text: String?, default fallback: LabelLayout) throws -> LabelLayout {
        guard let text else { return fallback }
        guard let layout = LabelLayout(rawValue: text) else {
            throw APIError(.badRequest, "layout must be \(LabelLayout.allCases.map(\.rawValue).joined(separator: ", "))", field: "layout")
        }
        return layout
    }

    /// Renders off the event loops; a label the renderer refuses is the client's to fix (400).
    private func render(_ label: ProductLabel, layout: LabelLayout, format: LabelFormat, count: Int) async throws -> [UInt8] {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try LabelRenderer.render(label, layout: layout, format: format, count: count) }
        } catch let error as LabelError {
            throw APIError(.badRequest, error.description, field: "count")
        }
    }

    /// `label.png?layout=a4-3x8&lang=vi`: one label, for the page's preview.
    @Sendable func labelPNG(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (label, _, _) = try label(context, language: query.get("lang"))
        let png = try await render(label, layout: try Self.layout(query.get("layout"), default: .a4_3x8), format: .png, count: 1)
        return Response(
            status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }

    /// `label.pdf?layout=a4-3x8&count=24&lang=vi`: labels to print on the office's own printer.
    @Sendable func labelPDF(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (label, product, batch) = try label(context, language: query.get("lang"))
        let layout = try Self.layout(query.get("layout"), default: .a4_3x8)
        var count = layout.labelsPerPage
        if let text = query.get("count") {
            guard let number = Int(text) else {
                throw APIError(.badRequest, "count must be a whole number from 1 to \(LabelError.maximumCount)", field: "count")
            }
            count = number
        }
        let pdf = try await render(label, layout: layout, format: .pdf, count: count)
        return download(pdf, type: "application/pdf", filename: "tem-\(product.id)-\(batch.id)-\(layout.rawValue).pdf")
    }

    /// Sends `count` labels to a printer of `centre.toml` (its roll, or an A4 sheet), then back to the product page.
    @Sendable func printLabel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await formFields(request, context: context)
        let (label, product, batch) = try label(context, language: form.optional("lang"))
        let back = "/staff/ocop/\(product.id)"
        func failure(_ message: String) -> Response {
            redirect("\(back)?error=\(message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")#batches")
        }
        guard let printer = services.content.centre.printer(form["printer"]) else {
            return failure("Chưa in: không có máy in '\(form["printer"].prefix(40))' trong centre.toml. / No such printer.")
        }
        guard let count = Int(form.optional("count") ?? "1"), (1...LabelError.maximumCount).contains(count) else {
            return failure("Chưa in: số tem là số nguyên từ 1 đến \(LabelError.maximumCount). / The count is 1 to \(LabelError.maximumCount).")
        }
        do {
            // Rendering and the printer's I/O block; they run on the thread pool, bounded by the client's timeout.
            try await NIOThreadPool.singleton.runIfActive {
                let job = try LabelRenderer.printJob(label, count: count, for: printer)
                try PrinterClient(timeout: services.configuration.printTimeout).send(job, to: printer.address)
            }
        } catch let error as PrintError {
            context.logger.warning("label print failed", metadata: ["kiosk.printer": "\(printer.id)", "kiosk.error": "\(error)"])
            return failure(StaffSentences.printFailed(error.kind, printer: printer.name?.vi ?? printer.id))
        } catch let error as LabelError {
            return failure("Chưa in: \(error.description)")
        } catch let error as PrinterJob.Mismatch {
            return failure("Chưa in: \(error.description)")
        }
        context.logger.info(
            "labels printed",
            metadata: [
                "kiosk.printer": "\(printer.id)", "kiosk.ocop.product": "\(product.id)", "kiosk.ocop.batch": "\(batch.id)", "kiosk.count": "\(count)",
            ])
        return redirect("\(back)?printed=\(printer.id)#batches")
    }
}
