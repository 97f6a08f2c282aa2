import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskStore
import NIOCore
import Testing

@testable import KioskServer

@Suite struct CSRFTests {
    @Test func everyPostingFormOfAStaffPageCarriesTheToken() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "truong")
            let token = try await client.csrfToken(session)
            #expect(token.count >= 40)
            for path in ["/staff/calls", "/staff/slips", "/staff/paper", "/staff/ocop", "/staff/ocop/new", "/dashboard"] {
                let page = try await client.execute(uri: path, method: .get, headers: [.cookie: session]).text
                #expect(page.contains(#"<meta name="csrf-token" content="\#(token)">"#), "\(path)")
                let posting = page.components(separatedBy: "<form").dropFirst().filter { $0.prefix(while: { $0 != ">" }).contains(#"method="post""#) }
                #expect(!posting.isEmpty, "\(path) has a form that posts")
                for form in posting {
                    let afterTag = form.drop(while: { $0 != ">" }).dropFirst()
                    #expect(afterTag.hasPrefix(#"<input type="hidden" name="csrf" value="\#(token)">"#), "\(path): \(form.prefix(80))")
                }
                // Forms that only search keep no token in their address.
                for form in page.components(separatedBy: "<form").dropFirst() where form.prefix(while: { $0 != ">" }).contains(#"method="get""#) {
                    #expect(!form.prefix(300).contains(#"name="csrf""#), "\(path)")
                }
            }
            // A downloaded report is a file the head passes on: it carries no session's token.
            let report = try await client.execute(uri: "/dashboard/report?period=2026-Q3&format=html", method: .get, headers: [.cookie: session])
            #expect(report.status == .ok)
            #expect(report.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(report.text.contains("<html") && !report.text.contains(token) && !report.text.contains("csrf"))
            // Another session's token is another token; pages without a session carry none.
            #expect(try await client.csrfToken(try server.session(of: "truong")) != token)
            #expect(!(try await client.execute(uri: "/login", method: .get).text.contains("csrf")))
        }
    }

    @Test func aFormWithItsTokenIsSavedAndWithoutItNothingChanges() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "canbo")
            let token = try await client.csrfToken(session)
            let form = "id=\(UUID().uuidString)&overall=satisfied&counter=Q01&date=2026-11-23&time=10%3A00"
            let headers: HTTPFields = [.cookie: session, .contentType: "application/x-www-form-urlencoded"]

            let refused = try await client.execute(uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: form))
            #expect(refused.status == .forbidden)
            #expect(
                refused.text.contains("the form has expired; reload the page and try again")
                    || refused.text.contains("The form has expired; reload the page and try again"))
            let otherToken = try await client.csrfToken(try server.session(of: "truong"))
            let stolen = try await client.execute(
                uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: form + "&csrf=\(otherToken)"))
            #expect(stolen.status == .forbidden)
            #expect(try server.database.ratingCount() == 0)

            let saved = try await client.execute(
                uri: "/staff/paper", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(token)&" + form))
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/staff/paper?saved=new&counter=Q01")
            #expect(try server.database.ratingCount() == 1)
        }
    }

    @Test func scriptsSendTheTokenAsAHeader() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "canbo")
            let csv = "id,gtin\n"
            let bare = try await client.execute(
                uri: "/staff/ocop/import.csv?file=a.csv", method: .post, headers: [.cookie: session, .contentType: "text/csv"],
                body: ByteBuffer(string: csv))
            #expect(bare.status == .forbidden)
            #expect(bare.text.contains("reload the page"))
            let sent = try await client.execute(
                uri: "/staff/ocop/import.csv?file=a.csv", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "text/csv"]), body: ByteBuffer(string: csv))
            #expect(sent.status != .forbidden)
            #expect(sent.status != .unauthorized)
            // Without a session the script is told to sign in, not sent to a page.
            let signedOut = try await client.execute(
                uri: "/staff/ocop/import.csv?file=a.csv", method: .post, headers: [.contentType: "text/csv", .csrfToken: "x"],
                body: ByteBuffer(string: csv))
            #expect(signedOut.status == .unauthorized)
        }
    }

    @Test func aFormLargerThanTheLimitIsRefusedWithASentence() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "canbo")
            let huge = try await client.execute(
                uri: "/staff/paper", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "comment=" + String(repeating: "a", count: 70 * 1024)))
            #expect(huge.status == .contentTooLarge)
            #expect(try huge.errorMessage().contains("64 KB"))
        }
    }

    /// The guard decides on the path the router matches, so no spelling of a staff path that the router
    /// still routes (doubled or trailing slashes) goes without the token, and the others are not routed.
    @Test(arguments: [
        "//dashboard/void", "/dashboard//void", "/dashboard/void/", "///dashboard///void///", "/./dashboard/void", "/dashboard/./void",
        "/dashboard%2Fvoid", "/dashboard%2fvoid", "/%2Fdashboard/void", "/DASHBOARD/void", "/Dashboard/Void", "/api/../dashboard/void",
        "/api/%2E%2E/dashboard/void", "/login/../dashboard/void", "/dashboard/void%00", "/dashboard/void?x=/api",
    ])
    func noSpellingOfAGuardedPathSkipsTheToken(path: String) async throws {
        let (server, kiosk) = try SafeguardTests().server()
        let head = try server.session(of: "truong")
        let id = UUID().uuidString.lowercased()
        try await server.run { client in
            let body = #"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "dissatisfied"}}"#
            #expect(
                try await client.execute(uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: body)).status == .created)
            let reason = "Cán bộ bấm thử khi lắp máy".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let form: HTTPFields = [.cookie: head, .contentType: "application/x-www-form-urlencoded"]
            let voided = try await client.execute(uri: path, method: .post, headers: form, body: ByteBuffer(string: "id=\(id)&reason=\(reason)"))
            #expect([.forbidden, .notFound].contains(voided.status), "\(path): \(voided.status)")
            let logoutPath = path.replacingOccurrences(of: "dashboard/void", with: "logout").replacingOccurrences(
                of: "dashboard%2Fvoid", with: "logout"
            )
            .replacingOccurrences(of: "dashboard%2fvoid", with: "logout").replacingOccurrences(of: "DASHBOARD/void", with: "LOGOUT")
            .replacingOccurrences(of: "Dashboard/Void", with: "Logout")
            let out = try await client.execute(uri: logoutPath, method: .post, headers: form)
            #expect([.forbidden, .notFound].contains(out.status), "\(logoutPath): \(out.status)")
            // Still signed in, and the rating is not voided.
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: head]).status == .ok)
        }
        #expect(try server.database.voids().isEmpty)
    }

    @Test func onlyTheRoutedFormOfAnExemptPathIsExempt() {
        #expect(!CSRFMiddleware.isGuarded("/login"))
        #expect(!CSRFMiddleware.isGuarded("//login/"))
        #expect(!CSRFMiddleware.isGuarded("/api/v1/ratings"))
        #expect(CSRFMiddleware.isGuarded("/apiary"))
        #expect(CSRFMiddleware.isGuarded("/staff/ocop/..%2F..%2Fapi"))
        #expect(CSRFMiddleware.isGuarded("/LOGIN"))
        #expect(CSRFMiddleware.isGuarded("/./login"))
        #expect(CSRFMiddleware.isGuarded("/anything-new"))
    }
}
