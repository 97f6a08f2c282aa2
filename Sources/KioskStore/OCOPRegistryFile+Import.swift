import Foundation
import KioskCore
import KioskOCOP

extension OCOPRegistryFile {
    /// Reads a registry CSV and stores it in one transaction: products are matched by `product_id`
    /// (made from `name_vi` when empty), batches by product and batch id. Nothing is stored unless every
    /// row is good.
    /// - Parameter file: the name used in messages.
    /// - Throws: ``OCOPFileError`` listing every problem as `file:line: column: message`.
    public static func importCSV(_ bytes: [UInt8], file: String, into database: AppDatabase, by user: String?, now: Date) throws
        -> OCOPImportSummary
    {
        let parsed = try read(bytes, file: file)
        do {
            return try database.importOCOP(products: parsed.products.map(\.value), batches: parsed.batches.map(\.value), by: user, now: now)
        } catch let error as OCOPImportError {
            let line: Int
            switch error.item {
            case .product(let index): line = parsed.products[index].line
            case .batch(let index): line = parsed.batches[index].line
            }
            throw OCOPFileError(error.problems.map { "\(file):\(line): \(column(for: $0.field)): \($0.message)" })
        }
    }
}
