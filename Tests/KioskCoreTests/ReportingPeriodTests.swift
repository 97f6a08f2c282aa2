import Foundation
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

    @Test(arguments: [
        ("2026-Q3", "2026-04-01", "2026-06-30"),  // Quý II, not the 92 days before Quý III
        ("2026-Q1", "2025-10-01", "2025-12-31"),
        ("2026-03", "2026-02-01", "2026-02-28"),
        ("2026-H1", "2025-07-01", "2025-12-31"),
        ("2026-H2", "2026-01-01", "2026-06-30"),
        ("2028", "2027-01-01", "2027-12-31"),
        ("2026-W48", "2026-11-16", "2026-11-22"),
        ("2026-11-24", "2026-11-23", "2026-11-23"),
        ("reform-2026-Q2", "2025-12-15", "2026-03-14"),
        ("reform-2026-Q1", "2025-09-15", "2025-12-14"),
        ("reform-2026-H1", "2025-06-15", "2025-12-14"),
        ("reform-2026-9M", "2024-12-15", "2025-09-14"),  // the same 9 months of the year before
        ("reform-2026", "2024-12-15", "2025-12-14"),
    ])
    func previousIsThePreviousPeriodOfTheSameKind(name: String, first: String, last: String) throws {
        let previous = try ReportingPeriod.parse(name).previous
        #expect((previous.first.description, previous.last.description) == (first, last))
    }

    /// Every month, quarter, half-year and year from 2000 to 2100: the previous period is the one parsed from
    /// the code before it, and it ends the day before this one starts.
    @Test func previousOfEveryCalendarPeriodIsTheOneBefore() throws {
        for year in 2001...2100 {
            var codes: [(String, String)] = [("\(year)", "\(year - 1)")]
            for month in 1...12 {
                let before = month == 1 ? "\(year - 1)-12" : String(format: "%d-%02d", year, month - 1)
                codes.append((String(format: "%d-%02d", year, month), before))
            }
            for quarter in 1...4 { codes.append(("\(year)-Q\(quarter)", quarter == 1 ? "\(year - 1)-Q4" : "\(year)-Q\(quarter - 1)")) }
            codes.append(("\(year)-H1", "\(year - 1)-H2"))
            codes.append(("\(year)-H2", "\(year)-H1"))
            for (code, before) in codes {
                let period = try ReportingPeriod.parse(code)
                let expected = try ReportingPeriod.parse(before)
                #expect(period.previous.first == expected.first && period.previous.last == expected.last, "\(code)")
                #expect(period.previous.last.adding(days: 1) == period.first, "\(code)")
            }
        }
    }

    @Test(arguments: [
        ("2026-Q3", "Quý III năm 2026"),
        ("2026-H1", "6 tháng đầu năm 2026"),
        ("2026-H2", "6 tháng cuối năm 2026"),
        ("2026", "năm 2026"),
        ("2026-10", "tháng 10 năm 2026"),
        ("2026-11-24", "ngày 24/11/2026"),
        ("2026-W48", "tuần 48 năm 2026 (23/11/2026 – 29/11/2026)"),
        ("reform-2026-Q1", "Quý I năm 2026 (kỳ báo cáo cải cách hành chính, 15/12/2025 – 14/03/2026)"),
        ("reform-2026-9M", "9 tháng năm 2026 (kỳ báo cáo cải cách hành chính, 15/12/2025 – 14/09/2026)"),
    ])
    func periodsAreNamedInWords(name: String, words: String) throws {
        #expect(try ReportingPeriod.parse(name).inWords == words)
    }

    @Test(arguments: [
        ("Quý 3/2026", "2026-Q3"), ("quý III năm 2026", "2026-Q3"), ("quy 3 - 2026", "2026-Q3"), ("QUÝ IV 2026", "2026-Q4"),
        ("6 tháng đầu năm 2026", "2026-H1"), ("6 thang cuoi nam 2026", "2026-H2"), ("tháng 10/2026", "2026-10"),
        ("Tháng 2 năm 2028", "2028-02"), ("năm 2026", "2026"), ("tuần 48 năm 2026", "2026-W48"), ("ngày 24/11/2026", "2026-11-24"),
        ("Quý I năm 2026 (kỳ báo cáo cải cách hành chính, 15/12/2025 – 14/03/2026)", "reform-2026-Q1"),
    ])
    func periodsTypedInWordsAreUnderstood(typed: String, code: String) throws {
        let period = try ReportingPeriod.parse(typed)
        let expected = try ReportingPeriod.parse(code)
        #expect(period.name == code)
        #expect(period.first == expected.first && period.last == expected.last)
    }

    /// Every period's words, as pages and reports write them, read back as the same period.
    @Test func everyPeriodInWordsReadsBackAsItself() throws {
        for year in 2001...2100 {
            var codes = ["\(year)", "\(year)-H1", "\(year)-H2", "reform-\(year)", "reform-\(year)-H1", "reform-\(year)-9M"]
            codes += (1...12).map { String(format: "%d-%02d", year, $0) }
            codes += (1...4).flatMap { ["\(year)-Q\($0)", "reform-\(year)-Q\($0)"] }
            codes += (1...52).map { String(format: "%d-W%02d", year, $0) }
            codes.append(String(format: "%d-%02d-%02d", year, year % 12 + 1, year % 28 + 1))
            for code in codes {
                let period = try ReportingPeriod.parse(code)
                let again = try ReportingPeriod.parse(period.inWords)
                #expect(again.name == code && again.first == period.first && again.last == period.last, "\(period.inWords)")
            }
        }
    }

    @Test(arguments: ["Quý 5/2026", "tháng 13/2026", "6 tháng giữa năm 2026", "tuần 60 năm 2026", "hôm qua", "quý 3"])
    func wordsThatAreNoPeriodAreAnsweredInVietnamese(typed: String) {
        #expect(throws: ReportingPeriod.ParseError.self) { try ReportingPeriod.parse(typed) }
        do {
            _ = try ReportingPeriod.parse(typed)
        } catch {
            #expect("\(error)".hasPrefix("“\(typed)” không phải là một kỳ báo cáo"))
        }
    }

    @Test func spansAndPreviousPeriodsAreNamedByTheirDays() throws {
        let span = ReportingPeriod(name: "2026-04-01..2026-06-30", first: LocalDate("2026-04-01")!, last: LocalDate("2026-06-30")!)
        #expect(span.inWords == "từ ngày 01/04/2026 đến ngày 30/06/2026")
        #expect(try ReportingPeriod.parse("2026-Q3").previous.inWords == "từ ngày 01/04/2026 đến ngày 30/06/2026")
    }

    @Test func addingMonthsKeepsTheDayOrTakesTheMonthsLast() {
        #expect(LocalDate("2026-03-31")!.adding(months: -1) == LocalDate("2026-02-28"))
        #expect(LocalDate("2028-03-31")!.adding(months: -1) == LocalDate("2028-02-29"))
        #expect(LocalDate("2026-01-15")!.adding(months: -1) == LocalDate("2025-12-15"))
        #expect(LocalDate("2026-12-15")!.adding(months: 1) == LocalDate("2027-01-15"))
        #expect(LocalDate("2026-05-20")!.adding(months: -29) == LocalDate("2023-12-20"))
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
