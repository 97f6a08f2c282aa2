import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskCore
import KioskOCOP
import KioskServer
import KioskStore
import NIOCore
import TestSupport
import Testing

/// The staff pages of the OCOP registry, `/staff/ocop`, on a real server with a real store, decoder and printer socket.
@Suite struct OCOPStaffTests {
    static let base = "https://truyxuat.hongbang.example.vn"
    /// A GTIN-13 with its right check digit, and the same with a wrong one.
    static let gtin = "8936000000011"
    static let badGTIN = "8936000000012"

    /// A server with a staff member `canbo`; the receipt printer of the content is the given loopback port.
    struct Setup {
        var configuration: ServerConfiguration
        var database: AppDatabase
    }

    static func setup(printerPort: Int? = nil) throws -> Setup {
        var configuration = TestServer.configuration()
        if let printerPort {
            let folder = Decoder.temporaryFolder("content")
            try FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(at: TestServer.content, to: folder)
            let centre = folder.appendingPathComponent("centre.toml")
            let text = try String(contentsOf: centre, encoding: .utf8)
                .replacingOccurrences(of: "uri = \"usb:/dev/usb/lp0\"", with: "uri = \"tcp:127.0.0.1:\(printerPort)\"")
            try text.write(to: centre, atomically: true, encoding: .utf8)
            configuration.contentDirectory = folder
        }
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "canbo", role: .staff, passwordHash: Bcrypt.hash("mat-khau-can-bo", cost: 4))
        return Setup(configuration: configuration, database: database)
    }

    /// The product form as a person fills it in.
    static let productForm: [(String, String)] = [
        ("name_vi", "Nước mắm Cát Hải"), ("name_en", "Cat Hai fish sauce"), ("id", ""), ("group", "food"), ("gtin", gtin),
        ("brand", "Cát Hải"), ("stars", "4"), ("score", "78"), ("certificate", "1234/QĐ-UBND"), ("certificate_date", "2025-03-10"),
        ("authority", "UBND thành phố Hải Phòng"), ("certificate_expires", ""), ("producer", "HTX Chế biến hải sản Cát Hải"),
        ("producer_address", "Thị trấn Cát Hải, Hải Phòng"), ("producer_phone", "0225 3886 123"),
        ("description_vi", "Nước mắm cốt ủ chượp 12 tháng."), ("description_en", ""), ("ingredients_vi", "Cá cơm, muối"),
        ("ingredients_en", "Anchovy, salt"), ("storage_vi", ""), ("storage_en", ""),
    ]

    static func replacing(_ form: [(String, String)], _ changes: [String: String]) -> [(String, String)] {
        form.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    static func product(id: String, gtin: String, issued: String?, expires: String? = nil) -> OCOPProduct {
        let certificate = issued.map {
            OCOPCertificate(
                stars: 3, number: "77/QĐ-UBND", issued: LocalDate($0)!, authority: "UBND quận Hồng Bàng", expires: expires.flatMap(LocalDate.init))
        }
        return OCOPProduct(
            id: id, name: LocalizedText(vi: "Sản phẩm \(id)"), group: .handicrafts, certificate: certificate,
            producer: OCOPProducer(name: "Hộ kinh doanh \(id)", address: "Hồng Bàng, Hải Phòng"), gtin: gtin)
    }

    static func gtin13(_ body: String) -> String { body + String(GS1DigitalLink.checkDigit(of: body)) }

    @Test func signInIsRequired() async throws {
        let setup = try Self.setup()
        try await TestServer.withLiveServer(setup.configuration) { client in
            for path in ["/staff/ocop", "/staff/ocop/new", "/staff/ocop/export.csv"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=\(path)")
            }
            let post = try await client.postForm("/staff/ocop", Self.productForm, session: nil)
            #expect(post.status == .seeOther)
            #expect(post.headers[.location]?.hasPrefix("/login") == true)
        }
        #expect(try setup.database.ocopProducts().isEmpty)
    }

    @Test func aProductAddedByTheFormIsStored() async throws {
        let setup = try Self.setup()
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let form = try await client.execute(uri: "/staff/ocop/new", method: .get, headers: [.cookie: session])
            #expect(form.status == .ok)
            for field in [
                "name_vi", "name_en", "id", "group", "gtin", "brand", "stars", "score", "certificate", "certificate_date", "authority",
                "certificate_expires", "producer", "producer_address", "producer_phone", "description_vi", "description_en", "ingredients_vi",
                "ingredients_en", "storage_vi", "storage_en",
            ] {
                #expect(form.text.contains("name=\"\(field)\""), "the form has no field \(field)")
            }

            let saved = try await client.postForm("/staff/ocop", Self.productForm, session: session)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/staff/ocop/nuoc-mam-cat-hai?saved=1")

            let page = try await client.execute(uri: "/staff/ocop/nuoc-mam-cat-hai?saved=1", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(page.text.contains("Nước mắm Cát Hải"))
            #expect(page.text.contains("\(Self.base)/01/0\(Self.gtin)"))
            #expect(page.text.contains("Đã lưu."))

            let list = try await client.execute(uri: "/staff/ocop", method: .get, headers: [.cookie: session])
            #expect(list.text.contains("data-product=\"nuoc-mam-cat-hai\""))
            #expect(list.text.contains("★★★★ 4 sao"))
        }
        let product = try #require(try setup.database.ocopProduct("nuoc-mam-cat-hai"))
        #expect(product.gtin == "0" + Self.gtin)
        #expect(product.name == LocalizedText(vi: "Nước mắm Cát Hải", en: "Cat Hai fish sauce"))
        #expect(product.producer.phone == "0225 3886 123")
        #expect(product.ingredients == LocalizedText(vi: "Cá cơm, muối", en: "Anchovy, salt"))
        #expect(product.storage == nil)
        let certificate = try #require(product.certificate)
        #expect(certificate.stars == 4 && certificate.score == 78 && certificate.number == "1234/QĐ-UBND")
        // A blank expiry is 36 months after the decision.
        #expect(certificate.expires == LocalDate("2028-03-09"))
    }

    @Test func badFormsAnswer400WithTheMessageByItsFieldAndStoreNothing() async throws {
        let setup = try Self.setup()
        try setup.database.addOCOPProduct(Self.product(id: "guom-tre", gtin: Self.gtin13("893600000002"), issued: nil), by: nil, now: TestServer.now)
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")

            let badGTIN = try await client.postForm("/staff/ocop", Self.replacing(Self.productForm, ["gtin": Self.badGTIN]), session: session)
            #expect(badGTIN.status == .badRequest)
            #expect(badGTIN.text.contains("data-error-for=\"gtin\""))
            #expect(badGTIN.text.contains("Số kiểm tra của mã GTIN phải là"))
            // What was typed is kept.
            #expect(badGTIN.text.contains("value=\"Nước mắm Cát Hải\""))
            #expect(badGTIN.text.contains("value=\"\(Self.badGTIN)\""))
            #expect(badGTIN.text.contains("<option value=\"4\" selected>"))

            let sixStars = try await client.postForm("/staff/ocop", Self.replacing(Self.productForm, ["stars": "6", "score": ""]), session: session)
            #expect(sixStars.status == .badRequest)
            #expect(sixStars.text.contains("data-error-for=\"stars\""))
            #expect(sixStars.text.contains("Sản phẩm OCOP được xếp hạng 3, 4 hoặc 5 sao, không phải 6 sao."))

            // Without its date, the certificate's other fields are still checked.
            let undated = try await client.postForm(
                "/staff/ocop", Self.replacing(Self.productForm, ["stars": "3", "score": "95", "certificate_date": "", "authority": ""]),
                session: session)
            #expect(undated.status == .badRequest)
            for field in ["certificate_date", "score", "authority"] { #expect(undated.text.contains("data-error-for=\"\(field)\""), "\(field)") }
            #expect(undated.text.contains("<li>Điểm đánh giá: Điểm 95 không ứng với hạng 3 sao"))

            let late = try await client.postForm(
                "/staff/ocop", Self.replacing(Self.productForm, ["certificate_expires": "2029-01-01", "producer_address": " "]), session: session)
            #expect(late.status == .badRequest)
            #expect(late.text.contains("data-error-for=\"certificate_expires\""))
            #expect(late.text.contains("data-error-for=\"producer_address\""))

            let script = try await client.postForm(
                "/staff/ocop", Self.replacing(Self.productForm, ["name_vi": "<script>alert(1)</script>", "gtin": "x"]), session: session)
            #expect(script.status == .badRequest)
            #expect(!script.text.contains("<script>alert"))
            #expect(script.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            let batch = try await client.postForm(
                "/staff/ocop/guom-tre/batches",
                [("batch", "L2026-11"), ("produced", "2026-11-20"), ("expires", "2026-11-01"), ("quantity", "200"), ("notes", "")],
                session: session)
            #expect(batch.status == .badRequest)
            #expect(batch.text.contains("data-error-for=\"expires\""))
            #expect(batch.text.contains("Hạn dùng 2026-11-01 sớm hơn ngày sản xuất 2026-11-20."))
            #expect(batch.text.contains("value=\"L2026-11\""))

            let badDate = try await client.postForm("/staff/ocop/guom-tre/batches", [("batch", "L1"), ("produced", "2026-02-30")], session: session)
            #expect(badDate.status == .badRequest)
            #expect(badDate.text.contains("data-error-for=\"produced\""))

            let huge = try await client.execute(
                uri: "/staff/ocop", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "application/x-www-form-urlencoded"]),
                body: ByteBuffer(string: "name_vi=" + String(repeating: "a", count: 70 * 1024)))
            #expect(huge.status == .contentTooLarge)
            #expect(try huge.errorMessage().contains("64 KB"))

            let unknown = try await client.execute(uri: "/staff/ocop/khong-co", method: .get, headers: [.cookie: session])
            #expect(unknown.status == .notFound)
        }
        #expect(try setup.database.ocopProducts().map(\.id) == ["guom-tre"])
        #expect(try setup.database.ocopBatches(of: "guom-tre").isEmpty)
    }

    @Test func flaggedCertificatesAreShownOnTheList() async throws {
        let setup = try Self.setup()
        let database = setup.database
        // Today is 2026-11-24 and flags start 90 days ahead.
        try database.addOCOPProduct(
            Self.product(id: "sap-het", gtin: Self.gtin13("893600000003"), issued: "2024-01-10", expires: "2026-12-24"), by: nil, now: TestServer.now)
        try database.addOCOPProduct(Self.product(id: "da-het", gtin: Self.gtin13("893600000004"), issued: "2023-06-01"), by: nil, now: TestServer.now)
        try database.addOCOPProduct(
            Self.product(id: "con-han", gtin: Self.gtin13("893600000005"), issued: "2025-03-01"), by: nil, now: TestServer.now)
        try database.addOCOPProduct(Self.product(id: "chu-luc", gtin: Self.gtin13("893600000006"), issued: nil), by: nil, now: TestServer.now)
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let list = try await client.execute(uri: "/staff/ocop", method: .get, headers: [.cookie: session])
            #expect(list.status == .ok)
            #expect(list.text.contains("Sắp hết hạn (còn 30 ngày)"))
            #expect(list.text.contains("Đã hết hạn"))
            #expect(list.text.contains("data-product=\"sap-het\" data-status=\"expiring\""))
            #expect(list.text.contains("data-product=\"da-het\" data-status=\"expired\""))
            #expect(list.text.contains("data-product=\"con-han\" data-status=\"valid\""))
            #expect(list.text.contains("data-product=\"chu-luc\" data-status=\"none\""))

            let flagged = try await client.execute(uri: "/staff/ocop?flagged=1", method: .get, headers: [.cookie: session])
            #expect(flagged.text.contains("data-product=\"sap-het\""))
            #expect(flagged.text.contains("data-product=\"da-het\""))
            #expect(!flagged.text.contains("data-product=\"con-han\""))
            #expect(!flagged.text.contains("data-product=\"chu-luc\""))

            let page = try await client.execute(uri: "/staff/ocop/sap-het", method: .get, headers: [.cookie: session])
            #expect(page.text.contains("Sắp hết hạn (còn 30 ngày)"))
        }
    }

    @Test func batchesAreAddedEditedAndDeleted() async throws {
        let setup = try Self.setup()
        try setup.database.addOCOPProduct(Self.product(id: "guom-tre", gtin: Self.gtin13("893600000002"), issued: nil), by: nil, now: TestServer.now)
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let added = try await client.postForm(
                "/staff/ocop/guom-tre/batches",
                [("batch", "A/1"), ("produced", "2026-11-20"), ("expires", ""), ("quantity", "50"), ("notes", "lô thử")],
                session: session)
            #expect(added.status == .seeOther)
            let page = try await client.execute(uri: "/staff/ocop/guom-tre", method: .get, headers: [.cookie: session])
            #expect(page.text.contains("data-batch=\"A/1\""))
            #expect(page.text.contains("/staff/ocop/guom-tre/batches/A%2F1/label.png"))

            let edited = try await client.postForm(
                "/staff/ocop/guom-tre/batches/A%2F1", [("batch", "A2"), ("produced", "2026-11-21"), ("quantity", "60")], session: session)
            #expect(edited.status == .seeOther)
            let refused = try await client.postForm(
                "/staff/ocop/guom-tre/batches/A2", [("batch", "A2"), ("produced", "2026-11-21"), ("quantity", "-1")], session: session)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Số lượng phải từ 0 trở lên"))
            #expect(refused.text.contains("<details open"))
            #expect(try setup.database.ocopBatches(of: "guom-tre").map(\.id) == ["A2"])
            #expect(try setup.database.ocopBatch("A2", of: "guom-tre")?.quantity == 60)

            let deleted = try await client.postForm("/staff/ocop/guom-tre/batches/A2/delete", [], session: session)
            #expect(deleted.status == .seeOther)
            #expect(try setup.database.ocopBatches(of: "guom-tre").isEmpty)

            let unconfirmed = try await client.postForm("/staff/ocop/guom-tre/delete", [], session: session)
            #expect(unconfirmed.status == .badRequest)
            #expect(try setup.database.ocopProduct("guom-tre") != nil)
            let confirmed = try await client.postForm("/staff/ocop/guom-tre/delete", [("confirm", "yes")], session: session)
            #expect(confirmed.headers[.location] == "/staff/ocop?deleted=guom-tre")
            #expect(try setup.database.ocopProduct("guom-tre") == nil)
        }
    }

    @Test func anImageIsUploadedReplacedAndRemoved() async throws {
        let setup = try Self.setup()
        try setup.database.addOCOPProduct(Self.product(id: "guom-tre", gtin: Self.gtin13("893600000002"), issued: nil), by: nil, now: TestServer.now)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let saved = try await client.execute(
                uri: "/staff/ocop/guom-tre/image", method: .post, headers: try await client.staffHeaders(session, [.contentType: "image/png"]),
                body: ByteBuffer(bytes: png)
            )
            #expect(saved.status == .ok)
            let image = try await client.execute(uri: "/staff/ocop/guom-tre/image", method: .get, headers: [.cookie: session])
            #expect(image.headers[.contentType] == "image/png")
            #expect(Array(buffer: image.body) == png)

            let text = try await client.execute(
                uri: "/staff/ocop/guom-tre/image", method: .post, headers: try await client.staffHeaders(session, [.contentType: "image/png"]),
                body: ByteBuffer(string: "hello"))
            #expect(text.status == .badRequest)
            #expect(try text.errorMessage().contains("JPEG, PNG or WebP"))

            let big = try await client.execute(
                uri: "/staff/ocop/guom-tre/image", method: .post, headers: try await client.staffHeaders(session, [.contentType: "image/jpeg"]),
                body: ByteBuffer(bytes: [0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 2 * 1024 * 1024)))
            #expect(big.status == .contentTooLarge)
            #expect(try big.errorMessage().contains("2 MB"))
            #expect(try setup.database.ocopImage(of: "guom-tre")?.bytes == png)

            let removed = try await client.postForm("/staff/ocop/guom-tre/image/delete", [], session: session)
            #expect(removed.status == .seeOther)
        }
        #expect(try setup.database.ocopImage(of: "guom-tre") == nil)
    }

    @Test func labelsPreviewDownloadAndPrint() async throws {
        let printer = try CaptureServer()
        let setup = try Self.setup(printerPort: printer.port)
        try setup.database.addOCOPProduct(Self.product(id: "guom-tre", gtin: "8936000000028", issued: "2025-03-01"), by: nil, now: TestServer.now)
        try setup.database.addOCOPBatch(
            OCOPBatch(product: "guom-tre", id: "L2026-11", produced: LocalDate("2026-11-20")!, expires: LocalDate("2028-11-19")), by: nil,
            now: TestServer.now)
        #expect(Self.gtin13("893600000002") == "8936000000028")
        let uri = "\(Self.base)/01/08936000000028/10/L2026-11?17=281119&11=261120"
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let page = try await client.execute(uri: "/staff/ocop/guom-tre", method: .get, headers: [.cookie: session])
            #expect(page.text.contains(uri.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(page.text.contains("href=\"/01/08936000000028/10/L2026-11?17=281119&amp;11=261120\""))

            let png = try await client.execute(uri: "/staff/ocop/guom-tre/batches/L2026-11/label.png", method: .get, headers: [.cookie: session])
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            #expect(try Decoder.decodeImage(Array(buffer: png.body), fileExtension: "png") == [uri])

            let roll = try await client.execute(
                uri: "/staff/ocop/guom-tre/batches/L2026-11/label.png?layout=58mm", method: .get, headers: [.cookie: session])
            #expect(try Decoder.decodeImage(Array(buffer: roll.body), fileExtension: "png") == [uri])

            let pdf = try await client.execute(
                uri: "/staff/ocop/guom-tre/batches/L2026-11/label.pdf?layout=a4-2x5&count=1", method: .get, headers: [.cookie: session])
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition]?.contains("tem-guom-tre-L2026-11-a4-2x5.pdf") == true)
            #expect(try Decoder.decodePDF(Array(buffer: pdf.body)) == [uri])

            let sheet = try await client.execute(
                uri: "/staff/ocop/guom-tre/batches/L2026-11/label.pdf?layout=a4-3x8&count=24", method: .get, headers: [.cookie: session])
            #expect(sheet.status == .ok)
            let codes = try Decoder.decodePDF(Array(buffer: sheet.body), dpi: 300).flatMap { $0.split(separator: "\n").map(String.init) }
            #expect(codes.count == 24, "\(codes.count) codes")
            #expect(Set(codes) == [uri])

            for bad in ["layout=a5", "count=0", "count=1001", "count=abc"] {
                let refused = try await client.execute(
                    uri: "/staff/ocop/guom-tre/batches/L2026-11/label.pdf?\(bad)", method: .get, headers: [.cookie: session])
                #expect(refused.status == .badRequest, "\(bad)")
            }
            let noBatch = try await client.execute(uri: "/staff/ocop/guom-tre/batches/L9/label.png", method: .get, headers: [.cookie: session])
            #expect(noBatch.status == .notFound)

            let printed = try await client.postForm(
                "/staff/ocop/guom-tre/batches/L2026-11/print", [("printer", "quay-tiep-nhan"), ("count", "1")], session: session)
            #expect(printed.status == .seeOther)
            #expect(printed.headers[.location] == "/staff/ocop/guom-tre?printed=quay-tiep-nhan#batches")

            let badCount = try await client.postForm(
                "/staff/ocop/guom-tre/batches/L2026-11/print", [("printer", "quay-tiep-nhan"), ("count", "0")], session: session)
            #expect(badCount.headers[.location]?.hasPrefix("/staff/ocop/guom-tre?error=") == true)
            let noPrinter = try await client.postForm(
                "/staff/ocop/guom-tre/batches/L2026-11/print", [("printer", "nowhere"), ("count", "1")], session: session)
            #expect(noPrinter.headers[.location]?.hasPrefix("/staff/ocop/guom-tre?error=") == true)
        }
        let job = try #require(printer.wait())
        #expect(try ESCPOSImage.decode(job) == [uri])
    }

    @Test func theRegistryCSVRoundTripsThroughThePage() async throws {
        let setup = try Self.setup()
        try await TestServer.withLiveServer(setup.configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            #expect(try await client.postForm("/staff/ocop", Self.productForm, session: session).status == .seeOther)
            let second = Self.replacing(
                Self.productForm,
                [
                    "name_vi": "Gốm Bát Tràng, \"men lam\"", "id": "gom-men-lam", "group": "handicrafts", "gtin": Self.gtin13("893600000007"),
                    "stars": "", "score": "",
                    "certificate": "", "certificate_date": "", "authority": "",
                ])
            #expect(try await client.postForm("/staff/ocop", second, session: session).status == .seeOther)
            #expect(
                try await client.postForm(
                    "/staff/ocop/nuoc-mam-cat-hai/batches",
                    [("batch", "L1"), ("produced", "2026-10-01"), ("expires", "2028-10-01"), ("quantity", "500")],
                    session: session
                ).status == .seeOther)
            #expect(
                try await client.postForm("/staff/ocop/nuoc-mam-cat-hai/batches", [("batch", "L2"), ("produced", "2026-11-01")], session: session)
                    .status == .seeOther)
            let before = try setup.database.ocopProducts()

            let export = try await client.execute(uri: "/staff/ocop/export.csv", method: .get, headers: [.cookie: session])
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(export.headers[.contentDisposition] == "attachment; filename=\"ocop-hp-hong-bang-2026-11-24.csv\"")
            let csv = Array(buffer: export.body)

            let json = try await client.execute(uri: "/staff/ocop/export.json", method: .get, headers: [.cookie: session])
            let products = try #require(try json.json()["products"] as? [[String: Any]])
            #expect(products.count == 2)

            for id in ["nuoc-mam-cat-hai", "gom-men-lam"] {
                #expect(try await client.postForm("/staff/ocop/\(id)/delete", [("confirm", "yes")], session: session).status == .seeOther)
            }
            #expect(try setup.database.ocopProducts().isEmpty)

            let imported = try await client.execute(
                uri: "/staff/ocop/import.csv?file=so-dang-ky.csv", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "text/csv"]),
                body: ByteBuffer(bytes: csv))
            #expect(imported.status == .ok)
            let location = try #require(try imported.json()["location"] as? String)
            #expect(location == "/staff/ocop?imported=2.0.2.0")
            let list = try await client.execute(uri: location, method: .get, headers: [.cookie: session])
            #expect(list.text.contains("2 sản phẩm mới, 0 cập nhật; 2 lô mới, 0 cập nhật"))
            #expect(try setup.database.ocopProducts() == before)

            let again = try await client.execute(uri: "/staff/ocop/export.csv", method: .get, headers: [.cookie: session])
            #expect(Array(buffer: again.body) == csv)

            // A bad row is named by file and line, and nothing is stored.
            let broken = String(decoding: csv, as: UTF8.self).replacingOccurrences(of: "0\(Self.gtin)", with: "0\(Self.badGTIN)")
            let refused = try await client.execute(
                uri: "/staff/ocop/import.csv?file=sua-tay.csv", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "text/csv"]),
                body: ByteBuffer(string: broken))
            #expect(refused.status == .badRequest)
            let message = try refused.errorMessage()
            #expect(message.contains("sua-tay.csv:"))
            #expect(message.split(separator: "\n").allSatisfy { $0.hasPrefix("sua-tay.csv:") })
            #expect(try setup.database.ocopProducts() == before)

            let tooBig = try await client.execute(
                uri: "/staff/ocop/import.csv", method: .post, headers: try await client.staffHeaders(session, [.contentType: "text/csv"]),
                body: ByteBuffer(bytes: Array(repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024 + 1)))
            #expect(tooBig.status == .contentTooLarge)
            #expect(try tooBig.errorMessage().contains("5 MB"))
        }
    }
}

extension TestClientProtocol {
    /// POSTs a URL-encoded form, with the session cookie when there is one.
    fileprivate func postForm(_ uri: String, _ fields: [(String, String)], session: String?) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let session { headers = try await staffHeaders(session, headers) }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
