import Foundation
import GRDB
import KioskCore
import KioskOCOP

extension AppDatabase {
    // MARK: products

    /// Every product, by Vietnamese name.
    public func ocopProducts() throws -> [OCOPProduct] {
        try read { db in
            try Row.fetchAll(db, sql: "\(Self.productSelect) ORDER BY p.name_vi COLLATE NOCASE, p.id").map(OCOPProduct.init(row:))
        }
    }

    /// The product whose id, or whose GTIN (8 to 14 digits, padded), is `key`.
    public func ocopProduct(_ key: String) throws -> OCOPProduct? {
        try read { try Self.product(key, in: $0) }
    }

    /// Adds a product after checking it against ``OCOPRules``.
    /// - Throws: ``OCOPValidationError`` for a bad field, a taken id or a GTIN another product has.
    @discardableResult
    public func addOCOPProduct(_ product: OCOPProduct, by user: String?, now: Date) throws -> OCOPProduct {
        let product = try OCOPRules.validated(product)
        return try write { db in
            if try Self.product(id: product.id, in: db) != nil {
                throw OCOPValidationError([OCOPProblem(field: "id", message: "a product with id '\(product.id)' is already in the registry")])
            }
            try Self.checkGTINFree(product, in: db)
            try Self.insert(product, by: user, now: now, in: db)
            return product
        }
    }

    /// Replaces the product `id` (which may itself change) with `product`.
    /// - Throws: ``OCOPStoreError/noProduct(_:)`` for an unknown id, ``OCOPValidationError`` for bad fields.
    @discardableResult
    public func updateOCOPProduct(_ id: String, with product: OCOPProduct, by user: String?, now: Date) throws -> OCOPProduct {
        let product = try OCOPRules.validated(product)
        return try write { db in
            guard try Self.product(id: id, in: db) != nil else { throw OCOPStoreError.noProduct(id) }
            if product.id != id, try Self.product(id: product.id, in: db) != nil {
                throw OCOPValidationError([OCOPProblem(field: "id", message: "a product with id '\(product.id)' is already in the registry")])
            }
            try Self.checkGTINFree(product, except: id, in: db)
            try Self.update(id, with: product, by: user, now: now, in: db)
            return product
        }
    }

    /// Removes a product with its batches and image. Returns whether it was there.
    @discardableResult
    public func deleteOCOPProduct(_ id: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM ocop_product WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Stores (or with `nil` removes) the product's image.
    public func setOCOPImage(_ image: OCOPImage?, of product: String, now: Date) throws {
        try write { db in
            guard try Self.product(id: product, in: db) != nil else { throw OCOPStoreError.noProduct(product) }
            if let image {
                try db.execute(
                    sql: """
                        INSERT INTO ocop_image (product_id, content_type, bytes, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(product_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
                        updated_at = excluded.updated_at
                        """,
                    arguments: [product, image.contentType, Data(image.bytes), RatingRecord.timestamp.format(now)])
            } else {
                try db.execute(sql: "DELETE FROM ocop_image WHERE product_id = ?", arguments: [product])
            }
        }
    }

    /// The product's image, if one is stored.
    public func ocopImage(of product: String) throws -> OCOPImage? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT content_type, bytes FROM ocop_image WHERE product_id = ?", arguments: [product])
            else { return nil }
            let data: Data = row["bytes"]
            return try? OCOPImage(bytes: [UInt8](data))
        }
    }

    // MARK: batches

    /// The product's batches, newest production first.
    public func ocopBatches(of product: String) throws -> [OCOPBatch] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ocop_batch WHERE product_id = ? ORDER BY produced DESC, batch", arguments: [product])
                .map(OCOPBatch.init(row:))
        }
    }

    /// Every batch of every product, by product id then newest production first.
    public func ocopBatches() throws -> [OCOPBatch] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ocop_batch ORDER BY product_id, produced DESC, batch").map(OCOPBatch.init(row:))
        }
    }

    /// One batch of a product.
    public func ocopBatch(_ batch: String, of product: String) throws -> OCOPBatch? {
        try read { try Self.batch(batch, of: product, in: $0) }
    }

    /// The batch a label's lot id names: the batch with that id, or else the batch it was renamed to
    /// (a printed label keeps its old id; see ``updateOCOPBatch(_:with:by:now:)``).
    public func ocopBatchFollowingRenames(_ batch: String, of product: String) throws -> OCOPBatch? {
        try read { db in
            if let found = try Self.batch(batch, of: product, in: db) { return found }
            let sql = "SELECT batch FROM ocop_batch_alias WHERE product_id = ? AND old_batch = ?"
            guard let current = try String.fetchOne(db, sql: sql, arguments: [product, batch]) else { return nil }
            return try Self.batch(current, of: product, in: db)
        }
    }

    /// Adds a batch to its product after checking it against ``OCOPRules``.
    /// - Throws: ``OCOPStoreError/noProduct(_:)``; ``OCOPValidationError`` for bad fields or a batch id the product already has.
    @discardableResult
    public func addOCOPBatch(_ batch: OCOPBatch, by user: String?, now: Date) throws -> OCOPBatch {
        let batch = try OCOPRules.validated(batch)
        return try write { db in
            guard try Self.product(id: batch.product, in: db) != nil else { throw OCOPStoreError.noProduct(batch.product) }
            if try Self.batch(batch.id, of: batch.product, in: db) != nil {
                throw OCOPValidationError([OCOPProblem(field: "batch", message: "product '\(batch.product)' already has a batch '\(batch.id)'")])
            }
            try Self.insert(batch, by: user, now: now, in: db)
            return batch
        }
    }

    /// Replaces batch `id` of its product with `batch` (the id may change). A renamed batch keeps its old
    /// id, and every id it had before, as aliases: labels printed with them still find it.
    @discardableResult
    public func updateOCOPBatch(_ id: String, with batch: OCOPBatch, by user: String?, now: Date) throws -> OCOPBatch {
        let batch = try OCOPRules.validated(batch)
        return try write { db in
            guard try Self.batch(id, of: batch.product, in: db) != nil else { throw OCOPStoreError.noBatch(product: batch.product, batch: id) }
            if batch.id != id, try Self.batch(batch.id, of: batch.product, in: db) != nil {
                throw OCOPValidationError([OCOPProblem(field: "batch", message: "product '\(batch.product)' already has a batch '\(batch.id)'")])
            }
            try db.execute(sql: "DELETE FROM ocop_batch WHERE product_id = ? AND batch = ?", arguments: [batch.product, id])
            try Self.insert(batch, by: user, now: now, in: db)
            if batch.id != id {
                // The new id is a batch's own again, no longer an old name (a rename taken back).
                try db.execute(sql: "DELETE FROM ocop_batch_alias WHERE product_id = ? AND old_batch = ?", arguments: [batch.product, batch.id])
                try db.execute(
                    sql: "UPDATE ocop_batch_alias SET batch = ? WHERE product_id = ? AND batch = ?", arguments: [batch.id, batch.product, id])
                try db.execute(
                    sql: """
                        INSERT INTO ocop_batch_alias (product_id, old_batch, batch, renamed_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(product_id, old_batch) DO UPDATE SET batch = excluded.batch, renamed_at = excluded.renamed_at
                        """,
                    arguments: [batch.product, id, batch.id, RatingRecord.timestamp.format(now)])
            }
            return batch
        }
    }

    /// Removes one batch and the old ids that led to it. Returns whether it was there.
    @discardableResult
    public func deleteOCOPBatch(_ batch: String, of product: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM ocop_batch WHERE product_id = ? AND batch = ?", arguments: [product, batch])
            let deleted = db.changesCount > 0
            try db.execute(sql: "DELETE FROM ocop_batch_alias WHERE product_id = ? AND batch = ?", arguments: [product, batch])
            return deleted
        }
    }

    // MARK: import

    /// Adds or replaces products (matched by id) and batches (matched by product and batch id) in one
    /// transaction: if any of them is refused, nothing changes.
    /// - Throws: ``OCOPImportError`` naming the item (by its index in `products` or `batches`) and its problems.
    public func importOCOP(products: [OCOPProduct], batches: [OCOPBatch], by user: String?, now: Date) throws -> OCOPImportSummary {
        var checkedProducts: [OCOPProduct] = []
        for (index, product) in products.enumerated() {
            do { checkedProducts.append(try OCOPRules.validated(product)) } catch let error as OCOPValidationError {
                throw OCOPImportError(item: .product(index), problems: error.problems)
            }
        }
        var checkedBatches: [OCOPBatch] = []
        for (index, batch) in batches.enumerated() {
            do { checkedBatches.append(try OCOPRules.validated(batch)) } catch let error as OCOPValidationError {
                throw OCOPImportError(item: .batch(index), problems: error.problems)
            }
        }
        return try write { db in
            var summary = OCOPImportSummary()
            for (index, product) in checkedProducts.enumerated() {
                do {
                    try Self.checkGTINFree(product, except: product.id, in: db)
                    if try Self.product(id: product.id, in: db) != nil {
                        try Self.update(product.id, with: product, by: user, now: now, in: db)
                        summary.productsUpdated += 1
                    } else {
                        try Self.insert(product, by: user, now: now, in: db)
                        summary.productsAdded += 1
                    }
                } catch let error as OCOPValidationError {
                    throw OCOPImportError(item: .product(index), problems: error.problems)
                }
            }
            for (index, batch) in checkedBatches.enumerated() {
                guard try Self.product(id: batch.product, in: db) != nil else {
                    throw OCOPImportError(
                        item: .batch(index), problems: [OCOPProblem(field: "product", message: OCOPStoreError.noProduct(batch.product).description)])
                }
                let existed = try Self.batch(batch.id, of: batch.product, in: db) != nil
                try db.execute(sql: "DELETE FROM ocop_batch WHERE product_id = ? AND batch = ?", arguments: [batch.product, batch.id])
                try Self.insert(batch, by: user, now: now, in: db)
                if existed { summary.batchesUpdated += 1 } else { summary.batchesAdded += 1 }
            }
            return summary
        }
    }

    // MARK: SQL

    private static let productSelect = """
        SELECT p.*, EXISTS(SELECT 1 FROM ocop_image i WHERE i.product_id = p.id) AS has_image FROM ocop_product p
        """

    static func product(_ key: String, in db: Database) throws -> OCOPProduct? {
        if let product = try product(id: key, in: db) { return product }
        guard let gtin = try? GS1DigitalLink.normalisedGTIN(key) else { return nil }
        return try Row.fetchOne(db, sql: "\(productSelect) WHERE p.gtin = ?", arguments: [gtin]).map(OCOPProduct.init(row:))
    }

    static func product(id: String, in db: Database) throws -> OCOPProduct? {
        try Row.fetchOne(db, sql: "\(productSelect) WHERE p.id = ?", arguments: [id]).map(OCOPProduct.init(row:))
    }

    static func batch(_ batch: String, of product: String, in db: Database) throws -> OCOPBatch? {
        try Row.fetchOne(db, sql: "SELECT * FROM ocop_batch WHERE product_id = ? AND batch = ?", arguments: [product, batch]).map(
            OCOPBatch.init(row:))
    }

    private static func checkGTINFree(_ product: OCOPProduct, except id: String? = nil, in db: Database) throws {
        if let owner = try String.fetchOne(db, sql: "SELECT id FROM ocop_product WHERE gtin = ?", arguments: [product.gtin]), owner != id {
            throw OCOPValidationError([
                OCOPProblem(
                    field: "gtin", message: "GTIN \(product.gtin) already belongs to product '\(owner)'",
                    vietnamese: "Mã GTIN \(product.gtin) đã thuộc về sản phẩm '\(owner)'; mỗi sản phẩm có một mã GTIN riêng.")
            ])
        }
    }

    private static func productArguments(_ product: OCOPProduct) -> [(String, (any DatabaseValueConvertible)?)] {
        let certificate = product.certificate
        return [
            ("id", product.id), ("gtin", product.gtin), ("name_vi", product.name.vi), ("name_en", product.name.en),
            ("ocop_group", product.group.rawValue), ("stars", certificate?.stars), ("score", certificate?.score),
            ("cert_number", certificate?.number), ("cert_issued", certificate?.issued.description),
            ("cert_authority", certificate?.authority), ("cert_expires", certificate?.expires.description),
            ("producer_name", product.producer.name), ("producer_address", product.producer.address),
            ("producer_phone", product.producer.phone), ("brand", product.brand),
            ("description_vi", product.description?.vi), ("description_en", product.description?.en),
            ("ingredients_vi", product.ingredients?.vi), ("ingredients_en", product.ingredients?.en),
            ("storage_vi", product.storage?.vi), ("storage_en", product.storage?.en),
        ]
    }

    private static func insert(_ product: OCOPProduct, by user: String?, now: Date, in db: Database) throws {
        let columns =
            productArguments(product) + [
                ("created_at", RatingRecord.timestamp.format(now)), ("updated_at", RatingRecord.timestamp.format(now)), ("updated_by", user),
            ]
        try db.execute(
            sql:
                "INSERT INTO ocop_product (\(columns.map(\.0).joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments(columns.map(\.1)))
    }

    private static func update(_ id: String, with product: OCOPProduct, by user: String?, now: Date, in db: Database) throws {
        let columns = productArguments(product) + [("updated_at", RatingRecord.timestamp.format(now)), ("updated_by", user)]
        try db.execute(
            sql: "UPDATE ocop_product SET \(columns.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?",
            arguments: StatementArguments(columns.map(\.1) + [id]))
    }

    private static func insert(_ batch: OCOPBatch, by user: String?, now: Date, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO ocop_batch (product_id, batch, produced, expires, quantity, notes, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                batch.product, batch.id, batch.produced.description, batch.expires?.description, batch.quantity, batch.notes,
                RatingRecord.timestamp.format(now), user,
            ])
    }
}

/// Why an import was refused: which item, and what is wrong with it. Nothing was stored.
public struct OCOPImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The refused item: a product or a batch, by its 0-based position in the import.
    public enum Item: Sendable, Equatable {
        case product(Int)
        case batch(Int)
    }

    public let item: Item
    public let problems: [OCOPProblem]

    public var description: String {
        let which: String
        switch item {
        case .product(let index): which = "product #\(index + 1)"
        case .batch(let index): which = "batch #\(index + 1)"
        }
        return "\(which): " + problems.map(\.description).joined(separator: "; ")
    }
}

extension OCOPProduct {
    init(row: Row) {
        var certificate: OCOPCertificate?
        if let stars: Int = row["stars"], let issued = LocalDate(row["cert_issued"] ?? "") {
            certificate = OCOPCertificate(
                stars: stars, score: row["score"], number: row["cert_number"] ?? "", issued: issued, authority: row["cert_authority"] ?? "",
                expires: LocalDate(row["cert_expires"] ?? ""))
        }
        func localized(_ prefix: String) -> LocalizedText? {
            let vi: String? = row["\(prefix)_vi"]
            let en: String? = row["\(prefix)_en"]
            guard vi != nil || en != nil else { return nil }
            return LocalizedText(vi: vi ?? "", en: en)
        }
        self.init(
            id: row["id"], name: LocalizedText(vi: row["name_vi"], en: row["name_en"]), group: OCOPGroup(rawValue: row["ocop_group"]) ?? .food,
            certificate: certificate,
            producer: OCOPProducer(name: row["producer_name"], address: row["producer_address"], phone: row["producer_phone"]),
            gtin: row["gtin"], brand: row["brand"], description: localized("description"), ingredients: localized("ingredients"),
            storage: localized("storage"), hasImage: row["has_image"] ?? false)
    }
}

extension OCOPBatch {
    init(row: Row) {
        self.init(
            product: row["product_id"], id: row["batch"], produced: LocalDate(row["produced"] ?? "") ?? LocalDate(year: 1970, month: 1, day: 1),
            expires: LocalDate(row["expires"] ?? ""), quantity: row["quantity"], notes: row["notes"])
    }
}
