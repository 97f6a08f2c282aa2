import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskOCOP
import KioskServer
import KioskStore
import Testing

/// The public product page behind a label's QR code, on a real server with a registry in a temporary folder.
/// The server's clock says 2026-11-24 (``TestServer/now``).
@Suite struct ResolverTests {
    static let fishSauce = OCOPProduct(
        id: "nuoc-mam-cat-hai", name: LocalizedText(vi: "Nước mắm Cát Hải", en: "Cat Hai fish sauce"), group: .food,
        certificate: OCOPCertificate(
            stars: 4, score: 78, number: "1234/QĐ-UBND", issued: LocalDate(year: 2025, month: 3, day: 10), authority: "UBND thành phố Hải Phòng"),
        producer: OCOPProducer(name: "Hợp tác xã Thủy sản Cát Hải", address: "Thị trấn Cát Hải, thành phố Hải Phòng", phone: "0225 3886 123"),
        gtin: "8936123456788", brand: "Cát Hải",
        description: LocalizedText(vi: "Nước mắm truyền thống ủ chượp 12 tháng.", en: "Traditional fish sauce, fermented for 12 months."),
        ingredients: LocalizedText(vi: "Cá cơm, muối biển", en: "Anchovies, sea salt"),
        storage: LocalizedText(vi: "Nơi khô ráo, thoáng mát.", en: "Keep in a cool, dry place."))
    static let fresh = OCOPBatch(
        product: "nuoc-mam-cat-hai", id: "L2611-01", produced: LocalDate(year: 2026, month: 11, day: 1),
        expires: LocalDate(year: 2028, month: 11, day: 1), quantity: 500, notes: "Kho số 2")
    /// A batch id with a slash, past its expiry date.
    static let old = OCOPBatch(
        product: "nuoc-mam-cat-hai", id: "L/26", produced: LocalDate(year: 2026, month: 1, day: 5), expires: LocalDate(year: 2026, month: 10, day: 1))
    /// Certificate ended 2026-05-01.
    static let honey = OCOPProduct(
        id: "mat-ong-bach-long-vi", name: LocalizedText(vi: "Mật ong Bạch Long Vĩ"), group: .food,
        certificate: OCOPCertificate(
            stars: 3, number: "77/QĐ-UBND", issued: LocalDate(year: 2023, month: 5, day: 2), authority: "UBND huyện Bạch Long Vĩ"),
        producer: OCOPProducer(name: "Tổ hợp tác Mật ong Bạch Long Vĩ", address: "Đảo Bạch Long Vĩ, Hải Phòng"), gtin: "8936123456795")
    /// Certificate ends 2027-01-14: 51 days after the test's today.
    static let tea = OCOPProduct(
        id: "tra-sen", name: LocalizedText(vi: "Trà sen Hồng Bàng"), group: .drinks,
        certificate: OCOPCertificate(
            stars: 5, number: "9/QĐ-UBND", issued: LocalDate(year: 2024, month: 1, day: 15), authority: "UBND thành phố Hải Phòng"),
        producer: OCOPProducer(name: "Cơ sở Trà sen", address: "Phường Hồng Bàng, Hải Phòng"), gtin: "8936123456801")
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 7, 7, 7]

    /// A server whose registry holds the fish sauce (two batches, an image), the honey and the tea.
    func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        for product in [Self.fishSauce, Self.honey, Self.tea] { try database.addOCOPProduct(product, by: "canbo", now: TestServer.now) }
        for batch in [Self.fresh, Self.old] { try database.addOCOPBatch(batch, by: "canbo", now: TestServer.now) }
        try database.setOCOPImage(try OCOPImage(bytes: Self.png), of: Self.fishSauce.id, now: TestServer.now)
        try await TestServer.withLiveServer(configuration, body)
    }

    /// The path of the label's link (what follows the public host).
    static func path(_ product: OCOPProduct, _ batch: OCOPBatch?) throws -> String {
        try product.link(batch: batch).uri(base: "")
    }

    @Test func thePageShowsWhatAShopperMustSee() async throws {
        let path = try Self.path(Self.fishSauce, Self.fresh)
        #expect(path == "/01/08936123456788/10/L2611-01?17=281101&11=261101")
        try await withRegistry { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text
            for text in [
                "<html lang=\"vi\">", "<meta name=\"viewport\"", "<h1 id=\"product-name\">Nước mắm Cát Hải</h1>", "Thực phẩm", "Cát Hải",
                "Thị trấn Cát Hải, thành phố Hải Phòng", "Hợp tác xã Thủy sản Cát Hải", "href=\"tel:02253886123\"",
                "L2611-01", "01/11/2026", "01/11/2028", "★★★★", "OCOP 4 sao", "1234/QĐ-UBND", "10/03/2025", "09/03/2028",
                "UBND thành phố Hải Phòng", "Còn hiệu lực", "78/100", "Cá cơm, muối biển", "Nơi khô ráo, thoáng mát.",
                "src=\"/ocop/images/08936123456788\"", "Trung tâm Phục vụ hành chính công phường Hồng Bàng",
                "<link rel=\"canonical\" href=\"https://truyxuat.hongbang.example.vn/01/08936123456788/10/L2611-01?17=281101&amp;11=261101\">",
            ] {
                #expect(html.contains(text), "missing: \(text)")
            }
            #expect(!html.contains("★★★★★"))
            #expect(!html.contains("class=\"alert\""))
            #expect(!html.contains("class=\"note\""))
            #expect(!html.contains("http://") && !html.contains("//fonts"), "the page loads nothing from elsewhere")
        }
    }

    @Test func englishKeepsThePathAndSwitchesBack() async throws {
        try await withRegistry { client in
            let path = try Self.path(Self.fishSauce, Self.fresh)
            let html = try await client.execute(uri: path + "&lang=en", method: .get).text
            #expect(html.contains("<html lang=\"en\">"))
            for text in ["Cat Hai fish sauce", "OCOP 4 stars", "Production date", "Anchovies, sea salt", "Valid until"] {
                #expect(html.contains(text), "missing: \(text)")
            }
            #expect(
                html.contains(
                    "href=\"/01/08936123456788/10/L2611-01?17=281101&amp;11=261101&amp;lang=vi\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"))
            let vi = try await client.execute(uri: path, method: .get).text
            #expect(
                vi.contains("href=\"/01/08936123456788/10/L2611-01?17=281101&amp;11=261101&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>"))
            // A phone set to English still opens the Vietnamese page: the switch is there.
            let phone = try await client.execute(uri: path, method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.8,vi;q=0.5"])
            #expect(phone.text.contains("<html lang=\"vi\">"))
            #expect(phone.headers[.contentLanguage] == "vi")
            #expect(try await client.execute(uri: path + "&lang=en", method: .get).headers[.contentLanguage] == "en")
        }
    }

    @Test func jsonCarriesTheSameFacts() async throws {
        try await withRegistry { client in
            let response = try await client.execute(
                uri: try Self.path(Self.fishSauce, Self.fresh), method: .get, headers: [.accept: "application/json"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = try response.json()
            #expect(json["uri"] as? String == "https://truyxuat.hongbang.example.vn/01/08936123456788/10/L2611-01?17=281101&11=261101")
            let product = try #require(json["product"] as? [String: Any])
            #expect(product["id"] as? String == "nuoc-mam-cat-hai")
            #expect(product["gtin"] as? String == "08936123456788")
            #expect(product["name"] as? [String: String] == ["vi": "Nước mắm Cát Hải", "en": "Cat Hai fish sauce"])
            #expect((product["group"] as? [String: Any])?["code"] as? String == "food")
            #expect(product["brand"] as? String == "Cát Hải")
            #expect(product["image"] as? String == "https://truyxuat.hongbang.example.vn/ocop/images/08936123456788")
            #expect(product["uri"] as? String == "https://truyxuat.hongbang.example.vn/01/08936123456788")
            #expect(
                product["producer"] as? [String: String]
                    == ["name": "Hợp tác xã Thủy sản Cát Hải", "address": "Thị trấn Cát Hải, thành phố Hải Phòng", "phone": "0225 3886 123"])
            let certificate = try #require(product["certificate"] as? [String: Any])
            #expect(certificate["stars"] as? Int == 4)
            #expect(certificate["score"] as? Int == 78)
            #expect(certificate["number"] as? String == "1234/QĐ-UBND")
            #expect(certificate["issued"] as? String == "2025-03-10")
            #expect(certificate["expires"] as? String == "2028-03-09")
            #expect(certificate["authority"] as? String == "UBND thành phố Hải Phòng")
            #expect(certificate["status"] as? String == "valid")
            #expect(certificate["daysLeft"] as? Int == 471)
            let batch = try #require(json["batch"] as? [String: Any])
            #expect(batch["id"] as? String == "L2611-01")
            #expect(batch["produced"] as? String == "2026-11-01")
            #expect(batch["expires"] as? String == "2028-11-01")
            #expect(batch["expired"] as? Bool == false)
            #expect(json["label"] as? [String: String] == ["expiry": "2028-11-01", "production": "2026-11-01"])
            #expect(json["batches"] == nil && product["batches"] == nil)
            #expect(batch["uri"] as? String == json["uri"] as? String)
            #expect(batch["quantity"] == nil && batch["notes"] == nil, "a label tells anyone; the batch's stock and staff notes stay in the registry")
            #expect((json["registry"] as? [String: Any])?["phone"] as? String == "0225 3821 456")
        }
    }

    @Test func anExpiredCertificateIsFlaggedAndOneEndingSoonNoted() async throws {
        try await withRegistry { client in
            let honey = try await client.execute(uri: try Self.path(Self.honey, nil), method: .get).text
            #expect(honey.contains("Giấy chứng nhận OCOP đã hết hạn ngày 01/05/2026."))
            #expect(honey.contains("class=\"alert\" role=\"alert\""))
            #expect(honey.contains("Đã hết hạn"))
            let english = try await client.execute(uri: try Self.path(Self.honey, nil) + "?lang=en", method: .get).text
            #expect(english.contains("The OCOP certificate expired on 01/05/2026."))
            let json = try await client.execute(uri: try Self.path(Self.honey, nil), method: .get, headers: [.accept: "application/json"]).json()
            #expect(((json["product"] as? [String: Any])?["certificate"] as? [String: Any])?["status"] as? String == "expired")

            let tea = try await client.execute(uri: try Self.path(Self.tea, nil), method: .get).text
            #expect(tea.contains("Giấy chứng nhận OCOP sẽ hết hạn ngày 14/01/2027 (còn 51 ngày)."))
            #expect(tea.contains("class=\"note\" role=\"note\""))
            #expect(!tea.contains("class=\"alert\""))
            #expect(tea.contains("★★★★★"))

            let valid = try await client.execute(uri: try Self.path(Self.fishSauce, Self.fresh), method: .get).text
            #expect(!valid.contains("hết hạn ngày"))
        }
    }

    @Test func aBatchIdWithASlashResolvesAndItsPastExpiryIsFlagged() async throws {
        let path = try Self.path(Self.fishSauce, Self.old)
        #expect(path.hasPrefix("/01/08936123456788/10/L%2F26?"))
        try await withRegistry { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("<dd>L/26</dd>"))
            #expect(response.text.contains("Lô hàng này đã hết hạn sử dụng ngày 01/10/2026."))
            let json = try await client.execute(uri: "/01/08936123456788/10/L%2F26", method: .get, headers: [.accept: "application/json"]).json()
            #expect((json["batch"] as? [String: Any])?["id"] as? String == "L/26")
            #expect((json["batch"] as? [String: Any])?["expired"] as? Bool == true)
        }
    }

    @Test func aLabelWhoseDatesDisagreeWithTheRegistryIsNoted() async throws {
        try await withRegistry { client in
            let html = try await client.execute(uri: "/01/08936123456788/10/L2611-01?17=291231", method: .get).text
            #expect(html.contains("Hạn sử dụng trong mã QR (31/12/2029) khác với sổ đăng ký (01/11/2028)."))
        }
    }

    @Test func theProductWithoutABatchListsItsBatches() async throws {
        try await withRegistry { client in
            // GTIN-13 as printed under the bar code: padded to 14 digits.
            let html = try await client.execute(uri: "/01/8936123456788", method: .get).text
            #expect(html.contains("Nước mắm Cát Hải"))
            #expect(html.contains("href=\"/01/08936123456788/10/L2611-01\">Lô L2611-01, sản xuất ngày 01/11/2026</a>"))
            #expect(html.contains("href=\"/01/08936123456788/10/L%2F26\">Lô L/26, sản xuất ngày 05/01/2026</a>"))
            #expect(!html.contains("id=\"batch\""))
            let english = try await client.execute(uri: "/01/08936123456788?lang=en", method: .get).text
            #expect(english.contains("href=\"/01/08936123456788/10/L2611-01?lang=en\">Batch L2611-01, made on 01/11/2026</a>"))
            let json = try await client.execute(uri: "/01/08936123456788", method: .get, headers: [.accept: "application/json"]).json()
            #expect(json["batch"] == nil)
            let batches = try #require((json["product"] as? [String: Any])?["batches"] as? [[String: Any]])
            #expect(batches.map { $0["id"] as? String } == ["L2611-01", "L/26"])
            #expect(batches.first?["uri"] as? String == "https://truyxuat.hongbang.example.vn/01/08936123456788/10/L2611-01?17=281101&11=261101")
            let none = try await client.execute(uri: "/01/08936123456801", method: .get).text
            #expect(none.contains("Sổ đăng ký chưa có lô hàng nào của sản phẩm này."))
            #expect(none.contains("Sản phẩm chủ lực") == false)
        }
    }

    @Test func unknownCodesGetAFriendlyNotFound() async throws {
        try await withRegistry { client in
            // An unknown batch walks up to its product (ResolverConformanceTests); an unknown GTIN is not found.
            let product = try await client.execute(uri: "/01/08936123456818?lang=en", method: .get)
            #expect(product.status == .notFound)
            #expect(
                product.text.contains("Code 08936123456818 is not in the product registry of Hong Bang Ward Public Administrative Service Centre."))
            #expect(product.text.contains("<html lang=\"en\">"))
            #expect(product.text.contains("href=\"tel:02253821456\""))
            let json = try await client.execute(uri: "/01/08936123456818", method: .get, headers: [.accept: "application/json"])
            #expect(json.status == .notFound)
            #expect(try json.errorMessage().contains("08936123456818"))
        }
    }

    @Test func malformedLinksAreRefusedWithTheReason() async throws {
        try await withRegistry { client in
            let wrongDigit = try await client.execute(uri: "/01/08936123456781/10/L2611-01", method: .get)
            #expect(wrongDigit.status == .badRequest)
            #expect(wrongDigit.headers[.contentType] == "text/html; charset=utf-8")
            #expect(wrongDigit.text.contains("Số kiểm tra của mã GTIN phải là 8, không phải 1."))
            let english = try await client.execute(uri: "/01/08936123456781/10/L2611-01?lang=en", method: .get)
            #expect(english.text.contains("<p class=\"problem\" id=\"problem\" lang=\"en\">Check digit should be 8, not 1.</p>"))
            #expect(wrongDigit.text.contains("Mã QR không hợp lệ"))
            let json = try await client.execute(uri: "/01/08936123456781", method: .get, headers: [.accept: "application/json"])
            #expect(json.status == .badRequest)
            #expect(try json.errorMessage() == "check digit should be 8, not 1")
            let order = try await client.execute(uri: "/01/08936123456788/21/S1/10/L2611-01", method: .get)
            #expect(order.status == .badRequest)
            #expect(order.text.contains("Các mã định danh phải theo thứ tự 22, 10, 21, không phải 21, 10."))
            let date = try await client.execute(uri: "/01/08936123456788/10/L2611-01?17=281301", method: .get)
            #expect(date.status == .badRequest)
            #expect(try await client.execute(uri: "/01/abc", method: .get).status == .badRequest)
        }
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await withRegistry { client in
            let path = try Self.path(Self.fishSauce, Self.fresh)
            let get = try await client.execute(uri: path, method: .get)
            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == "text/html; charset=utf-8")
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(try await client.execute(uri: "/01/08936123456818", method: .head).status == .notFound)
        }
    }

    @Test func theImageIsServedByGTINOrId() async throws {
        try await withRegistry { client in
            let image = try await client.execute(uri: "/ocop/images/08936123456788", method: .get)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.cacheControl]?.contains("max-age") == true)
            #expect(Array(buffer: image.body) == Self.png)
            let tag = try #require(image.headers[.eTag])
            #expect(try await client.execute(uri: "/ocop/images/nuoc-mam-cat-hai", method: .get).body == image.body)
            #expect(try await client.execute(uri: "/ocop/images/nuoc-mam-cat-hai", method: .get, headers: [.ifNoneMatch: tag]).status == .notModified)
            #expect(try await client.execute(uri: "/ocop/images/mat-ong-bach-long-vi", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/ocop/images/khong-co", method: .get).status == .notFound)
            let honey = try await client.execute(uri: try Self.path(Self.honey, nil), method: .get).text
            #expect(!honey.contains("<img"))
        }
    }
}
