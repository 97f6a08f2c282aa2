import ArgumentParser
import Foundation
import KioskCore
import KioskOCOP
import KioskStore

extension Kiosk.OCOP {
    /// `kiosk ocop batch …`: the batches (lots) of a product.
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Các lô của sản phẩm (a product's batches).", subcommands: [Add.self, Edit.self, List.self, Delete.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Thêm một lô (add a batch).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @OptionGroup var fields: BatchFields

            func run() throws {
                try runRegistryCommand {
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let blank = OCOPBatch(product: product.id, id: "", produced: LocalDate(year: 1970, month: 1, day: 1))
                    let batch = try fields.applied(to: blank, isNew: true)
                    let stored = try database.addOCOPBatch(batch, by: NSUserName(), now: Date())
                    print("Đã thêm lô \(stored.id) của \(product.id), sản xuất \(stored.produced) (batch added)")
                }
            }
        }

        struct Edit: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Sửa một lô: mỗi tùy chọn thay một trường (edit a batch; each option replaces one field).",
                discussion: "--batch renames the batch. An empty value clears --expires, --quantity or --notes.")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Argument(help: "The batch id.") var batch: String
            @OptionGroup var fields: BatchFields

            func run() throws {
                try runRegistryCommand {
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let current = try database.registeredBatch(batch, of: product)
                    let edited = try fields.applied(to: current, isNew: false)
                    let stored = try database.updateOCOPBatch(current.id, with: edited, by: NSUserName(), now: Date())
                    let renamed = stored.id == current.id ? "" : " (was \(current.id))"
                    print("Đã sửa lô \(stored.id)\(renamed) của \(product.id) (batch updated)")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Các lô của một sản phẩm, mới nhất trước (a product's batches, newest first).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String

            func run() throws {
                try runRegistryCommand {
                    let base = try registry.centre().traceability.baseURL
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    print(batchTable(product: product, batches: try database.ocopBatches(of: product.id), baseURL: base))
                }
            }
        }

        struct Delete: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Xóa một lô (remove a batch).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Argument(help: "The batch id.") var batch: String
            @Flag(help: "Confirm the removal.") var yes = false

            func run() throws {
                try runRegistryCommand {
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let batch = try database.registeredBatch(self.batch, of: product)
                    guard yes else { throw RegistryFailure("thêm --yes để xóa lô \(batch.id) của \(product.id) (add --yes to remove the batch)") }
                    try database.deleteOCOPBatch(batch.id, of: product.id)
                    print("Đã xóa lô \(batch.id) của \(product.id) (batch removed)")
                }
            }
        }
    }
}

/// The batch fields `batch add` and `batch edit` take.
struct BatchFields: ParsableArguments {
    @Option(help: "The batch or lot id printed on the pack (edit: a new id), e.g. L2026-11.") var batch: String?
    @Option(help: "Production date, YYYY-MM-DD.") var produced: String?
    @Option(help: "Expiry date, YYYY-MM-DD.") var expires: String?
    @Option(help: "How many items the batch holds.") var quantity: String?
    @Option(help: "Notes for staff.") var notes: String?

    /// `batch` with every given option applied and checked against ``OCOPRules``.
    /// - Throws: ``OCOPValidationError`` listing every problem.
    func applied(to batch: OCOPBatch, isNew: Bool) throws -> OCOPBatch {
        var batch = batch
        var problems: [OCOPProblem] = []
        if let id = self.batch {
            batch.id = id
        } else if isNew {
            problems.append(OCOPProblem(field: "batch", message: "give the batch or lot id printed on the pack: --batch L2026-11"))
        }
        if let produced {
            if let day = LocalDate(produced) {
                batch.produced = day
            } else {
                problems.append(OCOPProblem(field: "produced", message: "'\(produced)' is not a date YYYY-MM-DD"))
            }
        } else if isNew {
            problems.append(OCOPProblem(field: "produced", message: "give the production date: --produced YYYY-MM-DD"))
        }
        if let expires {
            if expires.isEmpty {
                batch.expires = nil
            } else if let day = LocalDate(expires) {
                batch.expires = day
            } else {
                problems.append(OCOPProblem(field: "expires", message: "'\(expires)' is not a date YYYY-MM-DD"))
            }
        }
        if let quantity {
            if quantity.isEmpty {
                batch.quantity = nil
            } else if let number = Int(quantity) {
                batch.quantity = number
            } else {
                problems.append(OCOPProblem(field: "quantity", message: "'\(quantity)' is not a whole number"))
            }
        }
        if let notes { batch.notes = notes }
        do {
            batch = try OCOPRules.validated(batch)
        } catch let error as OCOPValidationError {
            let reported = Set(problems.map(\.field))
            // Without a real production date, comparing the expiry with it says nothing.
            let noProduction = reported.contains("produced")
            problems += error.problems.filter { !reported.contains($0.field) && !(noProduction && $0.field == "expires") }
        }
        guard problems.isEmpty else { throw OCOPValidationError(problems) }
        return batch
    }
}
