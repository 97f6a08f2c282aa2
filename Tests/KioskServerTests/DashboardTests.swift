import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore
import Testing

@Suite struct DashboardTests {
    @Test func dashboardNeedsASignInAndThenShowsTheRates() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            let anonymous = try await client.execute(uri: "/dashboard", method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/login") == true)

            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=truong&password=sai"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)

            // 19 satisfied of 20 today at Q01: 95 %.
            for index in 0..<20 {
                let choice = index == 0 ? "dissatisfied" : "very_satisfied"
                let response = try await client.postRating(
                    #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "\#(choice)"}, "counter": "Q01", "createdAt": "2026-11-24T08:00:00+07:00"}"#)
                #expect(response.status == .created)
            }

            let login = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=truong&password=mat-khau-rat-dai&next=%2Fdashboard"))
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let session = String(cookie.split(separator: ";")[0])

            let page = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(page.text.contains("95,0 %"))
            #expect(page.text.contains("n=20"))
            #expect(page.text.contains("Chưa đủ 30 đánh giá"))

            let logout = try await client.execute(uri: "/logout", method: .post, headers: [.cookie: session])
            #expect(logout.status == .seeOther)
            let after = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session])
            #expect(after.status == .seeOther)
        }
    }
}
