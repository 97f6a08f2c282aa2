import Foundation
import GRDB
import KioskCore
import TestSupport
import Testing

@_spi(Testing) @testable import KioskStore

@Suite struct MisuseStoreTests {
    let rule = MisuseSettings(burstCount: 10, burstSeconds: 60)

    @Test func aFloodFromOneKioskKeepsTheFirstTenAndFlagsTheRest() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        // 30 presses in 10 seconds, one call per press as the API makes them.
        var outcomes: [StoreOutcome] = []
        for index in 0..<30 { outcomes += try database.record([kioskRating("very_satisfied", seconds: Double(index) / 3)], misuse: rule) }
        let flags = outcomes.map { outcome -> Exclusion? in
            if case .created(let rating) = outcome { return rating.excluded }
            return .abandoned
        }
        #expect(flags.prefix(10).allSatisfy { $0 == nil })
        #expect(flags.dropFirst(10).allSatisfy { $0 == .misuse })
        let figures = try await database.figures(TallyFilter(), reporting: ReportingSettings()).overall
        #expect(figures.total == 30)
        #expect(figures.valid == 10)
        #expect(figures.excluded == ["misuse": 20])
        #expect(try database.ratingCount() == 30)
        #expect(try database.verify(timeZone: hanoi).problems == [])
        #expect(try database.misuseByKiosk(since: .distantPast) == [MisuseCount(kiosk: "kiosk-1", count: 20)])
    }

    @Test func aBurstInOneTransactionIsFlaggedTheSameWay() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let outcomes = try database.record((0..<30).map { kioskRating(seconds: Double($0) / 3) }, misuse: rule)
        #expect(outcomes.filter { if case .created(let rating) = $0 { rating.excluded == .misuse } else { false } }.count == 20)
    }

    @Test func otherKiosksPaperFormsImportsAndSlowRatingsAreNotBursts() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        for index in 0..<30 { _ = try database.record([kioskRating(kiosk: "kiosk-\(index % 3)", seconds: Double(index) / 3)], misuse: rule) }
        for index in 0..<30 { _ = try database.record([kioskRating(kiosk: nil, channel: .paper, seconds: 2000 + Double(index) / 30)], misuse: rule) }
        // A kiosk that calls its ratings paper forms is still one kiosk.
        for index in 0..<12 {
            _ = try database.record([kioskRating(kiosk: "kiosk-9", channel: .paper, seconds: 4000 + Double(index) / 30)], misuse: rule)
        }
        // An import file is stored without the rule, whatever its channel says.
        #expect(try database.recordAll((0..<30).map { kioskRating(kiosk: "kiosk-8", seconds: 6000 + Double($0) / 30) }) == 30)
        // One rating every 7 seconds is never more than 9 in a minute.
        for index in 0..<30 { _ = try database.record([kioskRating(kiosk: "kiosk-7", seconds: 8000 + Double(index) * 7)], misuse: rule) }
        let figures = try await database.figures(TallyFilter(), reporting: ReportingSettings()).overall
        #expect(figures.excluded == ["misuse": 2])
        #expect(figures.valid == 130)
    }

    @Test func importedRatingsAreNeitherABurstNorCountTowardsOne() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        // Thirty ratings of one kiosk typed in from a file within a second, through the live rule.
        let imported = try database.record(
            (0..<30).map { kioskRating(kiosk: "kiosk-8", channel: .import, seconds: Double($0) / 30) }, misuse: rule)
        #expect(imported.allSatisfy { if case .created(let rating) = $0 { rating.excluded == nil } else { false } })
        // The kiosk's next live press, in the same minute, is its first.
        let live = try database.record([kioskRating(kiosk: "kiosk-8", seconds: 1)], misuse: rule)
        guard case .created(let rating) = live.first else {
            Issue.record("the live rating was not stored: \(live)")
            return
        }
        #expect(rating.excluded == nil)
    }
}

@Suite struct VoidStoreTests {
    func store() throws -> (AppDatabase, [PreparedRating]) {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        try database.addUser(name: "truong", role: .head, passwordHash: "x")
        try database.addUser(name: "canbo", role: .staff, passwordHash: "x")
        let ratings = (0..<4).map { kioskRating($0 == 0 ? "dissatisfied" : "satisfied", counter: "Q02", seconds: Double($0 * 600)) }
        #expect(try database.recordAll(ratings) == 4)
        return (database, ratings)
    }

    @Test func aVoidLeavesTheFiguresAndTheRollupsAgree() async throws {
        let (database, ratings) = try store()
        let at = RFC3339.parse("2026-11-25T08:00:00+07:00")!
        try database.void(
            rating: ratings[1].rating.id, reason: "Cán bộ bấm thử khi lắp máy", by: "truong", at: at, timeZone: hanoi, address: "10.0.0.5")
        let overall = try await database.figures(TallyFilter(), reporting: ReportingSettings()).overall
        #expect(overall.total == 4)
        #expect(overall.valid == 3)
        #expect(overall.satisfied == 2)
        #expect(overall.excluded == ["voided": 1])
        let byCounter = try database.tallies(TallyFilter(), by: .counter)["Q02"]
        #expect(byCounter?.valid == 3)
        let byHour = try database.tallies(TallyFilter(), by: .hour)
        #expect(byHour.values.reduce(0) { $0 + $1.valid } == 3)
        #expect(try database.rating(id: ratings[1].rating.id)?.excluded == .voided)
        let report = try database.verify(timeZone: hanoi)
        #expect(report.problems == [])
        #expect(report.voids == 1)
        let entry = try #require(try database.auditLog(actionPrefix: "rating").first)
        #expect(entry.action == "rating.void")
        #expect(entry.actor == "truong")
        #expect(entry.address == "10.0.0.5")
        #expect(entry.detail == "rating \(ratings[1].rating.id.uuidString.lowercased()): Cán bộ bấm thử khi lắp máy")
    }

    @Test func aVoidNeedsAReasonAHeadAndAnUnvoidedRating() async throws {
        let (database, ratings) = try store()
        let id = ratings[0].rating.id
        #expect(throws: VoidError.reasonTooShort(3)) { try database.void(rating: id, reason: " sai ", by: "truong", at: Date(), timeZone: hanoi) }
        #expect(throws: VoidError.notAHead("canbo")) {
            try database.void(rating: id, reason: "Bấm nhầm khi hướng dẫn", by: "canbo", at: Date(), timeZone: hanoi)
        }
        let unknown = UUID()
        #expect(throws: VoidError.unknownRating(unknown.uuidString.lowercased())) {
            try database.void(rating: unknown, reason: "Bấm nhầm khi hướng dẫn", by: "truong", at: Date(), timeZone: hanoi)
        }
        try database.void(rating: id, reason: "Bấm nhầm khi hướng dẫn", by: "truong", at: Date(), timeZone: hanoi)
        #expect(throws: VoidError.self) { try database.void(rating: id, reason: "Lần thứ hai nữa", by: "truong", at: Date(), timeZone: hanoi) }
        #expect(try database.voids().count == 1)
        #expect(try await database.figures(TallyFilter(), reporting: ReportingSettings()).overall.excluded == ["voided": 1])
        // The void table is append-only too.
        #expect(throws: DatabaseError.self) { try database.rawAccessForTesting.write { try $0.execute(sql: "DELETE FROM rating_void") } }
        #expect(throws: DatabaseError.self) {
            try database.rawAccessForTesting.write { try $0.execute(sql: "UPDATE rating_void SET reason = 'Không có lý do gì'") }
        }
    }

    @Test func aChangedVoidIsNamed() throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        try database.addUser(name: "truong", role: .head, passwordHash: "x")
        let ratings = (0..<3).map { kioskRating(seconds: Double($0 * 600)) }
        _ = try database.recordAll(ratings)
        try database.void(rating: ratings[0].rating.id, reason: "Cán bộ bấm thử khi lắp máy", by: "truong", at: Date(), timeZone: hanoi)
        try tamper(folder, "UPDATE rating_void SET voided_by = 'ai-do'")
        let id = ratings[0].rating.id.uuidString.lowercased()
        #expect(try database.verify(timeZone: hanoi).problems.first == "void seq 1 (rating \(id)): hash does not match its content")
    }
}

@Suite struct RetentionStoreTests {
    @Test func oldCommentsAndCallsGoEverythingElseStays() async throws {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        let old = kioskRating("dissatisfied", comment: "Chờ lâu", day: "2025-10-01")
        let edge = kioskRating("satisfied", comment: "Vừa đủ một năm", day: "2025-11-24")
        let recent = kioskRating("satisfied", comment: "Nhanh gọn", day: "2026-11-20")
        #expect(try database.recordAll([old, edge, recent]) == 3)
        let now = RFC3339.parse("2026-11-24T10:00:00+07:00")!
        _ = try database.recordCall(id: UUID(), kiosk: "kiosk-1", topic: nil, now: now.addingTimeInterval(-400 * 86_400))
        _ = try database.recordCall(id: UUID(), kiosk: "kiosk-1", topic: nil, now: now.addingTimeInterval(-3600))
        let before = try await database.figures(TallyFilter(), reporting: ReportingSettings())

        let result = try database.runRetention(keepingDays: 365, now: now, timeZone: hanoi, actor: "server")
        #expect(result == RetentionResult(comments: 1, helpCalls: 1, keptFrom: LocalDate("2025-11-24")!))
        #expect(try database.rating(id: old.rating.id)?.comment == nil)
        #expect(try database.rating(id: edge.rating.id)?.comment == "Vừa đủ một năm")
        #expect(try database.rating(id: recent.rating.id)?.comment == "Nhanh gọn")
        #expect(try database.rating(id: old.rating.id)?.mainChoice == "dissatisfied")
        #expect(try database.calls(since: .distantPast).count == 1)
        #expect(try database.ratingCount() == 3)
        #expect(try await database.figures(TallyFilter(), reporting: ReportingSettings()).overall == before.overall)
        #expect(try database.verify(timeZone: hanoi).problems == [])
        #expect(try database.auditLog(actionPrefix: "retention").first?.detail == "comments 1, help calls 1, kept from 2025-11-24 (365 days)")
        // The text is gone from the file itself, not only from the row.
        for name in [AppDatabase.fileName, AppDatabase.fileName + "-wal"] {
            let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
            #expect(bytes.range(of: Data("Chờ lâu".utf8)) == nil, "\(name)")
        }
        // A second run finds nothing more.
        #expect(try database.runRetention(keepingDays: 365, now: now, timeZone: hanoi, actor: "server").comments == 0)
        #expect(throws: RetentionError.self) { try database.runRetention(keepingDays: 0, now: now, timeZone: hanoi, actor: "server") }
    }

    /// A clock far ahead of the newest rating (a reset RTC, a wrong NTP server) would make every comment look
    /// old: the sweep refuses and removes nothing, until a person says the clock is right.
    @Test func aClockFarPastTheNewestRatingRemovesNothing() throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let recent = kioskRating("dissatisfied", comment: "Chờ lâu quá", day: "2026-11-20")
        #expect(try database.recordAll([recent]) == 1)
        let ahead = RFC3339.parse("2027-12-30T10:00:00+07:00")!
        #expect(throws: RetentionError.clockAhead(newestRating: LocalDate("2026-11-20")!, today: LocalDate("2027-12-30")!)) {
            try database.runRetention(keepingDays: 365, now: ahead, timeZone: hanoi, actor: "server")
        }
        #expect(try database.rating(id: recent.rating.id)?.comment == "Chờ lâu quá")
        #expect(try database.auditLog(actionPrefix: "retention").isEmpty)
        // 60 days past is still trusted; once a person has checked the clock, the sweep runs.
        let within = RFC3339.parse("2027-01-19T10:00:00+07:00")!
        #expect(try database.runRetention(keepingDays: 365, now: within, timeZone: hanoi, actor: "server").comments == 0)
        #expect(try database.runRetention(keepingDays: 365, now: ahead, timeZone: hanoi, actor: "cli", clockChecked: true).comments == 1)
    }
}
