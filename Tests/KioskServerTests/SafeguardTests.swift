import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskServer
@_spi(Testing) import KioskStore
import NIOCore
import Testing

/// Misuse, voids, the audit log and personal data, through the real server: a kiosk floods the rating API,
/// the head voids a rating on the dashboard, exports are recorded, and only an administrator reads the log.
@Suite struct SafeguardTests {
    /// A server with one user of each role and the hall kiosk `kiosk-1` paired (its bearer token).
    func server() throws -> (SecurityServer, HTTPFields) {
        let server = try SecurityServer()
        let token = try server.database.addKiosk(id: "kiosk-1", counter: nil, actor: "test").token
        return (server, [.authorization: "Bearer \(token)", .contentType: "application/json"])
    }

    func rating(secondsBefore: Double, choice: String = "very_satisfied", comment: String? = nil) -> String {
        let created = RFC3339.format(TestServer.now.addingTimeInterval(-secondsBefore), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        let text = comment.map { #", "comment": "\#($0)""# } ?? ""
        return
            #"{"id": "\#(UUID().uuidString)", "survey": "quick", "answers": {"overall": "\#(choice)"}, "counter": "Q01", "createdAt": "\#(created)"\#(text)}"#
    }

    @Test func aFloodFromOneKioskIsKeptFlaggedAndLeftOutOfTheRate() async throws {
        let (server, kiosk) = try server()
        let head = try server.session(of: "truong")
        try await server.run { client in
            var flags: [String] = []
            // 30 presses in 10 seconds.
            for index in 0..<30 {
                let response = try await client.execute(
                    uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: rating(secondsBefore: 10 - Double(index) / 3)))
                #expect(response.status == .created)
                flags.append((try response.json()["excluded"] as? String) ?? "counted")
            }
            #expect(flags == Array(repeating: "counted", count: 10) + Array(repeating: "misuse", count: 20))

            let page = try await client.execute(uri: "/dashboard?period=2026-11-24", method: .get, headers: [.cookie: head]).text
            #expect(page.contains("Không tính vào tỷ lệ / Not counted: 20 bấm liên tục (misuse)"))
            #expect(page.contains("20 đánh giá từ"))
            #expect(page.contains("n=10"))
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"kind="misuse_burst""#))

            // Paper forms typed in quickly are no burst.
            let paper = try await client.staffHeaders(head, [.contentType: "application/x-www-form-urlencoded"])
            for _ in 0..<12 {
                let form = "id=\(UUID().uuidString.lowercased())&overall=satisfied&counter=Q02&date=2026-11-24&time=09%3A59"
                let saved = try await client.execute(uri: "/staff/paper", method: .post, headers: paper, body: ByteBuffer(string: form))
                #expect(saved.status == .seeOther)
            }
        }
        let figures = try await server.database.figures(TallyFilter(), reporting: ReportingSettings()).overall
        #expect(figures.valid == 22)
        #expect(figures.excluded == ["misuse": 20])
        #expect(try server.database.verify(timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!).problems == [])
    }

    @Test func aCommentFullOfPhoneAndIDNumbersIsStoredWithoutThem() async throws {
        let (server, kiosk) = try server()
        let typed = "Gọi tôi 0912 345 678 hoặc +84 98-765-4321, CCCD 001203004567, CMND 123456789, email an.nguyen@example.vn"
        let id = UUID()
        try await server.run { client in
            let body = #"{"id": "\#(id.uuidString)", "survey": "quick", "answers": {"overall": "dissatisfied"}, "comment": "\#(typed)"}"#
            let response = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: body))
            #expect(response.status == .created)
            #expect(!response.text.contains("0912") && !response.text.contains("001203004567"))
        }
        let stored = try #require(try server.database.rating(id: id)?.comment)
        for secret in ["0912 345 678", "98-765-4321", "001203004567", "123456789", "an.nguyen@example.vn"] { #expect(!stored.contains(secret)) }
        #expect(stored == "Gọi tôi [đã ẩn] hoặc [đã ẩn], CCCD [đã ẩn], CMND [đã ẩn], email [đã ẩn]")
        // Nor is it anywhere else in the file: the fingerprint is a digest.
        let everything = try await server.database.textsForTesting("SELECT id || answers || fingerprint || hash || prev_hash FROM rating").joined()
        #expect(!everything.contains("Gọi tôi"))
    }

    @Test func theHeadVoidsARatingOnTheDashboardAndTheAuditLogSaysSo() async throws {
        let (server, kiosk) = try server()
        let head = try server.session(of: "truong")
        let admin = try server.session(of: "quantri")
        let id = UUID().uuidString.lowercased()
        try await server.run { client in
            let body = #"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "dissatisfied"}, "comment": "Máy thử"}"#
            #expect(
                try await client.execute(uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: body)).status == .created)
            let dashboard = try await client.execute(uri: "/dashboard?period=2026-11", method: .get, headers: [.cookie: head]).text
            #expect(dashboard.contains("/dashboard/void?id=\(id)"))
            let form = try await client.execute(uri: "/dashboard/void?id=\(id)", method: .get, headers: [.cookie: head])
            #expect(form.status == .ok)
            #expect(form.text.contains(#"<form method="post" action="/dashboard/void" class="void">"#))

            let headers = try await client.staffHeaders(head, [.contentType: "application/x-www-form-urlencoded"])
            let short = try await client.execute(
                uri: "/dashboard/void", method: .post, headers: headers, body: ByteBuffer(string: "id=\(id)&reason=sai"))
            #expect(short.status == .badRequest)
            #expect(short.text.contains("ít nhất 10 ký tự"))
            let reason = "Cán bộ bấm thử khi lắp máy".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let done = try await client.execute(
                uri: "/dashboard/void", method: .post, headers: headers, body: ByteBuffer(string: "id=\(id)&reason=\(reason)"))
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/dashboard/void?id=\(id)&done=1")
            let again = try await client.execute(
                uri: "/dashboard/void", method: .post, headers: headers, body: ByteBuffer(string: "id=\(id)&reason=\(reason)"))
            #expect(again.status == .conflict)

            // An administrator sees the dashboard but does not void; staff do not see it at all.
            let adminHeaders = try await client.staffHeaders(admin, [.contentType: "application/x-www-form-urlencoded"])
            let byAdmin = try await client.execute(
                uri: "/dashboard/void", method: .post, headers: adminHeaders, body: ByteBuffer(string: "id=\(id)&reason=\(reason)"))
            #expect(byAdmin.status == .forbidden)
            #expect(
                try await client.execute(uri: "/dashboard/void", method: .get, headers: [.cookie: try server.session(of: "canbo")]).status
                    == .forbidden)

            let log = try await client.execute(uri: "/admin/audit?action=rating.void", method: .get, headers: [.cookie: admin]).text
            #expect(log.contains(#"data-action="rating.void""#))
            #expect(log.contains("Cán bộ bấm thử khi lắp máy"))
        }
        let overall = try await server.database.figures(TallyFilter(), reporting: ReportingSettings()).overall
        #expect(overall.valid == 0)
        #expect(overall.excluded == ["voided": 1])
        let entry = try #require(try server.database.auditLog(actionPrefix: "rating.void").first)
        #expect(entry.actor == "truong")
        #expect(entry.address == "127.0.0.1")
        #expect(try server.database.verify(timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!).problems == [])
    }

    @Test func exportsAreRecordedAndOnlyAnAdministratorReadsTheLog() async throws {
        let (server, _) = try server()
        let head = try server.session(of: "truong")
        let staff = try server.session(of: "canbo")
        let admin = try server.session(of: "quantri")
        try await server.run { client in
            let report = try await client.execute(uri: "/dashboard/report?period=2026-Q3&format=csv", method: .get, headers: [.cookie: head])
            #expect(report.status == .ok)
            let registry = try await client.execute(uri: "/staff/ocop/export.json", method: .get, headers: [.cookie: staff])
            #expect(registry.status == .ok)

            for session in [staff, head] {
                let refused = try await client.execute(uri: "/admin/audit", method: .get, headers: [.cookie: session])
                #expect(refused.status == .forbidden)
                #expect(!refused.text.contains("export.report"))
            }
            #expect(try await client.execute(uri: "/admin/audit", method: .get).status == .seeOther)
            let page = try await client.execute(uri: "/admin/audit", method: .get, headers: [.cookie: admin])
            #expect(page.status == .ok)
            #expect(page.text.contains("2026-Q3 csv"))
            #expect(page.text.contains("registry json"))
            let exports = try await client.execute(uri: "/admin/audit?action=export.ocop", method: .get, headers: [.cookie: admin]).text
            #expect(exports.contains(#"data-action="export.ocop""#))
            #expect(!exports.contains(#"data-action="export.report""#))
        }
        let events = try server.database.auditLog(actionPrefix: "export")
        #expect(events.map(\.action) == ["export.ocop", "export.report"])
        #expect(events.map(\.actor) == ["canbo", "truong"])
        #expect(events.last?.detail == "2026-Q3 csv")
    }
}
