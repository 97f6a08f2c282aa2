import Foundation
import KioskCore
import Testing

/// The alert rules over the facts of a moment, with the thresholds of `[alerts]`.
@Suite struct AlertRulesTests {
    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    static let centre: Centre = {
        var centre = Fixtures.content.centre
        centre.hours = [OpeningSession(days: Weekday.allCases, open: 7 * 60 + 30, close: 17 * 60)]
        centre.kiosks = [KioskDevice(id: "kiosk-1", name: LocalizedText(vi: "Máy sảnh"))]
        return centre
    }()
    /// Tuesday 24 November 2026, 14:00 in Vietnam.
    static let now = LocalDate(year: 2026, month: 11, day: 24).start(in: zone).addingTimeInterval(14 * 3600)

    func facts(_ change: (inout AlertFacts) -> Void = { _ in }) -> AlertFacts {
        var facts = AlertFacts(
            now: Self.now, timeZone: Self.zone, centre: Self.centre,
            week: SatisfactionFigures(tally: Tally(), target: 0.95, minimumN: 30))
        facts.lastRating = ["kiosk-1": Self.now.addingTimeInterval(-60)]
        change(&facts)
        return facts
    }

    @Test func todaysThresholdsAreTheDefaults() {
        let rules = AlertRules()
        #expect(rules.alerts(facts()).isEmpty)
        let burst = rules.alerts(facts { $0.dissatisfiedByCounter = ["Q01": 3] })
        #expect(burst == [Alert(kind: .dissatisfiedBurst, message: "3 đánh giá không hài lòng tại Quầy 1 trong 1 giờ qua.")])
        #expect(rules.alerts(facts { $0.dissatisfiedByCounter = ["Q01": 2] }).isEmpty)
        let silent = rules.alerts(facts { $0.lastRating = ["kiosk-1": Self.now.addingTimeInterval(-2 * 3600 - 1)] })
        #expect(silent.map(\.message) == ["Máy sảnh chưa gửi đánh giá nào trong 2 giờ qua dù đang giờ làm việc."])
    }

    @Test func theThresholdsOfCentreTomlDecide() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let settings = AlertSettings(
                burstCount: Int.random(in: 1...20, using: &random), burstMinutes: Int.random(in: 1...1440, using: &random),
                silentMinutes: Int.random(in: 1...300, using: &random), hubRefusalDays: Int.random(in: 1...30, using: &random))
            let count = Int.random(in: 0...25, using: &random)
            let quiet = Double(Int.random(in: 0...400, using: &random)) * 60
            let alerts = AlertRules(settings).alerts(
                facts {
                    $0.dissatisfiedByCounter = ["Q01": count]
                    $0.lastRating = ["kiosk-1": Self.now.addingTimeInterval(-quiet)]
                })
            #expect(alerts.contains { $0.kind == .dissatisfiedBurst } == (count >= settings.burstCount), "\(settings) \(count)")
            // 14:00 is 390 minutes after opening: a kiosk can be silent only once the centre has been open that long.
            let silentExpected = quiet > settings.silentAfter && 390 >= settings.silentMinutes
            #expect(alerts.contains { $0.kind == .silentKiosk } == silentExpected, "\(settings) \(quiet)")
        }
    }
}
