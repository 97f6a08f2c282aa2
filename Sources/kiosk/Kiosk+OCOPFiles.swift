import ArgumentParser
import Foundation
import KioskCore
import KioskOCOP
import KioskStore

extension Kiosk.OCOP {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nhập sổ từ tệp CSV (load products and batches from a registry CSV; one bad row refuses the file).",
            discussion: """
                The columns are those `kiosk ocop export --format csv` writes: \(OCOPRegistryFile.columns.joined(separator: ",")). \
                Products are matched by product_id, batches by product and batch; certificate_status, digital_link and image_url are ignored.
                """)
        @OptionGroup var registry: RegistryOptions
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Flag(help: "Check the file against the registry and say what would change, storing nothing.") var dryRun = false

        func run() throws {
            try runRegistryCommand {
                guard let data = FileManager.default.contents(atPath: file) else { throw RegistryFailure("cannot read \(file)") }
                let database = try registry.database()
                let summary: OCOPImportSummary
                if dryRun {
                    summary = try Self.withScratchCopy(of: database) { scratch in
                        try OCOPRegistryFile.importCSV([UInt8](data), file: file, into: scratch, by: NSUserName(), now: Date())
                    }
                } else {
                    summary = try OCOPRegistryFile.importCSV([UInt8](data), file: file, into: database, by: NSUserName(), now: Date())
                    try database.audit(
                        AuditEvent(action: "ocop.import", actor: CommandLineActor.current, detail: "\(file): \(summary.auditDetail)", at: Date()))
                }
                let counts = """
                    \(summary.productsAdded) sản phẩm mới, \(summary.productsUpdated) cập nhật; \(summary.batchesAdded) lô mới, \
                    \(summary.batchesUpdated) cập nhật (products added, updated; batches added, updated)
                    """
                print(dryRun ? "\(file): tệp hợp lệ, chưa lưu gì (dry run, nothing stored): \(counts)" : "\(file): \(counts)")
            }
        }

        /// Runs `body` on a copy of the registry in a temporary folder, removed afterwards.
        static func withScratchCopy<T>(of database: AppDatabase, _ body: (AppDatabase) throws -> T) throws -> T {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-ocop-check-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let scratch = try AppDatabase.open(directory: folder)
            try database.copy(into: scratch)
            return try body(scratch)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xuất sổ cho cổng truy xuất quốc gia, CSV hoặc JSON (export the registry; the CSV is also its backup).",
            discussion: "Images are not in the file: back them up with the data folder.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

        @OptionGroup var registry: RegistryOptions
        @Option(help: "csv or json.") var format: Format = .csv
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() throws {
            try runRegistryCommand {
                let centre = try registry.centre()
                let database = try registry.database()
                let products = try database.ocopProducts()
                let batches = try database.ocopBatches()
                let base = centre.traceability.baseURL
                let days = centre.traceability.certificateWarningDays
                let bytes =
                    switch format {
                    case .csv: OCOPRegistryFile.csv(products: products, batches: batches, baseURL: base, today: centre.today, warningDays: days)
                    case .json:
                        OCOPRegistryFile.json(
                            products: products, batches: batches, baseURL: base, today: centre.today, warningDays: days, centre: centre)
                    }
                try writeOutput(bytes, to: out)
                try database.audit(
                    AuditEvent(action: "export.ocop", actor: CommandLineActor.current, detail: "registry \(format.rawValue)", at: Date()))
                if let out, out != "-" { print("\(out): \(products.count) sản phẩm, \(batches.count) lô (products, batches)") }
            }
        }
    }
}
