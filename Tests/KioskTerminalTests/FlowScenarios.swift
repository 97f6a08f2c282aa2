import Foundation
import KioskCore

/// `Tests/fixtures/flow-scenarios.json`: kiosk settings and a resident's taps, the screens seen and the
/// rating stored. The same file runs through kiosk.js in Chromium (`Tests/e2e/test_flow_scenarios.py`).
struct FlowScenarios: Decodable {
    struct Settings: Decodable {
        var id: String
        var counter: String?
        var askCounter: Bool
        var askField: Bool
    }

    struct Tap: Decodable {
        var choose: String?
        var tick: [String]?
        var next: Bool?
        var skip: Bool?
        var type: String?
        var back: Bool?
        var walkAway: Bool?
        var dossier: String?
    }

    /// The stored rating's fields; absent ones are `nil`.
    struct Rating: Decodable, Equatable, CustomStringConvertible {
        var answers: [String: Answer]
        var kiosk: String?
        var counter: String?
        var officer: String?
        var field: String?
        var comment: String?
        var dossierCode: String?

        init(answers: [String: Answer], kiosk: String?, counter: String?, officer: String?, field: String?, comment: String?, dossierCode: String?) {
            self.answers = answers
            self.kiosk = kiosk
            self.counter = counter
            self.officer = officer
            self.field = field
            self.comment = comment
            self.dossierCode = dossierCode
        }

        init(_ rating: RatingSubmission) {
            self.init(
                answers: rating.answers, kiosk: rating.kiosk, counter: rating.counter, officer: rating.officer, field: rating.field,
                comment: rating.comment, dossierCode: rating.dossierCode)
        }

        var description: String {
            "answers \(answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.choiceIDs)" }), kiosk \(kiosk ?? "-"), counter \(counter ?? "-"), "
                + "officer \(officer ?? "-"), field \(field ?? "-"), comment \(comment ?? "-"), dossier \(dossierCode ?? "-")"
        }
    }

    struct Scenario: Decodable, CustomStringConvertible {
        var name: String
        var kiosk: Settings
        var taps: [Tap]
        var screens: [String]
        var expect: Rating?

        var description: String { name }
    }

    var scenarios: [Scenario]

    static let all: [Scenario] = {
        let url = Sample.repository.appendingPathComponent("Tests/fixtures/flow-scenarios.json")
        do {
            return try JSONDecoder().decode(FlowScenarios.self, from: Data(contentsOf: url)).scenarios
        } catch {
            fatalError("Tests/fixtures/flow-scenarios.json does not load: \(error)")
        }
    }()

    /// The screen a step is shown on, as the touch kiosk names it (`data-screen`).
    static func screen(of step: FlowStep, in flow: SurveyFlow) -> String {
        if step.id == flow.main { return "rate" }
        switch step.kind {
        case .scale, .single, .multi: return "followup"
        default: return step.kind.rawValue
        }
    }
}

/// Why a scenario could not be played: a tap that the screen shown does not offer.
struct ScenarioMismatch: Error, CustomStringConvertible {
    var description: String
}

extension SurveyFlow {
    /// Plays `scenario`'s taps: the screens seen and the rating made (`nil`: none).
    func play(_ scenario: FlowScenarios.Scenario) throws -> (screens: [String], rating: RatingSubmission?) {
        var progress = FlowProgress()
        var current: FlowStep? = mainStep
        var screens = [FlowScenarios.screen(of: mainStep, in: self)]
        var typed = ""
        var walkedAway = false
        for tap in scenario.taps {
            guard let step = current else { throw ScenarioMismatch(description: "a tap after the questions ended") }
            var next: FlowStep?? = .none
            if let code = tap.dossier {
                progress.dossierCode = code
            } else if let id = tap.choose {
                guard step.choice(id) != nil else { throw ScenarioMismatch(description: "no choice \(id) on step \(step.id)") }
                next = answer(.chosen([id]), at: step.id, in: &progress)
            } else if let ids = tap.tick {
                var chosen = progress.answers[step.id]?.choiceIDs ?? []
                for id in ids {
                    guard step.kind == .multi, step.choice(id) != nil else {
                        throw ScenarioMismatch(description: "no reason \(id) on step \(step.id)")
                    }
                    if let index = chosen.firstIndex(of: id) { chosen.remove(at: index) } else { chosen.append(id) }
                }
                progress.answers[step.id] = ordered(.chosen(chosen), at: step.id)
            } else if tap.next == true {
                next = answer(step.kind == .comment ? .text(typed) : progress.answers[step.id] ?? .none, at: step.id, in: &progress)
            } else if tap.skip == true {
                guard step.optional else { throw ScenarioMismatch(description: "step \(step.id) cannot be skipped") }
                next = answer(.none, at: step.id, in: &progress)
            } else if let text = tap.type {
                typed += text
            } else if tap.back == true {
                next = self.step(before: step.id, for: progress)
            } else if tap.walkAway == true {
                walkedAway = true
                break
            }
            if case .some(let moved) = next {
                current = moved
                if let moved { screens.append(FlowScenarios.screen(of: moved, in: self)) }
            }
        }
        if current != nil && !walkedAway { throw ScenarioMismatch(description: "the questions did not end (on \(current!.id))") }
        return (screens, submission(for: progress, id: UUID(), channel: .touch, walkedAway: walkedAway))
    }
}
