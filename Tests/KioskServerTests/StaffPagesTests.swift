import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskPrint
import NIOCore
import Testing

@testable import KioskServer

/// The staff and head pages as a browser gets them: one layout, tabs that only name pages the role may
/// open, print forms that post where they should, and errors as Vietnamese pages (JSON only for scripts).
@Suite struct StaffPagesTests {
    static let pages = ["/dashboard", "/staff/slips", "/staff/calls", "/staff/paper", "/staff/ocop", "/admin/audit"]

    /// The `href`s of the page's tabs.
    static func tabs(_ html: String) -> [String] {
        guard let start = html.range(of: "<nav class=\"tabs\" aria-label=\"Các trang / Pages\">"),
            let end = html[start.upperBound...].range(of: "</nav>")
        else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func everyRoleSeesTabsToThePagesItMayOpenAndTheyAllOpen() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let expected: [String: Set<String>] = [
                "canbo": ["/staff/slips", "/staff/calls", "/staff/paper", "/staff/ocop"],
                "truong": ["/dashboard", "/staff/slips", "/staff/calls", "/staff/paper", "/staff/ocop"],
                "quantri": ["/dashboard", "/staff/slips", "/staff/calls", "/staff/paper", "/staff/ocop", "/admin/audit"],
            ]
            for (name, _) in SecurityServer.people {
                let session = try server.session(of: name)
                for page in Self.pages {
                    let response = try await client.execute(uri: page, method: .get, headers: [.cookie: session])
                    guard response.status == .ok else {
                        #expect(!(expected[name]!.contains(page)), "\(name) may not open \(page): \(response.status)")
                        continue
                    }
                    let html = response.text
                    // One layout: the same head and header on every page, the CSRF token in the head.
                    #expect(html.hasPrefix("<!doctype html>\n<html lang=\"vi\">\n<head><meta name=\"csrf-token\""), "\(page)")
                    #expect(html.contains("<link rel=\"stylesheet\" href=\"/static/staff.css\">"), "\(page)")
                    #expect(html.contains("<button type=\"submit\">Đăng xuất / Sign out</button>"), "\(page)")
                    let links = Self.tabs(html)
                    // The current page is named, not linked; every other tab is one the role may open.
                    #expect(Set(links).union([page]) == expected[name]!, "\(name) on \(page): \(links)")
                    #expect(html.contains("aria-current=\"page\""), "\(page)")
                    for link in links {
                        let opened = try await client.execute(uri: link, method: .get, headers: [.cookie: session])
                        #expect(opened.status == .ok, "\(name): the tab \(link) of \(page) answers \(opened.status)")
                    }
                }
            }
        }
    }

    /// Every print form of /staff/slips: (the path it posts to, the printer it names).
    static func printForms(_ html: String) -> [(action: String, printer: String)] {
        html.components(separatedBy: "<form method=\"post\" action=\"").dropFirst().compactMap { form in
            let action = String(form.prefix { $0 != "\"" })
            guard action.hasSuffix("/print"), let value = form.range(of: "name=\"printer\" value=\"") else { return nil }
            return (action, String(form[value.upperBound...].prefix { $0 != "\"" }))
        }
    }

    @Test func everySlipPrintFormPostsToItsTopicAndNamesAPrinter() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let html = try await client.execute(uri: "/staff/slips", method: .get, headers: [.cookie: try server.session(of: "canbo")]).text
            let content = try ContentLoader.load(from: server.configuration.contentDirectory)
            let forms = Self.printForms(html)
            #expect(forms.count == content.help.count * content.centre.printers.count)
            for topic in content.help {
                let printers = forms.filter { $0.action == "/staff/slips/\(topic.id)/print" }.map(\.printer)
                #expect(printers == content.centre.printers.map(\.id), "\(topic.id)")
            }
        }
    }

    /// Headers of a browser's form post: the session cookie, a form body, HTML wanted.
    static func browser(_ session: String) -> HTTPFields {
        [.cookie: session, .contentType: "application/x-www-form-urlencoded", .accept: "text/html,application/xhtml+xml"]
    }

    @Test func aWrongPrintFormIsAVietnamesePageForABrowserAndJSONForAScript() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "canbo")
            let token = try await client.csrfToken(session)
            let cases: [(path: String, body: String, status: HTTPResponse.Status, sentence: String)] = [
                ("/staff/slips/vneid-cai-dat/print", "printer=khong-co", .badRequest, "Không có máy in này trong centre.toml."),
                ("/staff/slips/khong-co/print", "printer=quay-tiep-nhan", .notFound, "Không có chủ đề hướng dẫn này."),
                ("/staff/slips/vneid-cai-dat/print", "lang=vi", .badRequest, "Hãy chọn một máy in."),
            ]
            for item in cases {
                let page = try await client.execute(
                    uri: item.path, method: .post, headers: Self.browser(session), body: ByteBuffer(string: "\(item.body)&csrf=\(token)"))
                #expect(page.status == item.status)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.text.contains(item.sentence), "\(item.path) \(item.body)")
                #expect(page.text.contains("href=\"/staff/slips\">Quay lại"))
                let script = try await client.execute(
                    uri: item.path, method: .post,
                    headers: try await client.staffHeaders(session, [.contentType: "application/x-www-form-urlencoded"]),
                    body: ByteBuffer(string: item.body))
                #expect(script.status == item.status)
                #expect(script.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(try !script.errorMessage().isEmpty)
            }
        }
    }

    /// Period names that are not periods: near misses of every form and random text.
    static func badPeriods(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["2026", "Q", "H", "W", "-", "reform", "9M", "13", "0", "5", "x", "quý", " ", "2026-11-31", "1999"]
        var out = ["quy-3", "2026-Q5", "2026-H3", "2026-13", "reform-2026-Q9", "2026-W99", "hôm nay", "1999", "2026-"]
        while out.count < count {
            let text = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if (try? ReportingPeriod.parse(text)) == nil { out.append(text) }
        }
        return out
    }

    @Test func aBadPeriodIsAVietnameseSentenceOnTheDashboardAndTheReport() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try server.session(of: "truong")
            for period in Self.badPeriods(count: 40) {
                let query = period.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let dashboard = try await client.execute(uri: "/dashboard?period=\(query)", method: .get, headers: [.cookie: session])
                #expect(dashboard.status == .ok)
                let sentence = StaffSentences.badPeriod(period)
                #expect(dashboard.text.contains("<p class=\"error\" role=\"alert\">\(escaped(sentence))</p>"), "\(period)")
                let report = try await client.execute(
                    uri: "/dashboard/report?period=\(query)&format=pdf", method: .get, headers: [.cookie: session, .accept: "text/html"])
                #expect(report.status == .badRequest)
                #expect(report.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(report.text.contains(escaped(sentence)), "\(period)")
                let json = try await client.execute(
                    uri: "/dashboard/report?period=\(query)&format=pdf", method: .get, headers: [.cookie: session, .accept: "application/json"])
                #expect(json.status == .badRequest)
                #expect(try json.errorMessage().contains("is not a period"))
            }
        }
    }

    /// Text as the templates escape it.
    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func everyPrintFailureHasAVietnameseSentenceNamingThePrinter() {
        for kind in PrintError.Kind.allCases {
            let sentence = StaffSentences.printFailed(kind, printer: "Máy in quầy 1")
            #expect(sentence.contains("“Máy in quầy 1”"), "\(kind)")
            #expect(sentence.hasPrefix("Chưa in"), "\(kind)")
            #expect(sentence.hasSuffix("."), "\(kind)")
            #expect(!sentence.lowercased().contains("printer"), "\(kind)")
        }
    }
}
