import Foundation
import GRDB
import KioskCore
import KioskOCOP
import Testing

@testable import KioskStore

@Suite struct OCOPStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static func product(id: String = "nuoc-mam-cat-hai", gtin: String = "8931234567897") -> OCOPProduct {
        OCOPProduct(
            id: id, name: LocalizedText(vi: "Nước mắm Cát Hải", en: "Cat Hai fish sauce"), group: .food,
            certificate: OCOPCertificate(
                stars: 4, number: "1234/QĐ-UBND", issued: LocalDate(year: 2025, month: 3, day: 10), authority: "UBND thành phố Hải Phòng"),
            producer: OCOPProducer(name: "Hợp tác xã Thủy sản Cát Hải", address: "Cát Hải, Hải Phòng", phone: "0225 3886 123"), gtin: gtin,
            brand: "Cát Hải", ingredients: LocalizedText(vi: "Cá cơm, muối biển"))
    }
    static func batch(_ id: String = "L2026-11", product: String = "nuoc-mam-cat-hai") -> OCOPBatch {
        OCOPBatch(
            product: product, id: id, produced: LocalDate(year: 2026, month: 11, day: 1), expires: LocalDate(year: 2028, month: 11, day: 1),
            quantity: 500)
    }

    @Test func productsAndBatchesAreFoundByIdOrGTIN() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addOCOPProduct(Self.product(), by: "canbo", now: Self.now)
        try database.addOCOPBatch(Self.batch(), by: "canbo", now: Self.now)
        let byID = try #require(try database.ocopProduct("nuoc-mam-cat-hai"))
        #expect(byID.gtin == "08931234567897")
        #expect(byID.name.vi == "Nước mắm Cát Hải")
        #expect(byID.ingredients?.vi == "Cá cơm, muối biển")
        #expect(byID.certificate?.expires == LocalDate(year: 2028, month: 3, day: 9))
        #expect(try database.ocopProduct("8931234567897") == byID)
        #expect(try database.ocopProduct("08931234567897") == byID)
        #expect(try database.ocopBatch("L2026-11", of: "nuoc-mam-cat-hai") == Self.batch())
    }

    @Test func refusedChangesStoreNothing() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addOCOPProduct(Self.product(), by: nil, now: Self.now)
        // The same GTIN under another id, a bad check digit, a second batch with the same id, a batch expiring before it is made.
        #expect(throws: OCOPValidationError.self) { try database.addOCOPProduct(Self.product(id: "khac"), by: nil, now: Self.now) }
        #expect(throws: OCOPValidationError.self) {
            try database.addOCOPProduct(Self.product(id: "khac", gtin: "8931234567890"), by: nil, now: Self.now)
        }
        try database.addOCOPBatch(Self.batch(), by: nil, now: Self.now)
        #expect(throws: OCOPValidationError.self) { try database.addOCOPBatch(Self.batch(), by: nil, now: Self.now) }
        var early = Self.batch("L2")
        early.expires = LocalDate(year: 2026, month: 1, day: 1)
        #expect(throws: OCOPValidationError.self) { try database.addOCOPBatch(early, by: nil, now: Self.now) }
        #expect(throws: OCOPStoreError.noProduct("nothing")) { try database.addOCOPBatch(Self.batch(product: "nothing"), by: nil, now: Self.now) }
        #expect(try database.ocopProducts().map(\.id) == ["nuoc-mam-cat-hai"])
        #expect(try database.ocopBatches(of: "nuoc-mam-cat-hai") == [Self.batch()])
    }

    @Test func renamingAProductKeepsItsBatchesAndImage() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addOCOPProduct(Self.product(), by: nil, now: Self.now)
        try database.addOCOPBatch(Self.batch(), by: nil, now: Self.now)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        try database.setOCOPImage(try OCOPImage(bytes: png), of: "nuoc-mam-cat-hai", now: Self.now)
        try database.updateOCOPProduct("nuoc-mam-cat-hai", with: Self.product(id: "nuoc-mam"), by: nil, now: Self.now)
        #expect(try database.ocopProduct("nuoc-mam-cat-hai") == nil)
        #expect(try database.ocopProduct("nuoc-mam")?.hasImage == true)
        #expect(try database.ocopBatches(of: "nuoc-mam").map(\.id) == ["L2026-11"])
        #expect(try database.ocopImage(of: "nuoc-mam") == OCOPImage(bytes: png))
        #expect(try database.deleteOCOPProduct("nuoc-mam"))
        #expect(try database.ocopBatches().isEmpty)
        #expect(try database.ocopImage(of: "nuoc-mam") == nil)
    }

    @Test func aRenamedBatchKeepsItsOldIdsForPrintedLabels() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addOCOPProduct(Self.product(), by: nil, now: Self.now)
        try database.addOCOPBatch(Self.batch("L1"), by: nil, now: Self.now)
        try database.updateOCOPBatch("L1", with: Self.batch("L2"), by: nil, now: Self.now)
        try database.updateOCOPBatch("L2", with: Self.batch("L3"), by: nil, now: Self.now)
        #expect(try database.ocopBatch("L1", of: "nuoc-mam-cat-hai") == nil)
        for old in ["L1", "L2", "L3"] { #expect(try database.ocopBatchFollowingRenames(old, of: "nuoc-mam-cat-hai")?.id == "L3", "\(old)") }
        // A product renamed keeps its batches' old ids.
        try database.updateOCOPProduct("nuoc-mam-cat-hai", with: Self.product(id: "nuoc-mam"), by: nil, now: Self.now)
        #expect(try database.ocopBatchFollowingRenames("L1", of: "nuoc-mam")?.id == "L3")
        // A new batch may take an old id: the batch wins. A rename taken back leaves no alias of the id.
        try database.addOCOPBatch(Self.batch("L1", product: "nuoc-mam"), by: nil, now: Self.now)
        #expect(try database.ocopBatchFollowingRenames("L1", of: "nuoc-mam")?.id == "L1")
        try database.updateOCOPBatch("L3", with: Self.batch("L2", product: "nuoc-mam"), by: nil, now: Self.now)
        #expect(try database.ocopBatchFollowingRenames("L3", of: "nuoc-mam")?.id == "L2")
        #expect(try database.ocopBatchFollowingRenames("L2", of: "nuoc-mam")?.id == "L2")
        // Deleted, the batch's old ids lead nowhere.
        #expect(try database.deleteOCOPBatch("L2", of: "nuoc-mam"))
        #expect(try database.ocopBatchFollowingRenames("L3", of: "nuoc-mam") == nil)
        #expect(try database.ocopBatchFollowingRenames("L1", of: "nuoc-mam")?.id == "L1")
    }

    @Test func imagesAreCheckedByTheirBytes() throws {
        #expect(try OCOPImage(bytes: [0xFF, 0xD8, 0xFF, 0xE0]).contentType == "image/jpeg")
        #expect(try OCOPImage(bytes: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)).contentType == "image/webp")
        #expect(throws: OCOPValidationError.self) { try OCOPImage(bytes: Array("<svg onload=alert(1)>".utf8)) }
        #expect(throws: OCOPValidationError.self) { try OCOPImage(bytes: [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: OCOPImage.maximumBytes)) }
    }

    @Test func anImportWithOneBadItemStoresNothing() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addOCOPProduct(Self.product(id: "co-san", gtin: "09506000134352"), by: nil, now: Self.now)
        // The second product takes the GTIN of the one already stored.
        #expect {
            try database.importOCOP(
                products: [Self.product(), Self.product(id: "trung", gtin: "09506000134352")], batches: [Self.batch()], by: nil, now: Self.now)
        } throws: { error in
            (error as? OCOPImportError)?.item == .product(1)
        }
        #expect(try database.ocopProducts().map(\.id) == ["co-san"])
        let summary = try database.importOCOP(products: [Self.product()], batches: [Self.batch(), Self.batch("L2")], by: nil, now: Self.now)
        #expect(summary.productsAdded == 1 && summary.batchesAdded == 2)
        let again = try database.importOCOP(products: [Self.product()], batches: [Self.batch()], by: nil, now: Self.now)
        #expect(again.productsUpdated == 1 && again.batchesUpdated == 1 && again.productsAdded == 0)
    }
}

@Suite struct AuditLogTests {
    @Test func eventsComeBackNewestFirstAndFilteredByAction() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        try database.audit(AuditEvent(action: "login.failed", actor: nil, address: "10.0.0.7", detail: "user truong", at: start))
        try database.audit(AuditEvent(action: "login", actor: "truong", address: "10.0.0.7", at: start.addingTimeInterval(5)))
        try database.audit(AuditEvent(action: "loginx", actor: "x", at: start.addingTimeInterval(6)))
        try database.audit(AuditEvent(action: "export.report", actor: "truong", detail: "2026-Q3 pdf", at: start.addingTimeInterval(60)))
        #expect(try database.auditLog().map(\.action) == ["export.report", "loginx", "login", "login.failed"])
        #expect(try database.auditLog(actionPrefix: "login").map(\.action) == ["login", "login.failed"])
        #expect(try database.auditLog(since: start.addingTimeInterval(10)).map(\.detail) == ["2026-Q3 pdf"])
        #expect(try database.auditLog(limit: 1).first?.actor == "truong")
    }
}
