import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskPrint
import KioskServer
import KioskStore
import TestSupport
import Testing

/// From paper to phone: what a real decoder reads off each kind of label is a link that the running
/// server answers with that product's and batch's data.
@Suite struct LabelResolvesTests {
    static let base = "https://truyxuat.hongbang.example.vn"

    @Test(arguments: [
        (LabelLayout.a4_3x8, LabelFormat.png), (.a4_3x8, .svg), (.a4_3x8, .pdf), (.a4_2x5, .pdf), (.roll58, .png), (.roll80, .pdf),
    ])
    func theDecodedLinkResolvesToTheBatch(layout: LabelLayout, format: LabelFormat) async throws {
        let product = ResolverTests.fishSauce
        let batch = ResolverTests.old  // batch "L/26": percent-encoded in the link
        let label = ProductLabel(product: product, batch: batch, uri: try product.link(batch: batch).uri(base: Self.base))
        let bytes = try LabelRenderer.render(label, layout: layout, format: format)
        let decoded: [String]
        switch format {
        case .pdf: decoded = try Decoder.decodePDF(bytes, dpi: 300)
        case .svg: decoded = try Decoder.decodeSVG(String(decoding: bytes, as: UTF8.self))
        default: decoded = try Decoder.decodeImage(bytes, fileExtension: "png")
        }
        let uri = try #require(decoded.first)
        #expect(decoded == [uri])
        #expect(uri.hasPrefix(Self.base + "/01/08936123456788/10/L%2F26?"))
        let path = String(uri.dropFirst(Self.base.count))

        try await ResolverTests().withRegistry { client in
            let response = try await client.execute(uri: path, method: .get, headers: [.accept: "application/json"])
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let productJSON = try #require(json["product"] as? [String: Any])
            #expect((productJSON["name"] as? [String: Any])?["vi"] as? String == "Nước mắm Cát Hải")
            #expect(productJSON["gtin"] as? String == "08936123456788")
            #expect((json["batch"] as? [String: Any])?["id"] as? String == "L/26")
            #expect((productJSON["producer"] as? [String: Any])?["address"] as? String == "Thị trấn Cát Hải, thành phố Hải Phòng")
            #expect((productJSON["certificate"] as? [String: Any])?["number"] as? String == "1234/QĐ-UBND")
        }
    }
}
