import Foundation
import KioskCore
import Testing

@testable import KioskTerminal

/// Every scenario of `Tests/fixtures/flow-scenarios.json`, through ``SurveyFlow`` and through the terminal
/// kiosk key by key: both give the screens and the rating the fixture names (kiosk.js does too, in Chromium).
@Suite struct FlowScenarioTests {
    private func flow(for settings: FlowScenarios.Settings) throws -> SurveyFlow {
        let centre = Sample.content.centre
        let device = centre.kiosk(settings.id) ?? KioskDevice(id: settings.id)
        // The fixture says what the kiosk is; the sample content must agree.
        #expect(device.counter == settings.counter && device.askCounter == settings.askCounter && device.askField == settings.askField)
        let survey = try #require(Sample.content.surveys["quick"])
        return SurveyFlow(survey: survey, centre: centre, kiosk: device, kioskID: settings.id)
    }

    @Test func theFixtureCoversEveryKindOfKioskAndStep() {
        let all = FlowScenarios.all
        #expect(all.count >= 20)
        #expect(Set(all.map(\.kiosk.id)) == ["kiosk-1", "kiosk-2", "kiosk-9"])
        let seen = Set(all.flatMap(\.screens))
        #expect(seen == ["rate", "followup", "comment", "counter", "officer", "field"])
        let walkedAwayOn = Set(all.filter { $0.taps.last?.walkAway == true }.compactMap(\.screens.last))
        #expect(walkedAwayOn == seen)
        #expect(all.contains { $0.taps.contains { $0.dossier != nil } })
    }

    @Test(arguments: FlowScenarios.all)
    func surveyFlowGivesTheScenariosRating(_ scenario: FlowScenarios.Scenario) throws {
        let (screens, rating) = try flow(for: scenario.kiosk).play(scenario)
        #expect(screens == scenario.screens)
        #expect(rating.map(FlowScenarios.Rating.init) == scenario.expect)
        if let rating {
            let validated = try RatingValidator(content: Sample.content).validate(body(rating), now: Sample.start)
            #expect(FlowScenarios.Rating(validated) == scenario.expect, "the API takes the rating as it is")
        }
    }

    /// The terminal has no dossier scanner, and a kiosk must be listed to run it.
    @Test(arguments: FlowScenarios.all.filter { $0.kiosk.id != "kiosk-9" && !$0.taps.contains { $0.dossier != nil } })
    func theTerminalGivesTheScenariosRating(_ scenario: FlowScenarios.Scenario) throws {
        var kiosk = try Driver(kiosk: scenario.kiosk.id, idle: 20)
        kiosk.press(.character("1"))
        var screens = [try shown(kiosk)]
        for tap in scenario.taps {
            if let id = tap.choose {
                try kiosk.pick(.choose(id))
            } else if let ids = tap.tick {
                for id in ids { try kiosk.pick(.toggle(id)) }
            } else if tap.next == true {
                if kiosk.engine.typingComment { kiosk.press(.enter) } else { try kiosk.pick(.next) }
            } else if tap.skip == true {
                if kiosk.engine.typingComment { kiosk.press(.enter) } else { try kiosk.pick(.choose(nil)) }
            } else if let text = tap.type {
                kiosk.type(text)
            } else if tap.back == true {
                kiosk.press(.escape)
            } else if tap.walkAway == true {
                kiosk.wait(80)
                #expect(kiosk.engine.screen == .home)
                break
            }
            let moves = tap.choose != nil || tap.next == true || tap.skip == true || tap.back == true
            if moves && kiosk.engine.screen == .rating { screens.append(try shown(kiosk)) }
        }
        #expect(screens == scenario.screens)
        let ratings = try kiosk.submitted.map { try RatingValidator(content: Sample.content).validate($0.body, now: kiosk.now) }
        #expect(ratings.count == (scenario.expect == nil ? 0 : 1))
        #expect(ratings.first.map(FlowScenarios.Rating.init) == scenario.expect)
    }

    private func shown(_ kiosk: Driver) throws -> String {
        let step = try #require(kiosk.engine.currentStep)
        return FlowScenarios.screen(of: step, in: kiosk.engine.profile.flow)
    }

    /// A submission as the kiosk posts it.
    private func body(_ rating: RatingSubmission) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var object = try JSONDecoder().decode([String: JSONValue].self, from: encoder.encode(rating))
        object["createdAt"] = nil
        return .object(object)
    }
}

extension Driver {
    /// Presses the number of the menu item doing `action` (and Enter when the number could go on).
    mutating func pick(_ action: MenuItem.Action) throws {
        let items = engine.menu()
        guard let index = items.firstIndex(where: { $0.action == action }) else {
            throw ScenarioMismatch(description: "no \(action) among \(items.map(\.action))")
        }
        digits(String(index + 1))
        if !engine.digits.isEmpty { press(.enter) }
    }
}
