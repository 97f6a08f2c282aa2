import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskServer
import NIOCore
import Testing

/// What an attacker on the LAN would try against the HTTP layer: security headers missing on some
/// answer, oversized and deeply nested JSON. (Slow clients and oversized headers, over raw sockets:
/// Tests/e2e/test_http_hardening.py.)
@Suite struct HTTPHardeningTests {
    static let securityHeaders: [(String, String)] = [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]

    @Test func everyKindOfAnswerCarriesTheSecurityHeaders() async throws {
        let app = try await buildApplication(TestServer.configuration(), now: { TestServer.now })
        try await app.test(.router) { client in
            let answers: [(String, HTTPRequest.Method, String?)] = [
                ("/", .get, nil),  // the kiosk page
                ("/login", .get, nil),
                ("/static/kiosk.js", .get, nil),
                ("/api/v1/kiosk", .get, nil),
                ("/api/v1/help/no-such-topic", .get, nil),  // an API error
                ("/api/v1/stats", .get, nil),  // 401
                ("/dashboard", .get, nil),  // a redirect to /login
                ("/no/such/page", .get, nil),  // 404 from the router
                ("/01/123", .get, nil),  // a product address that is not a Digital Link
                ("/api/v1/ratings", .post, "{"),
            ]
            for (uri, method, body) in answers {
                let response = try await client.execute(
                    uri: uri, method: method, headers: [.contentType: "application/json"], body: body.map { ByteBuffer(string: $0) })
                for (name, value) in Self.securityHeaders {
                    #expect(response.headers[HTTPField.Name(name)!] == value, "\(method) \(uri) (\(response.status.code)): \(name)")
                }
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self';"), "\(method) \(uri): \(policy)")
                #expect(policy.contains("frame-ancestors 'none'") && policy.contains("base-uri 'none'") && policy.contains("form-action 'self'"))
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(method) \(uri): \(policy)")
                #expect(response.headers[.strictTransportSecurity] == nil, "no HSTS over plain HTTP")
                let permissions = response.headers[HTTPField.Name("Permissions-Policy")!] ?? ""
                #expect(permissions.contains("camera=()"), "the dossier scanner is a USB keyboard: no page needs the camera")
            }
        }
    }

    @Test func theStandardPolicyAllowsNoInlineStyleAndImagesOnlyFromHereOrDataURLs() async throws {
        let app = try await buildApplication(TestServer.configuration(), now: { TestServer.now })
        try await app.test(.router) { client in
            let policy = try await client.execute(uri: "/health", method: .get).headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("default-src 'self'"))
            #expect(policy.contains("style-src 'self';"))
            #expect(policy.contains("img-src 'self' data:"))
            #expect(policy.contains("object-src 'none'"))
        }
    }

    @Test func aProductPageAllowsItsOwnStylesheetByItsHashAndNothingElseInline() async throws {
        let app = try await buildApplication(TestServer.configuration(), now: { TestServer.now })
        try await app.test(.router) { client in
            // A valid GTIN that is not in the registry: the "not in this centre's registry" page.
            let response = try await client.execute(uri: "/01/08936123456788", method: .get)
            #expect(response.status == .notFound)
            #expect(response.text.contains("<style>"))
            let policy = response.headers[.contentSecurityPolicy] ?? ""
            let styles = policy.split(separator: ";").first { $0.contains("style-src") } ?? ""
            #expect(styles.components(separatedBy: "'sha256-").count == 2, "one stylesheet, one hash: \(policy)")
            #expect(!policy.contains("unsafe-inline"))
            #expect(policy.contains("script-src 'self';"))
        }
    }

    @Test func aRatingBodyOverTheLimitIsRefusedWith413AndASentence() async throws {
        try await TestServer.withLiveServer { client in
            let padding = String(repeating: "a", count: 65 * 1024)
            let response = try await client.postRating(
                #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "satisfied"}, "comment": "\#(padding)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorMessage().contains("64 KiB"))
        }
    }

    /// Bodies an attacker would send to make the parser recurse: 10 000 levels of arrays or objects,
    /// as the body or inside the answers, and 60 000 unclosed brackets. Posted as a kiosk posts (see
    /// ``TestServer/withLiveServer(_:_:)``), so that the server reads them.
    static func nested(_ kind: String) -> String {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        switch kind {
        case "arrays": return deep
        case "objects": return String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        case "answers": return #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "# + deep + "}}"
        default: return String(repeating: "[", count: 60_000)
        }
    }

    @Test(arguments: ["arrays", "objects", "answers", "unclosed"])
    func deeplyNestedJSONIsRefusedWithASentence(kind: String) async throws {
        try await TestServer.withLiveServer { client in
            let response = try await client.postRating(Self.nested(kind))
            #expect(response.status == .badRequest, "\(kind): \(response.status)")
            #expect(try response.errorMessage().contains("JSON"), "\(kind): \(response.text.prefix(300))")
            // The server goes on serving.
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test(arguments: ["arrays", "objects", "answers", "unclosed"])
    func parsingDeeplyNestedJSONCostsNoCPU(kind: String) throws {
        // Foundation's parser gives up at 512 levels, before building anything: the CPU time of this
        // thread (not the wall clock, which a busy test run stretches) stays far under a millisecond's
        // worth of work per level.
        let body = Data(Self.nested(kind).utf8)
        let start = Self.threadCPUTime()
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: body) }
        let spent = Self.threadCPUTime() - start
        #expect(spent < 0.05, "\(kind): \(spent) s of CPU")
    }

    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func nestingWithinFoundationsLimitIsRefusedByTheValidatorNotByACrash() async throws {
        // JSONDecoder refuses more than 512 levels; 500 levels reach the validator, which wants a choice id.
        try await TestServer.withLiveServer { client in
            let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            let response = try await client.postRating(
                #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": \#(nested)}}"#)
            #expect(response.status == .badRequest)
            #expect(try response.json()["error"] != nil)
        }
    }
}
