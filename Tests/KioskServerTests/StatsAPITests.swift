import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore
import Testing

@Suite struct StatsAPITests {
    @Test func tokensAndSessionsReadTheFigures() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let secret = try database.createToken(name: "thanh-pho", role: .head)
        let revoked = try database.createToken(name: "cu", role: .head)
        try database.revokeToken(name: "cu")
        try database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            for index in 0..<4 {
                let choice = index == 0 ? "dissatisfied" : "very_satisfied"
                _ = try await client.postRating(
                    #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "\#(choice)"}, "counter": "Q0\#(index + 1)", "createdAt": "2026-11-20T08:00:00+07:00"}"#
                )
            }
            #expect(try await client.execute(uri: "/api/v1/stats?period=2026-11", method: .get).status == .unauthorized)
            let wrong = try await client.execute(uri: "/api/v1/stats?period=2026-11", method: .get, headers: [.authorization: "Bearer \(revoked)"])
            #expect(wrong.status == .unauthorized)

            let byToken = try await client.execute(
                uri: "/api/v1/stats?period=2026-11&by=counter", method: .get, headers: [.authorization: "Bearer \(secret)"])
            #expect(byToken.status == .ok)
            let report = try byToken.json()
            #expect(report["total"] as? Int == 4)
            #expect(report["rate"] as? Double == 0.75)
            #expect(report["period"] as? String == "2026-11")
            #expect((report["groups"] as? [[String: Any]])?.count == 4)

            let session = try await client.signIn("truong", "mat-khau-rat-dai")
            let bySession = try await client.execute(uri: "/api/v1/stats?from=2026-11-20&to=2026-11-20", method: .get, headers: [.cookie: session])
            #expect(try bySession.json()["valid"] as? Int == 4)
            let bad = try await client.execute(uri: "/api/v1/stats?period=2026-Q9", method: .get, headers: [.cookie: session])
            #expect(bad.status == .badRequest)
            #expect(try bad.errorMessage().contains("is not a period"))
        }
    }
}
