import Foundation
import KioskCore

/// One resident's rating, from the first answer to the thanks.
///
/// Its id is made when the flow starts, so a key pressed twice can never make a second rating: the
/// store and the server keep one rating per id.
struct RatingFlow: Sendable, Equatable {
    /// A screen of the rating.
    enum Step: Sendable, Hashable {
        case main
        case question(String)
        case comment
        case counter
        case officer
        case field
    }

    let id: UUID
    var step: Step = .main
    /// Question id → chosen choice ids (one for scale and single questions), in the survey's order.
    var answers: [String: [String]] = [:]
    /// Steps the resident moved on from (what an idle reset keeps).
    var confirmed: Set<Step> = []
    var counter: String?
    var officer: String?
    var field: String?
    var comment = ""
    /// Whether typed letters compose Vietnamese (Telex).
    var telex: Bool
    /// Whether the rating has been handed to the store or the outbox.
    var submitted = false

    init(id: UUID = UUID(), telex: Bool) {
        self.id = id
        self.telex = telex
    }

    /// The steps of the rating, given the answers so far.
    func steps(in profile: KioskProfile) -> [Step] {
        var steps: [Step] = [.main]
        for question in profile.orderedQuestions.dropFirst() where profile.applies(question, answers: answers) {
            steps.append(.question(question.id))
        }
        if profile.wantsComment(answers) { steps.append(.comment) }
        if profile.asksCounter {
            steps.append(.counter)
            if !profile.officers(at: counter).isEmpty { steps.append(.officer) }
        }
        if profile.asksField(counter: counter) { steps.append(.field) }
        return steps
    }

    func next(in profile: KioskProfile) -> Step? {
        let steps = steps(in: profile)
        guard let index = steps.firstIndex(of: step), index + 1 < steps.count else { return nil }
        return steps[index + 1]
    }

    func previous(in profile: KioskProfile) -> Step? {
        let steps = steps(in: profile)
        guard let index = steps.firstIndex(of: step), index > 0 else { return nil }
        return steps[index - 1]
    }

    /// The rating as the touch kiosk posts it to `POST /api/v1/ratings`: answers in the order asked,
    /// follow-ups that do not apply left out. With `confirmedOnly` (a resident who walked away) only what
    /// they moved on from is kept: the main answer, confirmed follow-ups and comment, the counter,
    /// officer and field they chose.
    func body(in profile: KioskProfile, confirmedOnly: Bool, now: Date) -> JSONValue {
        let main = profile.mainQuestion
        var answers: [String: JSONValue] = [:]
        for question in profile.orderedQuestions {
            guard let given = self.answers[question.id], !given.isEmpty, profile.applies(question, answers: self.answers) else { continue }
            if confirmedOnly && question.id != main.id && !confirmed.contains(.question(question.id)) { continue }
            answers[question.id] = question.kind == .multi ? .array(given.map(JSONValue.string)) : .string(given[0])
        }
        var object: [String: JSONValue] = [
            "id": .string(id.uuidString.lowercased()),
            "survey": .string(profile.survey.id),
            "answers": .object(answers),
            "channel": .string(Channel.terminal.rawValue),
        ]
        if let kiosk = profile.kioskID { object["kiosk"] = .string(kiosk) }
        if let counter = profile.fixedCounter ?? counter { object["counter"] = .string(counter) }
        if profile.fixedCounter == nil, counter != nil, let officer { object["officer"] = .string(officer) }
        if profile.asksFieldAtAll, let field = field ?? profile.inferredField(counter: counter) { object["field"] = .string(field) }
        let text = String(comment.trimmingCharacters(in: .whitespacesAndNewlines).prefix(RatingValidator.maximumCommentLength))
        if !text.isEmpty, profile.wantsComment(self.answers), !confirmedOnly || confirmed.contains(.comment) {
            object["comment"] = .string(text)
        }
        object["createdAt"] = .string(RFC3339.format(now, in: profile.timeZone))
        return .object(object)
    }
}
