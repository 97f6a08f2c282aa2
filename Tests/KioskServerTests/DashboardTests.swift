import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskOCOP
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

            // 19 satisfied of 20 today at Q01: 95 %, received a minute apart as residents rate (bursts are judged on
            // the receipt time, and this server's clock stands still), so they are stored as received then.
            let quick = try #require(try ContentLoader.load(from: configuration.contentDirectory).surveys["quick"])
            let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
            let ratings = try (0..<20).map { index in
                let at = try #require(RFC3339.parse(String(format: "2026-11-24T08:%02d:00+07:00", index)))
                let submission = RatingSubmission(
                    id: UUID(), survey: "quick", answers: ["overall": .one(index == 0 ? "dissatisfied" : "very_satisfied")], counter: "Q01",
                    channel: .touch, kiosk: "kiosk-1", createdAt: at)
                return PreparedRating(Rating(submission, survey: quick, receivedAt: at), survey: quick, timeZone: hanoi)
            }
            #expect(try database.recordAll(ratings) == 20)

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

            let logout = try await client.execute(uri: "/logout", method: .post, headers: try await client.staffHeaders(session))
            #expect(logout.status == .seeOther)
            let after = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session])
            #expect(after.status == .seeOther)
        }
    }
}

@Suite struct DashboardDetailTests {
    @Test func periodDetailHasChartsReasonsCommentsAndAlerts() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))
        // A certificate issued 1 Dec 2023 ends 30 Nov 2026, six days after the server's clock.
        try database.addOCOPProduct(
            OCOPProduct(
                id: "nuoc-mam", name: LocalizedText(vi: "Nước mắm Cát Hải"), group: .food,
                certificate: OCOPCertificate(stars: 4, number: "1234/QĐ-UBND", issued: LocalDate(year: 2023, month: 12, day: 1), authority: "UBND"),
                producer: OCOPProducer(name: "HTX Cát Hải", address: "Cát Hải"), gtin: "8931234567897"), by: nil, now: Date())
        try await TestServer.withLiveServer(configuration) { client in
            // Four dissatisfied at Q02 within the hour before the server's clock (10:00): a burst.
            for index in 0..<4 {
                let response = try await client.postRating(
                    #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": ["waited_too_long"]}, "counter": "Q02", "comment": "Chờ lâu quá, gọi 0912345678", "createdAt": "2026-11-24T09:1\#(index):00+07:00"}"#
                )
                #expect(response.status == .created)
            }
            let session = try await client.signIn("truong", "mat-khau-rat-dai")
            let page = try await client.execute(uri: "/dashboard?period=2026-W48", method: .get, headers: [.cookie: session]).text
            #expect(page.contains("Chi tiết kỳ: tuần 48 năm 2026 (23/11/2026 – 29/11/2026)"))
            #expect(page.components(separatedBy: "<svg xmlns").count - 1 == 5)  // trend, heat map, three breakdowns (not the rate bars)
            #expect(page.contains("Phải chờ quá lâu"))
            #expect(page.contains("Chờ lâu quá, gọi [đã ẩn]"))
            #expect(!page.contains("0912345678"))
            #expect(page.contains("4 đánh giá không hài lòng tại Quầy số 2 trong 1 giờ qua."))
            #expect(page.contains("Giấy chứng nhận OCOP của Nước mắm Cát Hải (1234/QĐ-UBND) hết hạn ngày 30/11/2026, còn 6 ngày."))
            let bad = try await client.execute(uri: "/dashboard?period=2026-Q9", method: .get, headers: [.cookie: session]).text
            #expect(bad.contains("“2026-Q9” không phải là một kỳ báo cáo."))
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"kiosk_alerts_active{kind="dissatisfied_burst"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"kiosk_alerts_active{kind="rolling_below_target"} 0"#))
            #expect(metrics.contains(#"kiosk_alerts_active{kind="ocop_certificate"} 1"#))
        }
    }
}

@Suite struct PaperFormsTests {
    @Test func staffTypeInAPaperFormOnceEvenWhenSubmittedTwice() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "canbo", role: .staff, passwordHash: Bcrypt.hash("mat-khau-can-bo", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let page = try await client.execute(uri: "/staff/paper", method: .get, headers: [.cookie: session]).text
            #expect(page.contains("name=\"overall\" value=\"very_satisfied\""))
            let id = try #require(page.range(of: #"name="id" value=""#).map { String(page[$0.upperBound...].prefix(36)) })
            let form =
                "id=\(id)&overall=dissatisfied&reasons=attitude&reasons=extra_papers&counter=Q05&date=2026-11-23&time=15%3A20&comment=G%E1%BB%8Di+0912345678"
            let headers = try await client.staffHeaders(session, [.contentType: "application/x-www-form-urlencoded"])
            let saved = try await client.execute(uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: form))
            #expect(saved.headers[.location] == "/staff/paper?saved=new&counter=Q05")
            let again = try await client.execute(uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: form))
            #expect(again.headers[.location] == "/staff/paper?saved=again&counter=Q05")
            let missing = try await client.execute(
                uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: "id=\(UUID().uuidString)&date=2026-11-23&time=10%3A00")
            )
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("answers.overall is required"))
        }
        let uuid = try #require(try database.latestRatings(limit: 1).first?.id)
        let stored = try #require(try database.rating(id: uuid))
        #expect(stored.channel == .paper)
        #expect(stored.counter == "Q05")
        #expect(stored.answers["reasons"] == .many(["attitude", "extra_papers"]))
        #expect(stored.comment == "Gọi [đã ẩn]")
        #expect(RFC3339.format(stored.createdAt, in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!) == "2026-11-23T15:20:00+07:00")
        #expect(try database.ratingCount() == 1)
    }
}
