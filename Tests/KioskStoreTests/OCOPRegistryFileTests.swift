import Foundation
import KioskCore
import KioskOCOP
import KioskStore
import Testing

@Suite struct OCOPRegistryFileTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let today = LocalDate(year: 2026, month: 11, day: 24)
    static let base = "https://truyxuat.hongbang.example.vn"

    func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-file-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func seeded() throws -> AppDatabase {
        let database = try AppDatabase.open(directory: folder())
        try database.addOCOPProduct(
            OCOPProduct(
                id: "nuoc-mam-cat-hai", name: LocalizedText(vi: "Nước mắm Cát Hải", en: "Cat Hai fish sauce"), group: .food,
                certificate: OCOPCertificate(
                    stars: 4, score: 78, number: "1234/QĐ-UBND", issued: LocalDate(year: 2023, month: 12, day: 1),
                    authority: "UBND thành phố Hải Phòng"),
                producer: OCOPProducer(name: "Hợp tác xã Thủy sản Cát Hải", address: "Cát Hải, Hải Phòng", phone: "0225 3886 123"),
                gtin: "8931234567897",
                brand: "Cát Hải", description: LocalizedText(vi: "Ủ chượp 12 tháng, \"nhĩ\" cốt, đậm đà", en: "Aged 12 months"),
                storage: LocalizedText(vi: "Nơi khô ráo,\nthoáng mát")), by: nil, now: Self.now)
        try database.addOCOPProduct(
            OCOPProduct(
                id: "chieu-coi", name: LocalizedText(vi: "Chiếu cói Đồ Sơn"), group: .handicrafts,
                producer: OCOPProducer(name: "Hộ kinh doanh Nguyễn Văn A", address: "Đồ Sơn, Hải Phòng"), gtin: "09506000134352"), by: nil,
            now: Self.now)
        try database.addOCOPBatch(
            OCOPBatch(
                product: "nuoc-mam-cat-hai", id: "L/26", produced: LocalDate(year: 2026, month: 11, day: 1),
                expires: LocalDate(year: 2028, month: 11, day: 1), quantity: 500, notes: "Thùng 12 chai"), by: nil, now: Self.now)
        try database.addOCOPBatch(
            OCOPBatch(product: "nuoc-mam-cat-hai", id: "L2026-10", produced: LocalDate(year: 2026, month: 10, day: 1)), by: nil, now: Self.now)
        return database
    }

    func export(_ database: AppDatabase) throws -> [UInt8] {
        OCOPRegistryFile.csv(
            products: try database.ocopProducts(), batches: try database.ocopBatches(), baseURL: Self.base, today: Self.today, warningDays: 90)
    }

    @Test func theExportHasARowPerBatchAndImportsBackUnchanged() throws {
        let database = try seeded()
        let csv = try export(database)
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == OCOPRegistryFile.columns.joined(separator: ","))
        #expect(text.contains("https://truyxuat.hongbang.example.vn/01/08931234567897/10/L%2F26?17=281101&11=261101"))
        #expect(text.contains(",expiring,"), "a certificate ending 2026-11-30 is flagged on 2026-11-24")
        #expect(text.contains("\"Ủ chượp 12 tháng, \"\"nhĩ\"\" cốt, đậm đà\""))

        let copy = try AppDatabase.open(directory: folder())
        let summary = try OCOPRegistryFile.importCSV(csv, file: "ocop.csv", into: copy, by: "canbo", now: Self.now)
        #expect(summary.productsAdded == 2 && summary.batchesAdded == 2)
        #expect(try export(copy) == csv)
        #expect(try copy.ocopProducts() == database.ocopProducts())
    }

    @Test func theJSONExportNestsBatchesUnderTheirProduct() throws {
        let database = try seeded()
        let json = OCOPRegistryFile.json(
            products: try database.ocopProducts(), batches: try database.ocopBatches(), baseURL: Self.base, today: Self.today, warningDays: 90)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let products = try #require(object["products"] as? [[String: Any]])
        let sauce = try #require(products.first { $0["id"] as? String == "nuoc-mam-cat-hai" })
        let ocop = try #require(sauce["certificate"] as? [String: Any])
        #expect(ocop["stars"] as? Int == 4)
        #expect(ocop["status"] as? String == "expiring")
        #expect(ocop["expires"] as? String == "2026-11-30")
        let batches = try #require(sauce["batches"] as? [[String: Any]])
        #expect(batches.map { $0["id"] as? String } == ["L/26", "L2026-10"])
        #expect(batches[0]["uri"] as? String == "https://truyxuat.hongbang.example.vn/01/08931234567897/10/L%2F26?17=281101&11=261101")
        #expect((sauce["producer"] as? [String: Any])?["address"] as? String == "Cát Hải, Hải Phòng")
        #expect(batches[0]["quantity"] as? Int == 500 && batches[0]["notes"] as? String == "Thùng 12 chai", "the export holds everything")
    }

    @Test func badRowsAreNamedByLineAndNothingIsStored() throws {
        let header =
            "product_id,gtin,name_vi,group,producer_name,producer_address,ocop_stars,certificate_number,certificate_date,certificate_authority,batch,production_date,expiry_date"
        let csv = [
            header,
            "gao,8931234567897,Gạo Tám,food,HTX,Hải Phòng,,,,,G1,2026-11-01,2027-11-01",
            "nuoc-mam,8931234567890,Nước mắm,food,HTX,Hải Phòng,6,1/QĐ,2025-01-01,UBND,,,",
            "gao,8931234567897,Gạo Tám,food,HTX,Hải Phòng,,,,,G2,2026-11-01,2026-10-01",
            "gao,8931234567897,Gạo Tám thơm,food,HTX,Hải Phòng,,,,,G3,2026-11-01,",
            "ruou,09506000134352,Rượu,drink,HTX,Hải Phòng,,,,,,,",
        ].joined(separator: "\n")
        let database = try AppDatabase.open(directory: folder())
        #expect {
            try OCOPRegistryFile.importCSV(Array(csv.utf8), file: "ocop.csv", into: database, by: nil, now: Self.now)
        } throws: { error in
            guard let error = error as? OCOPFileError else { return false }
            let expected = [
                "ocop.csv:3: gtin: check digit should be 7, not 0",
                "ocop.csv:3: ocop_stars: OCOP awards 3, 4 or 5 stars, not 6",
                "ocop.csv:4: expiry_date: expiry date 2026-10-01 is before production date 2026-11-01",
                "ocop.csv:5: name_vi: product 'gao' has a different name_vi on line 2; its rows must agree",
                "ocop.csv:6: group: 'drink' is not a group; use food, drinks, herbal, handicrafts, flowers, tourism",
            ]
            #expect(error.problems == expected)
            return error.problems == expected
        }
        #expect(try database.ocopProducts().isEmpty)
        #expect(throws: OCOPFileError.self) {
            try OCOPRegistryFile.importCSV(Array("name,price\nx,1\n".utf8), file: "x.csv", into: database, by: nil, now: Self.now)
        }
    }
}
