import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskOCOP
import KioskServer
import KioskStore
import Testing

/// The checks of GS1's resolver test suite (gs1/GS1DL-resolver-testsuite, `GS1DigitalLinkResolverTestSuite.js`)
/// that apply to the resolver of one brand owner, run against the real server: the resolver description
/// file, CORS and the methods, the linkset relation, 400 for a path that is not a Digital Link, trailing
/// slashes, the linkset by `linkType` and by `Accept`, each link type's redirect, 404 for a link type the
/// item lacks; and the registry's own rules: walk-up from an unknown, deleted or renamed lot, strict queries.
@Suite struct ResolverConformanceTests {
    static let base = "https://truyxuat.hongbang.example.vn"
    static let fishSauce = "/01/08936123456788"
    static let lot = fishSauce + "/10/L2611-01"

    /// A key local product: no OCOP certificate, no batch.
    static let vermicelli = OCOPProduct(
        id: "mien-dong", name: LocalizedText(vi: "Miến dong Hồng Bàng"), group: .food,
        producer: OCOPProducer(name: "Hộ kinh doanh Miến dong", address: "Phường Hồng Bàng, Hải Phòng"), gtin: "8936123456825")

    /// ``ResolverTests``' registry, the key local product, and a batch `L2510-07` renamed to `L2510-07B`.
    func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol, AppDatabase) async throws -> Void) async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        for product in [ResolverTests.fishSauce, ResolverTests.honey, ResolverTests.tea, Self.vermicelli] {
            try database.addOCOPProduct(product, by: "canbo", now: TestServer.now)
        }
        for batch in [ResolverTests.fresh, ResolverTests.old] { try database.addOCOPBatch(batch, by: "canbo", now: TestServer.now) }
        var renamed = OCOPBatch(product: "nuoc-mam-cat-hai", id: "L2510-07", produced: LocalDate(year: 2025, month: 10, day: 7))
        try database.addOCOPBatch(renamed, by: "canbo", now: TestServer.now)
        renamed.id = "L2510-07B"
        try database.updateOCOPBatch("L2510-07", with: renamed, by: "canbo", now: TestServer.now)
        try await TestServer.withLiveServer(configuration) { client in try await body(client, database) }
    }

    // MARK: - the suite's checks

    @Test func theResolverDescriptionFileIsAtTheWellKnownAddress() async throws {
        try await withRegistry { client, _ in
            let response = try await client.execute(uri: "/.well-known/gs1resolver", method: .get, headers: [.accept: "application/json"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            let json = try response.json()
            #expect((json["name"] as? String)?.contains("Hồng Bàng") == true)
            #expect(json["resolverRoot"] as? String == Self.base)
            #expect(json["supportedPrimaryKeys"] as? [String] == ["gtin"])
            #expect(json["linkTypeDefaultCanBeLinkset"] as? Bool == true)
            #expect(json["supportedContextValuesEnumerated"] as? [String] == [])
            let linkTypes = try #require(json["supportedLinkType"] as? [[String: String]])
            #expect(linkTypes.first?["prefix"] == "gs1:")
            #expect(linkTypes.first?["namespace"] == "https://gs1.org/voc/")
            #expect(try await client.execute(uri: "/.well-known/gs1resolver", method: .head).status == .ok)
        }
    }

    @Test func answersCarryCORSTheMethodsAndTheLinksetRelation() async throws {
        try await withRegistry { client, _ in
            let response = try await client.execute(uri: Self.lot, method: .get, headers: [.origin: "https://scanner.example.org"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            let methods = try #require(response.headers[.accessControlAllowMethods])
            #expect(["GET", "HEAD", "OPTIONS"].allSatisfy(methods.contains))
            let link = try #require(response.headers[HTTPField.Name("Link")!])
            #expect(link == "<\(Self.base)\(Self.lot)?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"")
            #expect(!link.contains("rel=\"gs1:"), "every link in the header is deprecated since resolver standard 1.0")

            let options = try await client.execute(uri: Self.lot, method: .options)
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "GET, HEAD, OPTIONS")
            #expect(options.headers[.accessControlAllowOrigin] == "*")
            #expect(try await client.execute(uri: "/.well-known/gs1resolver", method: .options).headers[.allow] == "GET, HEAD, OPTIONS")

            let head = try await client.execute(uri: Self.lot, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test func corsIsOnlyOnThePublicResolverPaths() async throws {
        try await withRegistry { client, _ in
            for path in ["/staff/ocop", "/api/v1/stats", "/login", "/dashboard", "/health", "/api/v1/kiosk", "/ocop/images/08936123456788"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.origin: "https://scanner.example.org"])
                #expect(response.headers[.accessControlAllowOrigin] == nil, "\(path)")
            }
            for path in [Self.lot, "/01/08936123456818", "/01/08936123456781", "/.well-known/gs1resolver"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.origin: "https://scanner.example.org"])
                #expect(response.headers[.accessControlAllowOrigin] == "*", "\(path)")
            }
        }
    }

    @Test func aPathThatIsNotADigitalLinkIs400NeverA200() async throws {
        try await withRegistry { client, _ in
            // The suite appends /foo to a valid link.
            for path in [Self.lot + "/foo", Self.fishSauce + "/foo"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .badRequest, "\(path)")
            }
        }
    }

    @Test func aTrailingSlashIsTheSameResource() async throws {
        try await withRegistry { client, _ in
            for path in [Self.fishSauce, Self.lot] {
                let plain = try await client.execute(uri: path, method: .get)
                let slash = try await client.execute(uri: path + "/", method: .get)
                #expect(plain.status == .ok)
                #expect(slash.status == plain.status)
                #expect(slash.headers[.location] == plain.headers[.location])
                #expect(slash.text == plain.text)
            }
        }
    }

    @Test func theLinksetComesByLinkTypeAndByAcceptWithoutARedirect() async throws {
        try await withRegistry { client, _ in
            let asked: [(String, HTTPFields)] = [
                (Self.lot + "?linkType=linkset", [:]), (Self.lot + "?linkType=all", [:]),
                (Self.lot + "?linkType=all", [.accept: "application/linkset+json"]), (Self.lot, [.accept: "application/linkset+json"]),
            ]
            var bodies: [String] = []
            for (path, headers) in asked {
                let response = try await client.execute(uri: path, method: .get, headers: headers)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "application/linkset+json", "\(path)")
                #expect(response.headers[.location] == nil)
                bodies.append(response.text)
            }
            let parsed = try bodies.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
            #expect(parsed.allSatisfy { $0 != nil && $0 == parsed[0] }, "the same linkset each way")
            let linkset = try #require(parsed[0] as? [String: Any])
            let entries = try #require(linkset["linkset"] as? [[String: Any]])
            #expect(entries.count == 1)
            let entry = entries[0]
            #expect(entry["anchor"] as? String == Self.base + Self.lot)
            for key in entry.keys where !["anchor", "itemDescription"].contains(key) {
                #expect(key.hasPrefix("https://gs1.org/voc/"), "\(key)")
            }
            let page = Self.base + Self.lot
            let pip = try #require(entry["https://gs1.org/voc/pip"] as? [[String: Any]])
            #expect(pip.map { $0["href"] as? String } == [page, page + "?lang=en"])
            #expect(pip.map { $0["hreflang"] as? [String] } == [["vi"], ["en"]])
            #expect(pip.allSatisfy { $0["type"] as? String == "text/html" })
            #expect(pip.map { $0["title"] as? String } == ["Nước mắm Cát Hải", "Cat Hai fish sauce"])
            let trace = try #require(entry["https://gs1.org/voc/traceability"] as? [[String: Any]])
            #expect(trace.first?["href"] as? String == page + "#batch")
            #expect(trace.first?["title"] as? String == "Truy xuất lô L2611-01: ngày sản xuất, hạn sử dụng")
            let certificate = try #require(entry["https://gs1.org/voc/certificationInfo"] as? [[String: Any]])
            #expect(certificate.first?["href"] as? String == page + "#certificate")
            // Exactly one default link, with a title and no other attribute.
            let defaults = try #require(entry["https://gs1.org/voc/defaultLink"] as? [[String: Any]])
            #expect(defaults.count == 1)
            #expect(Set(defaults[0].keys) == ["href", "title"])
            #expect(defaults[0]["href"] as? String == page)
        }
    }

    @Test func eachLinkTypeRedirectsToItsLink() async throws {
        try await withRegistry { client, _ in
            let page = Self.base + Self.lot
            let expected = [
                "gs1:pip": page, "https://gs1.org/voc/pip": page, "gs1:traceability": page + "#batch",
                "https://ref.gs1.org/voc/certificationInfo": page + "#certificate", "gs1:defaultLink": page,
            ]
            for (linkType, target) in expected {
                let response = try await client.execute(uri: Self.lot + "?linkType=\(linkType)", method: .get)
                #expect(response.status == .temporaryRedirect, "\(linkType)")
                #expect(response.headers[.location] == target, "\(linkType)")
                #expect(response.headers[HTTPField.Name("Link")!]?.contains("rel=\"linkset\"") == true)
            }
            // As the suite asks for one of several links: by media type and language.
            let english = try await client.execute(uri: Self.lot + "?linkType=gs1:pip&mediaType=text/html&lang=en", method: .get)
            #expect(english.headers[.location] == page + "?lang=en")
            let vietnamese = try await client.execute(uri: Self.lot + "?linkType=gs1:pip&mediaType=text/html&lang=vi", method: .get)
            #expect(vietnamese.headers[.location] == page)
            // The label's data attributes are passed on.
            let label = try await client.execute(uri: Self.lot + "?17=281101&linkType=gs1:traceability", method: .get)
            #expect(label.headers[.location] == page + "?17=281101#batch")
            // Without linkType the default link is served where it is: the page itself.
            let plain = try await client.execute(uri: Self.lot, method: .get)
            #expect(plain.status == .ok)
            #expect(plain.text.contains("<h1 id=\"product-name\">Nước mắm Cát Hải</h1>"))
        }
    }

    @Test func aLinkTypeTheItemLacksIs404WithASentence() async throws {
        try await withRegistry { client, _ in
            let unknown = try await client.execute(uri: Self.lot + "?linkType=gs1:nosuchlt", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("Sản phẩm Nước mắm Cát Hải không có liên kết loại gs1:nosuchlt."))
            #expect(unknown.text.contains("Các loại có: linkset, gs1:pip, gs1:traceability, gs1:certificationInfo, gs1:defaultLink."))
            // A key local product has no certificate and, without batches, nothing to trace.
            for linkType in ["gs1:certificationInfo", "gs1:traceability", "schema:pip", ""] {
                let response = try await client.execute(uri: "/01/08936123456825?linkType=\(linkType)&lang=en", method: .get)
                #expect(response.status == .notFound, "\(linkType)")
                #expect(response.text.contains("Product Miến dong Hồng Bàng has no link of type \(linkType)."), "\(linkType)")
            }
            let json = try await client.execute(
                uri: Self.lot + "?linkType=gs1:nosuchlt", method: .get, headers: [.accept: "application/linkset+json"])
            #expect(json.status == .notFound)
            #expect(try json.errorMessage().hasSuffix("gs1:defaultLink."))
        }
    }

    @Test func anUnknownGTINIs404() async throws {
        try await withRegistry { client, _ in
            for path in ["/01/08936123456818", "/01/08936123456818/10/L1", "/01/08936123456818?linkType=linkset"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.text.contains("Mã 08936123456818 không có trong sổ đăng ký sản phẩm"), "\(path)")
            }
        }
    }

    // MARK: - walk-up

    @Test func anUnknownLotWalksUpToTheProduct() async throws {
        try await withRegistry { client, database in
            try database.deleteOCOPBatch("L/26", of: "nuoc-mam-cat-hai")
            for lot in ["NOPE", "L%2F26"] {
                let response = try await client.execute(uri: Self.fishSauce + "/10/\(lot)?17=281101", method: .get)
                #expect(response.status == .ok, "\(lot)")
                let html = response.text
                let shown = lot.removingPercentEncoding!
                #expect(html.contains("<h1 id=\"product-name\">Nước mắm Cát Hải</h1>"))
                #expect(html.contains("Lô \(shown) không có trong sổ đăng ký. Dưới đây là thông tin chung của sản phẩm"), "\(lot)")
                #expect(html.contains("<link rel=\"canonical\" href=\"\(Self.base)\(Self.fishSauce)\">"))
                #expect(html.contains("id=\"batches\""), "the batches to choose from")
                let english = try await client.execute(uri: Self.fishSauce + "/10/\(lot)?lang=en", method: .get).text
                #expect(english.contains("Batch \(shown) is not in the register."))
                let json = try await client.execute(uri: Self.fishSauce + "/10/\(lot)", method: .get, headers: [.accept: "application/json"])
                #expect(try json.json()["unknownBatch"] as? String == shown)
                // The linkset is the product's.
                let linkset = try await client.execute(uri: Self.fishSauce + "/10/\(lot)?linkType=linkset", method: .get).text
                #expect(linkset.contains("\"anchor\":\"\(Self.base)\(Self.fishSauce)\""))
                #expect(linkset.contains("\(Self.base)\(Self.fishSauce)#batches"))
            }
        }
    }

    @Test func aRenamedLotStillFindsItsBatch() async throws {
        try await withRegistry { client, database in
            let response = try await client.execute(uri: Self.fishSauce + "/10/L2510-07", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("<dd>L2510-07B</dd>"))
            #expect(!response.text.contains("không có trong sổ đăng ký"))
            #expect(response.text.contains("<link rel=\"canonical\" href=\"\(Self.base)\(Self.fishSauce)/10/L2510-07B?11=251007\">"))
            // Renamed again: the first id follows; deleted: it walks up.
            var batch = try #require(try database.ocopBatch("L2510-07B", of: "nuoc-mam-cat-hai"))
            batch.id = "L2510-07C"
            try database.updateOCOPBatch("L2510-07B", with: batch, by: "canbo", now: TestServer.now)
            for old in ["L2510-07", "L2510-07B"] {
                let json = try await client.execute(uri: Self.fishSauce + "/10/\(old)", method: .get, headers: [.accept: "application/json"]).json()
                #expect((json["batch"] as? [String: Any])?["id"] as? String == "L2510-07C", "\(old)")
            }
            try database.deleteOCOPBatch("L2510-07C", of: "nuoc-mam-cat-hai")
            let gone = try await client.execute(uri: Self.fishSauce + "/10/L2510-07", method: .get)
            #expect(gone.status == .ok)
            #expect(gone.text.contains("Lô L2510-07 không có trong sổ đăng ký."))
        }
    }
}
