import Foundation
import KioskCore
import Testing

@testable import KioskStore

/// Hand-checked figures: days counted in Hải Phòng time, at the turns of day, month, quarter and reform period.
@Suite struct FiguresTests {
    @Test func ratingsEitherSideOfLocalMidnightFallOnTheirLocalDay() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        // 23:55 on 30 Nov and 00:05 on 1 Dec, Hải Phòng time (16:55Z and 17:05Z on 30 Nov).
        _ = try database.recordAll([
            rating("satisfied", at: "2026-11-30T16:55:00Z"),
            rating("dissatisfied", at: "2026-11-30T17:05:00Z"),
        ])
        let november = try await database.figures(of: try ReportingPeriod.parse("2026-11"), reporting: ReportingSettings())
        let december = try await database.figures(of: try ReportingPeriod.parse("2026-12"), reporting: ReportingSettings())
        #expect(november.overall.total == 1)
        #expect(november.overall.rate == 1)
        #expect(december.overall.total == 1)
        #expect(december.overall.rate == 0)
        #expect(try await database.figures(of: try ReportingPeriod.parse("2026-Q4"), reporting: ReportingSettings()).overall.total == 2)
        let hours = try database.tallies(TallyFilter(), by: .hour)
        #expect(hours["23"]?.total == 1)
        #expect(hours["00"]?.total == 1)
    }

    @Test func reformCutoffSplitsTheYear() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        _ = try database.recordAll([
            rating("satisfied", at: "2025-12-14T10:00:00+07:00"),  // reform 2025
            rating("satisfied", at: "2025-12-15T10:00:00+07:00"),  // reform 2026 Q1
            rating("dissatisfied", at: "2026-03-14T16:00:00+07:00"),  // reform 2026 Q1, last day
            rating("satisfied", at: "2026-03-15T08:00:00+07:00"),  // reform 2026 Q2
        ])
        let q1 = try await database.figures(of: try ReportingPeriod.parse("reform-2026-Q1"), reporting: ReportingSettings())
        #expect(q1.overall.total == 2)
        #expect(q1.overall.satisfied == 1)
        #expect(q1.reasons == [])
        let year = try await database.figures(of: try ReportingPeriod.parse("reform-2026"), reporting: ReportingSettings())
        #expect(year.overall.total == 3)
    }

    @Test func rateExactlyAtTheTargetMeetsItAndNeedsNothing() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        let batch = (0..<20).map { index in rating(index == 0 ? "dissatisfied" : "satisfied", at: "2026-11-10T09:00:00+07:00") }
        _ = try database.recordAll(batch)
        let figures = try await database.figures(of: try ReportingPeriod.parse("2026-11"), reporting: ReportingSettings(target: 0.95, minimumN: 20))
        #expect(figures.overall.rate == 0.95)
        #expect(figures.overall.meets(0.95) == true)
        #expect(figures.overall.neededToTarget == 0)
        #expect(figures.overall.tooFewToJudge == false)
    }

    @Test func weeksWeekdaysQuartersPreviousPeriodAndReasons() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        _ = try database.recordAll([
            rating("satisfied", at: "2026-11-23T09:00:00+07:00"),  // Monday, W48
            rating("dissatisfied", at: "2026-11-24T09:00:00+07:00", reasons: ["waited_too_long", "attitude"]),  // Tuesday, W48
            rating("dissatisfied", at: "2026-11-25T09:00:00+07:00", reasons: ["waited_too_long"]),  // Wednesday, W48
            rating("very_satisfied", at: "2026-11-16T09:00:00+07:00"),  // Monday, W47: the previous week
        ])
        let week = try await database.figures(of: try ReportingPeriod.parse("2026-W48"), by: .weekday, reporting: ReportingSettings())
        #expect(week.overall.total == 3)
        #expect(week.groups?.map { $0.key } == ["1", "2", "3"])
        #expect(week.reasons == [.init(id: "waited_too_long", count: 2), .init(id: "attitude", count: 1)])
        let previous = try #require(week.previous)
        #expect(previous.from == LocalDate("2026-11-16"))
        #expect(previous.figures.total == 1)
        #expect(abs((previous.change ?? 0) - (1.0 / 3.0 - 1.0)) < 1e-12)
        let byWeek = try database.tallies(TallyFilter(), by: .week)
        #expect(byWeek["2026-W48"]?.total == 3)
        #expect(byWeek["2026-W47"]?.total == 1)
        #expect(try database.tallies(TallyFilter(), by: .quarter)["2026-Q4"]?.total == 4)
        // A group with no valid ratings: an empty period has null figures.
        let empty = try await database.figures(of: try ReportingPeriod.parse("2026-W10"), by: .counter, reporting: ReportingSettings())
        #expect(empty.overall.rate == nil)
        #expect(empty.groups == [])
    }
}

@Suite struct DossierFiguresTests {
    @Test func responseRateAnd766RateForWholeMonths() async throws {
        let database = try AppDatabase.open(directory: temporaryDataFolder())
        _ = try database.recordAll(
            (0..<8).map { rating("satisfied", at: "2026-10-0\($0 + 1)T09:00:00+07:00") }
                + (0..<2).map { rating("dissatisfied", at: "2026-11-0\($0 + 1)T09:00:00+07:00") })
        try database.setDossierCounts([("2026-10", 40), ("2026-11", 60)])
        let figures = try #require(try database.dossierFigures(first: LocalDate("2026-10-01")!, last: LocalDate("2026-11-30")!))
        #expect(figures.months == ["2026-10", "2026-11"])
        #expect(figures.dossiers == 100)
        #expect(figures.ratings == 10)
        #expect(figures.dissatisfied == 2)
        #expect(figures.responseRate == 0.1)
        #expect(figures.rate766 == 0.98)
        // Part of a month, or a month without a count: no figure rather than a wrong one.
        #expect(try database.dossierFigures(first: LocalDate("2026-10-15")!, last: LocalDate("2026-11-30")!) == nil)
        #expect(try database.dossierFigures(first: LocalDate("2026-10-01")!, last: LocalDate("2026-12-31")!) == nil)
        let report = try await database.figures(of: try ReportingPeriod.parse("2026-Q4"), reporting: ReportingSettings())
        #expect(report.dossiers == nil)
        try database.setDossierCount(month: "2026-12", dossiers: 0)
        let quarter = try await database.figures(of: try ReportingPeriod.parse("2026-Q4"), reporting: ReportingSettings())
        #expect(quarter.dossiers?.dossiers == 100)
    }
}
