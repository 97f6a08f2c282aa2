import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskOCOP
import KioskServer
import KioskStore
import TestSupport
import Testing

/// The resolver reads a link strictly (GS1 Digital Link syntax, ``GS1DigitalLink/parse(path:query:allowing:referenceYear:)``):
/// what is not a Digital Link is a 400 with a sentence in the page's language, and no address, however
/// mangled, makes it fail (500).
@Suite struct ResolverQueryTests {
    static let lot = ResolverConformanceTests.lot

    @Test(arguments: [
        ("/01/08936123456781/10/L2611-01", "Số kiểm tra của mã GTIN phải là 8, không phải 1."),
        (lot + "?99=1", "?99= không phải mã dữ liệu GS1 dùng được cho sản phẩm."),
        (lot + "?foo=bar", "?foo= không phải mã dữ liệu GS1 cũng không phải tham số của trang này (context, lang, linkType, mediaType)."),
        (lot + "?17a=281101", "?17a= không phải mã dữ liệu GS1 cũng không phải tham số"),
        (lot + "?17=281101&17=281101", "?17= xuất hiện hai lần; mỗi tham số chỉ được có một lần."),
        (lot + "?context=a&context=b", "?context= xuất hiện hai lần"),
        (lot + "?10=L2611-01", "?10= là mã định danh; nó phải nằm trong đường dẫn (/10/…), không nằm sau dấu ?."),
        (lot + "?21=0042", "?21= là mã định danh; nó phải nằm trong đường dẫn (/21/…)"),
        (lot + "?01=08936123456788", "?01= là mã định danh"),
        (lot + "?240=A%00B", "Địa chỉ chứa ký tự điều khiển (không in được)."),
        ("/01/08936123456788/10/L%0A1", "Địa chỉ chứa ký tự điều khiển"),
        (lot + "?linkType=gs1%3Apip%7F", "Địa chỉ chứa ký tự điều khiển"),
        (lot + "?3103=1234567", "?3103= phải gồm 6 chữ số, không phải '1234567'."),
        (lot + "?17=2811011", "?17= phải là một ngày dạng YYMMDD, không phải '2811011'."),
        (lot + "?17=281301", "?17= phải là một ngày dạng YYMMDD"),
        (lot + "?240=" + String(repeating: "A", count: 31), "?240= có 31 ký tự; GS1 cho phép từ 1 đến 30."),
        ("/01/08936123456788/10/" + String(repeating: "L", count: 21), "Số lô (10) có 21 ký tự; GS1 cho phép tối đa 20."),
        ("/01/08936123456788/10/L%C3%94", "Số lô (10) không được chứa 'Ô'"),
        ("/01//10/L2611-01", "Đường dẫn có một đoạn rỗng (//)"),
        ("/01/08936123456788//10/L2611-01", "Đường dẫn có một đoạn rỗng (//)"),
        ("/01/08936123456788/10/L2611-01//", "Đường dẫn có một đoạn rỗng (//)"),
        (lot + "?17=28%zz01", "mã hóa phần trăm"),
        ("/01/08936123456788/21/S1/10/L2611-01", "Các mã định danh phải theo thứ tự 22, 10, 21, không phải 21, 10."),
        ("/01/08936123456788/99/X", "Sau mã GTIN không được có /99/"),
    ])
    func badSyntaxIs400WithAVietnameseSentence(path: String, sentence: String) async throws {
        try await ResolverTests().withRegistry { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .badRequest, "\(path): \(response.status)")
            #expect(response.text.contains("<p class=\"problem\" id=\"problem\" lang=\"vi\">"), "\(path)")
            #expect(response.text.contains(sentence.htmlEscaped), "\(path): \(Self.problem(of: response.text) ?? "no problem shown")")
            let json = try await client.execute(uri: path, method: .get, headers: [.accept: "application/json"])
            #expect(json.status == .badRequest)
            #expect(!(try json.errorMessage()).isEmpty)
        }
    }

    @Test func theResolverParametersAndKnownAttributesAreAccepted() async throws {
        try await ResolverTests().withRegistry { client in
            for query in ["context=shop", "mediaType=text/html", "lang=en", "3103=000500", "17=281101&11=261101", "422=704", "240=ABC-1", ""] {
                let response = try await client.execute(uri: Self.lot + "?" + query, method: .get)
                #expect(response.status == .ok, "\(query): \(Self.problem(of: response.text) ?? "")")
            }
        }
    }

    /// Many addresses made by mutating good links at random (a fixed seed, so a failure repeats): each is a
    /// resolution (200, or 307 for a link type) or a refusal (400, 404) that says why in a sentence; none is a 500.
    @Test func mangledAddressesNeverFail() async throws {
        var random = SplitMix64(seed: 20_261_124)
        var generated: [String] = []
        for _ in 0..<400 { generated.append(Self.mutated(Self.seeds.randomElement(using: &random)!, using: &random)) }
        let paths = generated
        try await ResolverTests().withRegistry { client in
            var seen: [HTTPResponse.Status: Int] = [:]
            for (index, path) in paths.enumerated() {
                let json = index % 4 == 3
                let response = try await client.execute(uri: path, method: .get, headers: json ? [.accept: "application/json"] : [:])
                seen[response.status, default: 0] += 1
                switch response.status {
                case .ok:
                    var productJSON = false
                    if json { productJSON = try response.json()["product"] != nil }
                    let page = response.text.contains("<h1 id=\"product-name\">")
                    #expect(page || productJSON || response.headers[.contentType] == "application/linkset+json", "\(path)")
                case .temporaryRedirect:
                    #expect(response.headers[.location]?.hasPrefix("https://truyxuat.hongbang.example.vn/01/") == true, "\(path)")
                case .badRequest, .notFound:
                    var sentence = Self.problem(of: response.text) ?? Self.message(of: response.text)
                    if json { sentence = try response.errorMessage() }
                    #expect(sentence.map { Self.isSentence($0, fullStop: !json) } == true, "\(path): \(response.status) '\(sentence ?? "")'")
                default:
                    Issue.record("\(path): \(response.status)")
                }
            }
            // The mutations reach every kind of answer.
            #expect(seen[.ok, default: 0] > 20 && seen[.badRequest, default: 0] > 20 && seen[.notFound, default: 0] > 5, "\(seen)")
        }
    }

    static let seeds = [
        "/01/08936123456788", lot, lot + "?17=281101&11=261101", "/01/08936123456788/10/L%2F26?17=261001", "/01/8936123456795",
        "/01/08936123456801?lang=en", lot + "?linkType=gs1:pip", lot + "?linkType=linkset", "/01/08936123456818/10/X",
        "/01/08936123456788/22/V1/10/L2611-01/21/0042", lot + "?linkType=gs1:traceability&lang=en",
    ]

    /// Pieces a mutation inserts: path and query syntax, percent-encodings (controls, non-ASCII, bad ones),
    /// AIs known and unknown, link types; only characters a request target may hold.
    static let pieces = [
        "/", "//", "%", "%2", "%00", "%1F", "%7F", "%C3%94", "%FF", "%2F", "%25", "?", "&", "=", "17=", "11=991399", "10=", "21=",
        "01=", "99=", "3103=", "linkType=", "gs1:", "https://gs1.org/voc/", "lang=", "context=", "0", "9", "A", "z", "-", ".", "..",
        "~", "+", ";", "'", "(", ")", "*", "!", ",", "$", ":", "@", "/10/", "/21/", "/22/", String(repeating: "7", count: 25),
    ]

    static func mutated(_ seed: String, using random: inout SplitMix64) -> String {
        var text = Array(seed.dropFirst(4))  // after "/01/"
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = Int.random(in: 0...text.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0, 1: text.insert(contentsOf: pieces.randomElement(using: &random)!, at: at)
            case 2: if at < text.count { text.removeSubrange(at..<min(text.count, at + Int.random(in: 1...6, using: &random))) }
            case 3: text = Array(text.prefix(at))
            default:
                let ai = ["17", "11", "10", "3103", "240", "7003", "99", "422", "lang", "linkType"].randomElement(using: &random)!
                let value = ["281101", "000500", "X", "", "704", "gs1:pip", "en", "1234567890123"].randomElement(using: &random)!
                text += Array((text.contains("?") ? "&" : "?") + "\(ai)=\(value)")
            }
        }
        return "/01/" + String(text)
    }

    /// The problem paragraph of a refusal page.
    static func problem(of html: String) -> String? {
        paragraph(#"<p class="problem" id="problem" lang="[a-z]+">"#, in: html)
    }

    /// The message paragraph of an error page.
    static func message(of html: String) -> String? {
        paragraph(#"<p id="message">"#, in: html)
    }

    private static func paragraph(_ opening: String, in html: String) -> String? {
        guard let start = html.range(of: opening, options: .regularExpression), let end = html[start.upperBound...].range(of: "</p>")
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// A sentence: several words, ending with a full stop on a page (a JSON message is a clause, as the API's are).
    static func isSentence(_ text: String, fullStop: Bool) -> Bool {
        text.split(separator: " ").count >= 3 && (!fullStop || text.hasSuffix("."))
    }
}

extension String {
    /// The text as Mustache writes it into HTML.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
