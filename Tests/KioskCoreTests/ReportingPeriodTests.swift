import KioskCore
import Testing

@Suite struct ReportingPeriodTests {
    func period(_ name: String, _ settings: ReportingSettings = ReportingSettings()) throws -> (String, String) {
        let period = try ReportingPeriod.parse(name, settings: settings)
        return (period.first.description, period.last.description)
    }

    @Test func calendarPeriods() throws {
        #expect(try period("2026-11") == ("2026-11-01", "2026-11-30"))
        #expect(try period("2028-02") == ("2028-02-01", "2028-02-29"))
        #expect(try period("2026-Q3") == ("2026-07-01", "2026-09-30"))
        #expect(try period("2026-H1") == ("2026-01-01", "2026-06-30"))
        #expect(try period("2026-H2") == ("2026-07-01", "2026-12-31"))
        #expect(try period("2026") == ("2026-01-01", "2026-12-31"))
        #expect(try period("2026-11-24") == ("2026-11-24", "2026-11-24"))
        #expect(try period("2026-W48") == ("2026-11-23", "2026-11-29"))
        #expect(try period("2026-W01") == ("2025-12-29", "2026-01-04"))  // ISO week 1 starts in the year before
        #expect(try period("2026-W53") == ("2026-12-28", "2027-01-03"))  // 2026 has 53 ISO weeks
        #expect(throws: ReportingPeriod.ParseError.self) { try ReportingPeriod.parse("2025-W53") }
    }

    @Test func reformPeriodsStartOnTheCutoffOfThePreviousYear() throws {
        #expect(try period("reform-2026-Q1") == ("2025-12-15", "2026-03-14"))
        #expect(try period("reform-2026-Q2") == ("2026-03-15", "2026-06-14"))
        #expect(try period("reform-2026-Q3") == ("2026-06-15", "2026-09-14"))
        #expect(try period("reform-2026-H1") == ("2025-12-15", "2026-06-14"))
        #expect(try period("reform-2026-9M") == ("2025-12-15", "2026-09-14"))
        #expect(try period("reform-2026") == ("2025-12-15", "2026-12-14"))
        // A centre whose cut-off is 1 December.
        #expect(try period("reform-2026-Q1", ReportingSettings(cutoffMonth: 12, cutoffDay: 1)) == ("2025-12-01", "2026-02-28"))
    }

    @Test(arguments: ["2026-13", "2026-Q5", "26-11", "reform-2026-Q5", "reform-26", "soon", "2026-11-31"])
    func unknownNamesAreRefusedWithTheKnownForms(name: String) {
        do {
            _ = try ReportingPeriod.parse(name)
            Issue.record("'\(name)' parsed")
        } catch let error as ReportingPeriod.ParseError {
            #expect(error.description.contains("reform-2026-H1"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func previousPeriodHasTheSameLength() throws {
        let quarter = try ReportingPeriod.parse("2026-Q1")
        #expect(quarter.dayCount == 90)
        #expect(quarter.previous.first == LocalDate("2025-10-03"))
        #expect(quarter.previous.last == LocalDate("2025-12-31"))
        #expect(quarter.previous.dayCount == 90)
    }

    @Test func isoWeeksAndDayArithmetic() throws {
        #expect(LocalDate("2026-01-01")!.isoWeekKey == "2026-W01")
        #expect(LocalDate("2027-01-01")!.isoWeekKey == "2026-W53")
        #expect(LocalDate("2024-12-30")!.isoWeekKey == "2025-W01")
        #expect(LocalDate("2026-11-24")!.quarterKey == "2026-Q4")
        #expect(LocalDate("2024-03-01")!.adding(days: -1) == LocalDate("2024-02-29"))
        #expect(LocalDate("2026-01-01")!.days(to: LocalDate("2027-01-01")!) == 365)
        for julian in stride(from: 2_451_545, to: 2_470_000, by: 97) {
            #expect(LocalDate(julianDay: julian).julianDay == julian)
        }
    }
}
