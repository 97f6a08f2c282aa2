import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskCore
import KioskHTTP
import KioskHub
import KioskHubClient
import KioskServer
import KioskStore
import PostgresNIO
import TestSupport
import Testing

extension HubTests {
    @Test("the city dashboard and every hub answer carry the centre's security headers; the page needs no inline style attribute")
    func securityHeaders() async throws {
        try await withHub { _, database, hub in
            let reader = try await database.addReader(name: "so-noi-vu")
            let page = hub.url.appendingPathComponent("hub/")
            let answers = [
                try await hubExchange(page, token: reader), try await hubExchange(page),
                try await hubExchange(hub.url.appendingPathComponent("hub/v1/push"), method: "POST", token: "hub_wrong", body: Data("{}".utf8)),
                try await hubExchange(hub.url.appendingPathComponent("hub/nothing-here")),
                try await hubExchange(hub.url.appendingPathComponent("hub/health")),
            ]
            #expect(answers.map(\.0) == [200, 401, 401, 404, 200])
            for (status, headers, _) in answers {
                #expect(headers[.xFrameOptions] == "DENY", "\(status)")
                #expect(headers[.xContentTypeOptions] == "nosniff", "\(status)")
                #expect(headers[.referrerPolicy] == "same-origin", "\(status)")
                #expect(headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(status)")
                #expect(headers[.permissionsPolicy] != nil && headers[.crossOriginOpenerPolicy] == "same-origin", "\(status)")
            }
            // The page's stylesheet is allowed by its hash, and it has no style attribute a strict policy would block.
            let html = String(decoding: answers[0].2, as: UTF8.self)
            #expect(answers[0].1[.contentSecurityPolicy] == ContentSecurityPolicy.allowingStyles(of: html))
            #expect(answers[0].1[.contentSecurityPolicy]?.contains("'sha256-") == true)
            #expect(!html.contains("style=\""))
        }
    }

    @Test("a client that sends its headers a byte at a time is cut off by the idle timeout, at the hub and at the centre")
    func slowClientIsCutOff() async throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 1
        limits.requestTimeout = 2
        try await withHub(http: limits) { _, _, hub in
            let seconds = try await SlowClient.secondsUntilClosed(port: hub.port)
            #expect(seconds != nil && seconds! >= 0.8 && seconds! < 3.5, "hub: \(String(describing: seconds))")
        }
        var configuration = ServerConfiguration()
        configuration.contentDirectory = KioskCLIPaths.content
        configuration.dataDirectory = Decoder.temporaryFolder("centre-slow")
        configuration.port = 0
        configuration.logLevel = .critical
        configuration.http = limits
        defer { try? FileManager.default.removeItem(at: configuration.dataDirectory) }
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let seconds = try await SlowClient.secondsUntilClosed(port: client.port ?? 0)
            #expect(seconds != nil && seconds! >= 0.8 && seconds! < 3.5, "centre: \(String(describing: seconds))")
        }
    }

    @Test("a centre whose chain no longer extends what it pushed is refused with 409 and alerted; accept-chain lets it through")
    func rewrittenChainIsRefused() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-CHAIN")
            defer { centre.remove() }
            try centre.record(count: 60, seed: 81, from: november.0, to: november.1)
            let token = try await database.addCentre(code: centre.code, name: "Phường Chuỗi", kind: .ward)
            #expect(try await centre.pusher(hub: hub.url, token: token).pushPending().stored == 60)

            // The same centre, its store replaced by another one (rewritten, or put back from elsewhere).
            let rewritten = try TestCentre(code: centre.code)
            defer { rewritten.remove() }
            try rewritten.record(count: 25, seed: 82, from: november.0, to: november.1)
            await #expect(throws: HubPushError.self) { try await rewritten.pusher(hub: hub.url, token: token).pushPending() }
            let batch = HubPushBatch(ratings: try rewritten.database.ratingsForHub(after: 0, limit: 500, timeZone: hoChiMinh))
            let (status, data) = try await hubRequest(
                hub.url.appendingPathComponent("hub/v1/push"), method: "POST", token: token, body: try JSONEncoder().encode(batch))
            #expect(status == 409)
            #expect(errorMessage(data)?.contains("no longer extends what it pushed before") == true)
            #expect(try await hubCounts(database, centre: centre.code) == (60, 60, 60))
            // The original store's last rating rewritten in place: the next new rating no longer links to what the hub saw.
            var tampered = try centre.database.ratingsForHub(after: 0, limit: 500, timeZone: hoChiMinh)
            tampered[59].hash = String(repeating: "e", count: 64)
            var next = tampered[59]
            next.id = UUID()
            next.seq = 61
            next.prevHash = tampered[59].hash
            next.hash = String(repeating: "f", count: 64)
            await #expect(throws: HubError.self) { try await database.push(HubPushBatch(ratings: [next]), from: centre.code) }

            let alerts = try await database.alerts()
            #expect(alerts.map(\.centre) == [centre.code] && alerts.first?.kind == .chainBroken && (alerts.first?.times ?? 0) >= 3)
            let reader = try await database.addReader(name: "thanh-pho")
            let page = String(decoding: try await hubRequest(hub.url.appendingPathComponent("hub/"), token: reader).1, as: UTF8.self)
            #expect(page.contains("data-alerts") && page.contains(centre.code) && page.contains("no longer extends"))

            // The original centre goes on: its chain still extends, so it is taken.
            try centre.record(count: 10, seed: 83, from: november.1, to: november.1)
            #expect(try await centre.pusher(hub: hub.url, token: token).pushPending().stored == 10)
            // Accepting the new chain clears the alert; the rewritten store is witnessed from then on.
            try await database.acceptChain(of: centre.code)
            #expect(try await database.alerts().isEmpty)
            #expect(try await rewritten.pusher(hub: hub.url, token: token).pushPending().stored == 25)
        }
    }

    @Test("a year-0 rating at a centre: refused at the hub, listed, counted and alerted at the centre; later ratings arrive")
    func yearZeroDoesNotBlock() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-YEAR0")
            defer { centre.remove() }
            try centre.record(count: 10, seed: 91, from: november.0, to: november.1)
            let survey = SampleSurvey.quick
            // 0000-06-01T00:00:00Z, which a centre stored before its checks refused such dates.
            let yearZero = Date(timeIntervalSince1970: Double(LocalDate(year: 0, month: 6, day: 1).julianDay - 2_440_588) * 86_400)
            let submission = RatingSubmission(
                id: UUID(), survey: "quick", answers: ["overall": .one("satisfied")], counter: "Q01", channel: .touch, createdAt: yearZero)
            let bad = Rating(submission, survey: survey, receivedAt: yearZero)
            _ = try centre.database.record([PreparedRating(bad, survey: survey, timeZone: hoChiMinh)])
            try centre.record(count: 10, seed: 92, from: november.1, to: november.1)
            let token = try await database.addCentre(code: centre.code, name: "Phường Năm Không", kind: .ward)
            let tokenFile = centre.folder.appendingPathComponent("hub.token")
            try Data((token + "\n").utf8).write(to: tokenFile)
            try centre.database.addUser(name: "truong", role: .head, passwordHash: Bcrypt.hash("mat-khau-rat-dai", cost: 4))

            // The centre's own server, pushing in the background as kiosk serve --hub-url does.
            var configuration = ServerConfiguration()
            configuration.contentDirectory = KioskCLIPaths.content
            configuration.dataDirectory = centre.folder
            configuration.port = 0
            configuration.logLevel = .critical
            var settings = try HubPushSettings(url: hub.url, tokenFile: tokenFile)
            settings.interval = .milliseconds(50)
            settings.initialBackoff = .milliseconds(50)
            configuration.hubPush = settings
            let app = try await buildApplication(configuration)
            try await app.test(.live) { client in
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: .seconds(30))
                while try centre.database.hubPushCursor(hub: hub.url.absoluteString).ratingSeq < 21, clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try await hubCounts(database, centre: centre.code) == (20, 20, 20))
                let refusals = try centre.database.hubPushRefusals(hub: hub.url.absoluteString)
                #expect(refusals.map(\.id) == [bad.id.uuidString.lowercased()] && refusals.first?.status == "refused")
                #expect(refusals.first?.message?.contains("localDay") == true)
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(metrics.contains(#"kiosk_hub_push_refused_total{kind="rating",status="refused"} 1"#), "\(metrics)")
                let cookie = try await client.signIn("truong", "mat-khau-rat-dai")
                let dashboard = String(buffer: try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: cookie]).body)
                #expect(dashboard.contains("Máy chủ thành phố đã từ chối 1 đánh giá"))
            }
            // The catch-up command lists it, with the hub's sentence.
            let run = try ProgramRun(
                KioskCLIPaths.binary.path,
                [
                    "hub", "push", "--data", centre.folder.path, "--content", KioskCLIPaths.content.path, "--hub", hub.url.absoluteString,
                    "--token-file", tokenFile.path,
                ])
            let output = String(decoding: run.output, as: UTF8.self)
            #expect(run.status == 0, "\(String(decoding: run.error, as: UTF8.self))")
            #expect(output.contains("rating \(bad.id.uuidString.lowercased())") && output.contains("localDay"), "\(output)")
        }
    }
}

/// The sample content and the built `kiosk` binary.
enum KioskCLIPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = root.appendingPathComponent("kiosk-content")
    static let binary =
        ProcessInfo.processInfo.environment["KIOSK_BIN"].map { URL(fileURLWithPath: $0) }
        ?? root.appendingPathComponent(".build/debug/kiosk")
}

extension TestClientProtocol {
    /// Signs in through the login form and returns the session cookie (`kiosk_session=…`).
    func signIn(_ name: String, _ password: String) async throws -> String {
        let login = try await execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "name=\(name)&password=\(password)"))
        return String((login.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
    }
}
