import Foundation
import Hummingbird
import KioskCore
import KioskOCOP
import KioskStore
import NIOCore

/// The registry file of `/staff/ocop`: CSV and JSON downloads, and a CSV import that takes the export back.
extension OCOPController {
    @Sendable func exportCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let bytes = OCOPRegistryFile.csv(
            products: try services.database.ocopProducts(), batches: try services.database.ocopBatches(), baseURL: baseURL, today: today,
            warningDays: warningDays)
        try auditExport("csv", request, context)
        return download(bytes, type: "text/csv; charset=utf-8", filename: "ocop-\(services.content.centre.code)-\(today).csv")
    }

    @Sendable func exportJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        let bytes = OCOPRegistryFile.json(
            products: try services.database.ocopProducts(), batches: try services.database.ocopBatches(), baseURL: baseURL, today: today,
            warningDays: warningDays, centre: services.content.centre)
        try auditExport("json", request, context)
        return download(bytes, type: "application/json; charset=utf-8", filename: "ocop-\(services.content.centre.code)-\(today).json")
    }

    /// The CSV file as the body (the page's script sends the chosen file as it is), its name in `?file=`.
    /// Answers `{"location": …}` (the registry with the import's counts) or an error whose message holds
    /// one `file:line: column: message` line per problem.
    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.csvLimit)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, "Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp. / The file is larger than 5 MB; split it into smaller files.")
        }
        let file = Self.fileName(request.uri.queryParameters.get("file"))
        let summary: OCOPImportSummary
        do {
            summary = try OCOPRegistryFile.importCSV(
                Array(buffer: body), file: file, into: services.database, by: context.user?.name, now: services.now())
        } catch let error as OCOPFileError {
            context.logger.notice("OCOP import refused", metadata: ["kiosk.ocop.problems": "\(error.problems.count)"])
            throw APIError(.badRequest, error.description)
        }
        context.logger.info(
            "OCOP registry imported",
            metadata: [
                "kiosk.ocop.products": "\(summary.productsAdded + summary.productsUpdated)",
                "kiosk.ocop.batches": "\(summary.batchesAdded + summary.batchesUpdated)",
            ])
        try services.database.audit(
            AuditEvent(
                action: "ocop.import", actor: context.user?.name,
                address: request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies),
                detail: "\(file): \(summary.auditDetail)", at: services.now()))
        let counts = [summary.productsAdded, summary.productsUpdated, summary.batchesAdded, summary.batchesUpdated].map(String.init).joined(
            separator: ".")
        return json(["location": "/staff/ocop?imported=\(counts)"])
    }

    /// Records `export.ocop` (detail: the format) in the audit log.
    private func auditExport(_ format: String, _ request: Request, _ context: AppRequestContext) throws {
        try services.database.audit(
            AuditEvent(
                action: "export.ocop", actor: context.user?.name,
                address: request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies),
                detail: "registry \(format)", at: services.now()))
    }

    /// The uploaded file's name as messages show it: its last path component, printable ASCII-safe, short.
    static func fileName(_ name: String?) -> String {
        let base = (name ?? "").split(separator: "/").last.map(String.init) ?? ""
        let cleaned = String(base.filter { !$0.isNewline && $0 != "\0" }.prefix(80))
        return cleaned.isEmpty ? "registry.csv" : cleaned
    }

    func download(_ bytes: [UInt8], type: String, filename: String) -> Response {
        let filename = String(filename.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "no-store", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
