import Foundation
import KioskCore
import Testing

@Suite struct LocalDateTests {
    let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    @Test func parsesOnlyRealDays() {
        #expect(LocalDate("2026-02-28")?.description == "2026-02-28")
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("26-1-1") == nil)
    }

    @Test func countsDaysAndHoursInTheCentresZone() throws {
        // 17:30 UTC on the 23rd is 00:30 on the 24th in Hải Phòng.
        let instant = try #require(RFC3339.parse("2026-11-23T17:30:00Z"))
        let (day, hour) = LocalDate.of(instant, in: hanoi)
        #expect(day == LocalDate("2026-11-24"))
        #expect(hour == 0)
    }

    @Test func formatsWithTheCentresOffset() throws {
        let instant = try #require(RFC3339.parse("2026-11-24T02:15:00.250Z"))
        #expect(RFC3339.format(instant, in: hanoi) == "2026-11-24T09:15:00+07:00")
    }

    @Test func weekdaysAndPeriods() throws {
        let day = try #require(LocalDate("2026-11-24"))
        #expect(day.isoWeekday == 2)  // a Tuesday
        #expect(CalendarPeriod.quarter(of: day) == CalendarPeriod(first: LocalDate("2026-10-01")!, last: LocalDate("2026-12-31")!))
        #expect(CalendarPeriod.month(of: LocalDate("2028-02-10")!).last == LocalDate("2028-02-29"))
        #expect(day.adding(days: 7) == LocalDate("2026-12-01"))
    }
}
