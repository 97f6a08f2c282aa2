import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskHub
import Testing

extension HubTests {
    /// The security headers every answer of the hub carries.
    static func expectSecured(_ headers: HTTPFields, _ label: String) {
        #expect(headers[.xFrameOptions] == "DENY", "\(label)")
        #expect(headers[.xContentTypeOptions] == "nosniff", "\(label)")
        #expect(headers[.referrerPolicy] == "same-origin", "\(label)")
        #expect(headers[.contentSecurityPolicy] == ContentSecurityPolicy.standard, "\(label)")
        #expect(headers[.crossOriginOpenerPolicy] == "same-origin", "\(label)")
    }

    @Test("every refusal of the hub is {error: {message, field}} as at the centre, with the security headers, under /hub/ too")
    func errorsHaveOneShape() async throws {
        try await withHub { _, database, hub in
            let token = try await database.addCentre(code: "HP-SHAPE", name: "Phường Hình", kind: .ward)
            let reader = try await database.addReader(name: "doc-thu")
            let push = hub.url.appendingPathComponent("hub/v1/push")
            let stats = hub.url.appendingPathComponent("hub/v1/stats")
            let cases: [(label: String, answer: (Int, HTTPFields, Data), status: Int, field: String?)] = [
                ("push without token", try await hubExchange(push, method: "POST", body: Data("{}".utf8)), 401, "Authorization"),
                ("push, unknown token", try await hubExchange(push, method: "POST", token: "hub_nope", body: Data("{}".utf8)), 401, "Authorization"),
                ("push, not JSON", try await hubExchange(push, method: "POST", token: token, body: Data("{ratings".utf8)), 400, "body"),
                ("push, no voids", try await hubExchange(push, method: "POST", token: token, body: Data(#"{"ratings": []}"#.utf8)), 400, "voids"),
                ("stats, no token", try await hubExchange(stats), 401, "Authorization"),
                ("stats, bad by", try await hubExchange(URL(string: stats.absoluteString + "?by=planet")!, token: reader), 400, "by"),
                ("stats, bad period", try await hubExchange(URL(string: stats.absoluteString + "?period=2026-Q9")!, token: reader), 400, "period"),
                (
                    "stats, unknown centre", try await hubExchange(URL(string: stats.absoluteString + "?centre=HP-NONE")!, token: reader), 404,
                    "centre"
                ),
                ("dashboard, no token", try await hubExchange(hub.url.appendingPathComponent("hub/")), 401, "Authorization"),
                (
                    "dashboard, bad period", try await hubExchange(URL(string: hub.url.absoluteString + "/hub/?period=soon")!, token: reader), 400,
                    "period"
                ),
            ]
            for (label, (status, headers, body), expected, field) in cases {
                #expect(status == expected, "\(label)")
                #expect(headers[.contentType] == "application/json; charset=utf-8", "\(label)")
                let error = try JSONDecoder().decode(APIErrorBody.self, from: body)
                #expect(error.error.field == field, "\(label)")
                #expect(error.error.message.count > 20 && !error.error.message.contains("Optional("), "\(label): \(error.error.message)")
                let keys = try JSONSerialization.jsonObject(with: body) as? [String: [String: String]]
                let names = Set(keys?["error"].map { Array($0.keys) } ?? [])
                #expect(!names.isEmpty && names.isSubset(of: ["message", "field"]), "\(label)")
                Self.expectSecured(headers, label)
            }
            // A browser asking for the dashboard is offered Basic sign-in.
            #expect(cases[8].answer.1[.wwwAuthenticate]?.hasPrefix("Basic ") == true)
        }
    }

    @Test("a push body the hub cannot read is answered with its own sentence, never the decoder's text or what was sent")
    func unreadablePushesAreNotEchoed() async throws {
        try await withHub { _, database, hub in
            let token = try await database.addCentre(code: "HP-ECHO", name: "Phường Vọng", kind: .ward)
            let push = hub.url.appendingPathComponent("hub/v1/push")
            var random = SystemRandomNumberGenerator()
            // A marker the hub must never send back, in bodies broken in many ways.
            let marker = "ZZMARK\(UInt32.random(in: 1000...9999, using: &random))"
            let templates = [
                "\(marker)", "{\"\(marker)\": 1}", "{\"ratings\": \"\(marker)\", \"voids\": []}", "{\"ratings\": [], \"voids\": \"\(marker)\"}",
                "{\"ratings\": [{\"id\": \"\(marker)\", \"seq\": 1}], \"voids\": []}", "[\"\(marker)\"]", "{\"ratings\": [\(marker)], \"voids\": []}",
                "{\"ratings\": [{\"id\": \"8d2c7a10-4c1e-4d3b-9a52-1f7b3c9e2d40\", \"seq\": \"\(marker)\"}], \"voids\": []}",
                "{\"ratings\": null, \"voids\": [], \"x\": \"\(marker)\"}", "\"\(marker)\"",
            ]
            var bodies = templates
            for _ in 0..<40 {
                // Cut a template short, or put the marker where a value is expected.
                let template = templates.randomElement(using: &random)!
                bodies.append(String(template.prefix(Int.random(in: 1...template.count, using: &random))) + marker)
            }
            for body in bodies {
                let (status, headers, answer) = try await hubExchange(push, method: "POST", token: token, body: Data(body.utf8))
                let text = String(decoding: answer, as: UTF8.self)
                #expect(status == 400, "\(body)")
                #expect(!text.contains(marker), "\(body) → \(text)")
                #expect(!text.contains("debugDescription") && !text.contains("Attempted") && !text.contains("Unexpected character"), "\(text)")
                let error = try JSONDecoder().decode(APIErrorBody.self, from: answer)
                #expect(error.error.message.contains(" / "), "Vietnamese and English: \(error.error.message)")
                Self.expectSecured(headers, body)
            }
        }
    }
}
