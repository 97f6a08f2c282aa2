import Foundation
import KioskCore
import KioskHub
import KioskHubClient
import KioskServer
import KioskStore
import PostgresNIO
import ServiceLifecycle
import TestSupport
import Testing

@Suite("City hub on a real PostgreSQL", .serialized, .enabled(if: PostgresTestServer.binaries != nil, "\(PostgresTestServer.missing)"))
struct HubTests {
    let november = (LocalDate(year: 2026, month: 11, day: 1), LocalDate(year: 2026, month: 11, day: 23))

    /// How many ratings of `centre` the hub holds, counted three ways: id table, raw table and main rollups.
    func hubCounts(_ database: HubDatabase, centre: String) async throws -> (ids: Int64, ratings: Int64, rollup: Int64) {
        let rows = try await database.client.query(
            """
            SELECT (SELECT count(*) FROM rating_id WHERE centre = \(centre)), (SELECT count(*) FROM rating WHERE centre = \(centre)),
                (SELECT COALESCE(sum(count), 0)::int8 FROM rollup_day WHERE centre = \(centre) AND dimension = 'all' AND is_main)
            """)
        for try await counts in rows.decode((Int64, Int64, Int64).self) { return counts }
        return (0, 0, 0)
    }

    @Test("two centres push at once: each rating stored once, with its centre; new ratings follow")
    func twoCentresPush() async throws {
        try await withHub { _, database, hub in
            let a = try TestCentre(code: "HP-HONGBANG")
            let b = try TestCentre(code: "HP-CATHAI")
            defer { a.remove(); b.remove() }
            try a.record(count: 1234, seed: 1, from: november.0, to: november.1)
            try b.record(count: 321, seed: 2, from: november.0, to: november.1)
            let tokenA = try await database.addCentre(code: a.code, name: "Phường Hồng Bàng", district: "Hồng Bàng", kind: .ward)
            let tokenB = try await database.addCentre(code: b.code, name: "Đặc khu Cát Hải", district: "Cát Hải", kind: .specialZone)
            async let pushedA = a.pusher(hub: hub.url, token: tokenA).pushPending()
            async let pushedB = b.pusher(hub: hub.url, token: tokenB).pushPending()
            let (summaryA, summaryB) = try await (pushedA, pushedB)
            #expect(summaryA.stored == 1234 && summaryA.pushes == 3)
            #expect(summaryB.stored == 321)
            #expect(try await hubCounts(database, centre: a.code) == (1234, 1234, 1234))
            #expect(try await hubCounts(database, centre: b.code) == (321, 321, 321))

            try a.record(count: 40, seed: 3, from: november.1, to: november.1)
            let again = try await a.pusher(hub: hub.url, token: tokenA).pushPending()
            #expect(again.stored == 40 && again.duplicates == 0)
            #expect(try await hubCounts(database, centre: a.code) == (1274, 1274, 1274))
            let city = try await database.figures(TallyFilter(from: november.0, to: november.1), centre: nil, reporting: cityReporting)
            #expect(city.overall.total == 1274 + 321)

            // A wrong token stores nothing and is answered 401.
            let (status, _) = try await hubRequest(
                hub.url.appendingPathComponent("hub/v1/push"), method: "POST", token: "hub_wrong", body: Data(#"{"ratings":[],"voids":[]}"#.utf8))
            #expect(status == 401)
        }
    }

    @Test("the hub stopped mid-push, its PostgreSQL crashed, both restarted: nothing lost, nothing doubled")
    func hubStoppedMidPush() async throws {
        try await PostgresTestServer.with { server in
            let centre = try TestCentre(code: "HP-LECHAN")
            defer { centre.remove() }
            let ratings = try centre.record(count: 4000, seed: 7, from: LocalDate(year: 2026, month: 9, day: 20), to: november.1)
            var configuration = HubConfiguration(postgresURL: server.url)
            configuration.maximumConnections = 2
            let token = try await HubDatabase.with(configuration, logger: quietLogger) {
                try await $0.addCentre(code: centre.code, name: "Phường Lê Chân", kind: .ward)
            }
            var hub = try await RunningHub.start(postgres: server.url)
            let port = hub.port
            // The centre's background task, as `kiosk serve --hub-url` runs it, with small batches.
            let service = HubPushService(pusher: centre.pusher(hub: hub.url, token: token, batchSize: 100), logger: quietLogger)
            let pushing = ServiceGroup(configuration: .init(services: [service], logger: quietLogger))
            let task = Task { try await pushing.run() }
            // Wait until some batches are in, then stop everything as a crash would.
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(60))
            while try centre.database.hubPushCursor(hub: hub.url.absoluteString).ratingSeq < 500, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            await hub.stop()
            server.stop(immediate: true)
            let cursorWhileDown = try centre.database.hubPushCursor(hub: hub.url.absoluteString).ratingSeq
            #expect(cursorWhileDown >= 500 && cursorWhileDown < 4000)
            // The centre keeps storing ratings while the hub is down.
            let more = try centre.record(count: 50, seed: 8, from: november.1, to: november.1)
            try await Task.sleep(for: .milliseconds(600))
            try server.start()
            hub = try await RunningHub.start(postgres: server.url, port: port)
            while try centre.database.hubPushCursor(hub: hub.url.absoluteString).ratingSeq < 4050, clock.now < deadline.advanced(by: .seconds(60)) {
                try await Task.sleep(for: .milliseconds(50))
            }
            await pushing.triggerGracefulShutdown()
            _ = try? await task.value
            await hub.stop()
            let total = Int64(ratings.count + more.count)
            try await HubDatabase.with(configuration, logger: quietLogger) { database in
                #expect(try await hubCounts(database, centre: centre.code) == (total, total, total))
                let atHub = try await database.figures(TallyFilter(), centre: centre.code, by: .centre(.day), reporting: cityReporting)
                let atCentre = try await centre.database.figures(TallyFilter(), by: .day, reporting: cityReporting)
                #expect(try canonicalJSON(atHub) == canonicalJSON(atCentre))
            }
        }
    }

    @Test(
        "a replayed batch stores nothing twice; a reinstalled box is refused until its chain is accepted, then its conflicting rating is refused and reported"
    )
    func replayAndConflict() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-NGOQUYEN")
            defer { centre.remove() }
            let ratings = try centre.record(count: 300, seed: 11, from: november.0, to: november.1)
            let token = try await database.addCentre(code: centre.code, name: "Phường Ngô Quyền", kind: .ward)
            let pusher = centre.pusher(hub: hub.url, token: token)
            #expect(try await pusher.pushPending().stored == 300)
            let before = try await database.figures(TallyFilter(), centre: centre.code, by: .centre(.counter), reporting: cityReporting)

            // The same batch sent again, as a push whose answer was lost would be.
            let batch = HubPushBatch(ratings: try centre.database.ratingsForHub(after: 0, limit: 500, timeZone: hoChiMinh))
            let (status, body) = try await hubRequest(
                hub.url.appendingPathComponent("hub/v1/push"), method: "POST", token: token, body: try JSONEncoder().encode(batch))
            #expect(status == 200)
            let replay = try JSONDecoder().decode(HubPushResult.self, from: body)
            #expect(replay.ratings.count == 300 && replay.ratings.allSatisfy { $0.status == .duplicate })
            // And the whole store again from the start.
            try pusher.restart()
            let again = try await pusher.pushPending()
            #expect(again.stored == 0 && again.duplicates == 300)
            #expect(try await hubCounts(database, centre: centre.code) == (300, 300, 300))

            // A reinstalled box with the same token reuses an id for another rating: refused and reported.
            let reinstalled = try TestCentre(code: centre.code)
            defer { reinstalled.remove() }
            var clash = ratings[0]
            clash.answers = ["overall": .one(clash.mainChoice == "dissatisfied" ? "very_satisfied" : "dissatisfied")]
            clash.mainChoice = clash.mainChoice == "dissatisfied" ? "very_satisfied" : "dissatisfied"
            clash.satisfied.toggle()
            clash.fingerprint = "another body"
            try reinstalled.database.record([PreparedRating(clash, survey: SampleSurvey.quick, timeZone: hoChiMinh)])
            try reinstalled.record(count: 20, seed: 12, from: november.1, to: november.1)
            let second = reinstalled.pusher(hub: hub.url, token: token)
            // Its chain starts again from the first rating: the hub, witness of the old one, refuses it until told to accept it.
            await #expect(throws: HubPushError.self) { try await second.pushPending() }
            try await database.acceptChain(of: centre.code)
            let summary = try await second.pushPending()
            #expect(summary.refused == 1 && summary.stored == 20)
            let refusals = try second.refusals()
            #expect(refusals.map(\.id) == [clash.id.uuidString.lowercased()] && refusals.first?.status == "conflict")
            #expect(try await second.pushPending().pushes == 0)
            // The hub kept its own rating under that id, not the clashing one.
            let kept = try await database.client.query(
                "SELECT main_choice FROM rating WHERE centre = \(centre.code) AND id = \(clash.id)"
            ).collect()
            #expect(kept.count == 1)
            #expect(try kept.first?.decode(String.self) == ratings[0].mainChoice)
            let whole = try await database.figures(TallyFilter(), centre: centre.code, by: .centre(.counter), reporting: cityReporting)
            #expect(whole.overall.total == before.overall.total + 20)
        }
    }

    @Test("a centre's figures at the hub equal the centre's own, for every kind of period and breakdown")
    func figuresEqualTheCentres() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-KIENAN")
            let other = try TestCentre(code: "HP-DOSON")
            defer { centre.remove(); other.remove() }
            try centre.record(count: 2500, seed: 21, from: LocalDate(year: 2025, month: 12, day: 1), to: november.1)
            try other.record(count: 400, seed: 22, from: LocalDate(year: 2026, month: 6, day: 1), to: november.1, quality: 0.99)
            let token = try await database.addCentre(code: centre.code, name: "Phường Kiến An", district: "Kiến An", kind: .ward)
            let otherToken = try await database.addCentre(code: other.code, name: "Xã Đồ Sơn", district: "Đồ Sơn", kind: .commune)
            try await centre.pusher(hub: hub.url, token: token).pushPending()
            try await other.pusher(hub: hub.url, token: otherToken).pushPending()

            let settings = ReportingSettings(target: 0.95, minimumN: 30)
            let cases: [(String, Grouping?)] = [
                ("2026-11", .counter), ("2026-11", .day), ("2026-W46", .hour), ("2026-Q3", .week), ("2026-Q3", .month), ("2026-H1", .quarter),
                ("2026", .month), ("2026", .weekday), ("2026", .weekdayHour), ("2026", .officer), ("reform-2026-Q4", .field),
                ("reform-2026", .channel), ("reform-2026-9M", .kiosk), ("2026-11-20", nil),
            ]
            for (name, grouping) in cases {
                let period = try ReportingPeriod.parse(name, settings: settings)
                let atCentre = try await centre.database.figures(of: period, by: grouping, reporting: settings)
                let atHub = try await database.figures(of: period, centre: centre.code, by: grouping.map { .centre($0) }, reporting: settings)
                #expect(try canonicalJSON(atHub) == canonicalJSON(atCentre), "\(name) by \(grouping?.rawValue ?? "nothing")")
            }
            // Open and partial ranges (days around whole months).
            for (from, to) in [(LocalDate(year: 2026, month: 2, day: 17), LocalDate(year: 2026, month: 5, day: 3)), (nil, nil)]
                as [(LocalDate?, LocalDate?)]
            {
                let filter = TallyFilter(from: from, to: to)
                let atCentre = try await centre.database.figures(filter, by: .counter, reporting: settings)
                let atHub = try await database.figures(filter, centre: centre.code, by: .centre(.counter), reporting: settings)
                #expect(try canonicalJSON(atHub) == canonicalJSON(atCentre))
            }
            // Over HTTP, with the keys of `kiosk stats` plus `centre`.
            let reader = try await database.addReader(name: "so-noi-vu")
            var components = URLComponents(url: hub.url.appendingPathComponent("hub/v1/stats"), resolvingAgainstBaseURL: false)!
            components.queryItems = [
                .init(name: "period", value: "2026-Q3"), .init(name: "centre", value: centre.code), .init(name: "by", value: "counter"),
            ]
            let (status, body) = try await hubRequest(components.url!, token: reader)
            #expect(status == 200)
            let json = try JSONSerialization.jsonObject(with: body) as! [String: Any]
            #expect(json["centre"] as? String == centre.code)
            let expected = try await centre.database.figures(
                of: ReportingPeriod.parse("2026-Q3", settings: settings), by: .counter, reporting: settings)
            #expect(try canonicalJSON(HubStatsJSON(body)) == canonicalJSON(expected))
            #expect(try await hubRequest(components.url!).0 == 401)

            // The city by centre, by district and by kind.
            components.queryItems = [.init(name: "period", value: "2026"), .init(name: "by", value: "kind")]
            let (cityStatus, cityBody) = try await hubRequest(components.url!, token: reader)
            #expect(cityStatus == 200)
            let city = try JSONSerialization.jsonObject(with: cityBody) as! [String: Any]
            let groups = (city["groups"] as? [[String: Any]] ?? []).map { $0["key"] as? String }
            #expect(groups == ["commune", "ward"])
            #expect(city["centre"] is NSNull)
            let year = try ReportingPeriod.parse("2026", settings: settings)
            let here = try await centre.database.figures(of: year, reporting: settings).overall.total
            let there = try await other.database.figures(of: year, reporting: settings).overall.total
            let sum = here + there
            #expect(city["total"] as? Int == sum)
        }
    }

    @Test("the city dashboard ranks every centre with n and interval, marks too few to judge, and needs a reader")
    func cityDashboard() async throws {
        try await withHub { _, database, hub in
            let good = try TestCentre(code: "HP-A")
            let few = try TestCentre(code: "HP-B")
            defer { good.remove(); few.remove() }
            try good.record(count: 600, seed: 31, from: november.0, to: november.1, quality: 0.98)
            try few.record(count: 12, seed: 32, from: november.0, to: november.1)
            let tokenGood = try await database.addCentre(code: good.code, name: "Phường Tốt", district: "Hồng Bàng", kind: .ward)
            let tokenFew = try await database.addCentre(code: few.code, name: "Xã Ít", district: "Thủy Nguyên", kind: .commune)
            _ = try await database.addCentre(code: "HP-C", name: "Xã Chưa Gửi", district: "Thủy Nguyên", kind: .commune)
            try await good.pusher(hub: hub.url, token: tokenGood).pushPending()
            try await few.pusher(hub: hub.url, token: tokenFew).pushPending()
            let reader = try await database.addReader(name: "thanh-pho")
            let page = hub.url.appendingPathComponent("hub/")
            #expect(try await hubRequest(page).0 == 401)
            let (status, body) = try await hubRequest(URL(string: page.absoluteString + "?period=2026-11&by=kind")!, token: reader)
            #expect(status == 200)
            let html = String(decoding: body, as: UTF8.self)
            let ranking = html.components(separatedBy: "data-ranking")[1]
            #expect(ranking.range(of: "Phường Tốt")!.lowerBound < ranking.range(of: "Xã Ít")!.lowerBound)
            #expect(ranking.contains("Xã Chưa Gửi"))
            #expect(ranking.contains("too few to judge"))
            #expect(html.contains("xã / commune") && html.contains("city average"))
            // ?by=kind groups the centres by kind: both kinds head a row of the groups' table.
            let groups = html.components(separatedBy: "data-groups")[1].components(separatedBy: "data-trend")[0]
            #expect(groups.contains("xã / commune") && groups.contains("phường / ward"))
        }
    }

    @Test("voids move a rating out of the rate at the hub, once; ratings land in their month's partition")
    func voidsAndPartitions() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-ANDUONG")
            defer { centre.remove() }
            let ratings = try centre.record(count: 200, seed: 41, from: LocalDate(year: 2026, month: 10, day: 20), to: november.1)
            let token = try await database.addCentre(code: centre.code, name: "Xã An Dương", kind: .commune)
            try await centre.pusher(hub: hub.url, token: token).pushPending()
            let before = try await database.figures(TallyFilter(), centre: centre.code, reporting: cityReporting)
            let target = ratings.first { $0.excluded == nil }!
            let voids = [
                HubVoid(seq: 1, ratingID: target.id, at: "2026-11-23T09:00:00+07:00"),
                HubVoid(seq: 2, ratingID: UUID(), at: "2026-11-23T09:00:00+07:00"),
            ]
            let first = try await database.push(HubPushBatch(voids: voids), from: centre.code)
            #expect(first.voids.map(\.status) == [.stored, .unknown])
            let second = try await database.push(HubPushBatch(voids: [voids[0]]), from: centre.code)
            #expect(second.voids.map(\.status) == [.duplicate])
            let after = try await database.figures(TallyFilter(), centre: centre.code, reporting: cityReporting)
            #expect(after.overall.total == before.overall.total)
            #expect(after.overall.valid == before.overall.valid - 1)
            #expect(after.overall.excluded["voided"] == 1)

            var partitions: [String] = []
            let rows = try await database.client.query(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'rating'::regclass ORDER BY 1")
            for try await name in rows.decode(String.self) { partitions.append(name) }
            #expect(partitions == ["rating_default", "rating_y2026m10", "rating_y2026m11"])
            let caught = try await database.client.query("SELECT count(*) FROM rating_default").collect()
            #expect(try caught.first?.decode(Int64.self) == 0)
        }
    }
}

extension HubTests {
    @Test("a void made at the centre is pushed after the ratings, and the hub's figures follow the centre's")
    func centreVoidsArePushed() async throws {
        try await withHub { _, database, hub in
            let centre = try TestCentre(code: "HP-THUYNGUYEN")
            defer { centre.remove() }
            let ratings = try centre.record(count: 150, seed: 51, from: november.0, to: november.1)
            let token = try await database.addCentre(code: centre.code, name: "Xã Thủy Nguyên", kind: .commune)
            let pusher = centre.pusher(hub: hub.url, token: token)
            try await pusher.pushPending()
            try centre.database.addUser(name: "truong", role: .head, passwordHash: "x")
            for rating in ratings.filter({ $0.excluded == nil }).prefix(3) {
                try centre.database.void(
                    rating: rating.id, reason: "Cán bộ bấm thử khi lắp máy", by: "truong", at: Date(), timeZone: hoChiMinh)
            }
            let summary = try await pusher.pushPending()
            #expect(summary.voids == 3 && summary.stored == 0)
            #expect(try await pusher.pushPending().pushes == 0)
            let settings = ReportingSettings(target: 0.95, minimumN: 30)
            let period = try ReportingPeriod.parse("2026-11", settings: settings)
            let atCentre = try await centre.database.figures(of: period, by: .counter, reporting: settings)
            let atHub = try await database.figures(of: period, centre: centre.code, by: .centre(.counter), reporting: settings)
            #expect(atHub.overall.excluded["voided"] == 3)
            #expect(try canonicalJSON(atHub) == canonicalJSON(atCentre))
        }
    }
}

/// The body of `/hub/v1/stats`, re-encoded as it came.
struct HubStatsJSON: Encodable {
    let object: [String: Any]
    init(_ data: Data) throws { object = try JSONSerialization.jsonObject(with: data) as! [String: Any] }
    func encode(to encoder: any Swift.Encoder) throws {
        var container = encoder.singleValueContainer()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try container.encode(try JSONDecoder().decode(JSONValue.self, from: data))
    }
}
