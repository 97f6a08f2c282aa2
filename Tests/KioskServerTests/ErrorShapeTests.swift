import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskHTTP
import KioskServer
import KioskStore
import Testing

@Suite struct ErrorShapeTests {
    @Test("the centre's refusals are {error: {message, field}}, the shape the hub answers too, with the security headers")
    func refusalsHaveOneShape() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let secret = try database.createToken(name: "thanh-pho", role: .head)
        try await TestServer.withLiveServer(configuration) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            let cases: [(label: String, response: TestResponse, status: HTTPResponse.Status, field: String?)] = [
                ("bad by", try await client.execute(uri: "/api/v1/stats?by=planet", method: .get, headers: bearer), .badRequest, "by"),
                ("bad period", try await client.execute(uri: "/api/v1/stats?period=2026-Q9", method: .get, headers: bearer), .badRequest, "period"),
                ("bad day", try await client.execute(uri: "/api/v1/stats?from=tomorrow", method: .get, headers: bearer), .badRequest, "from"),
                ("no sign-in", try await client.execute(uri: "/api/v1/stats", method: .get), .unauthorized, nil),
                ("not JSON", try await client.postRating("{\"id\": "), .badRequest, nil),
            ]
            for (label, response, status, field) in cases {
                #expect(response.status == status, "\(label)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(label)")
                let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(response.text.utf8))
                #expect(body.error.field == field, "\(label)")
                #expect(body.error.message.count > 10, "\(label)")
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: [String: String]]
                let names = Set(object?["error"].map { Array($0.keys) } ?? [])
                #expect(!names.isEmpty && names.isSubset(of: ["message", "field"]), "\(label)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff" && response.headers[.xFrameOptions] == "DENY", "\(label)")
            }
        }
    }
}
