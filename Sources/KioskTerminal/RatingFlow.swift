import Foundation
import KioskCore

/// One resident's rating on the terminal, from the first answer to the thanks: where they are in the
/// kiosk's ``SurveyFlow`` and what they are typing.
///
/// Its id is made when the rating starts, so a key pressed twice can never make a second rating: the
/// store and the server keep one rating per id.
struct RatingFlow: Sendable, Equatable {
    let id: UUID
    /// The id of the step shown (a ``FlowStep/id``).
    var step: String
    /// The answers so far, and the steps moved on from.
    var progress = FlowProgress()
    /// The comment being typed; it becomes an answer when the resident moves on.
    var comment = ""
    /// Whether typed letters compose Vietnamese (Telex).
    var telex: Bool
    /// Whether the rating has been handed to the store or the outbox.
    var submitted = false

    init(id: UUID = UUID(), step: String, telex: Bool) {
        self.id = id
        self.step = step
        self.telex = telex
    }

    /// The choice ids given at `stepID` so far (ticked reasons included).
    func chosen(at stepID: String) -> [String] { progress.answers[stepID]?.choiceIDs ?? [] }

    /// The rating as `POST /api/v1/ratings` takes it, with `createdAt` in the centre's time zone.
    func body(in profile: KioskProfile, walkedAway: Bool, now: Date) -> JSONValue? {
        guard let rating = profile.flow.submission(for: progress, id: id, channel: .terminal, walkedAway: walkedAway) else { return nil }
        var answers: [String: JSONValue] = [:]
        for (question, answer) in rating.answers {
            switch answer {
            case .one(let id): answers[question] = .string(id)
            case .many(let ids): answers[question] = .array(ids.map(JSONValue.string))
            }
        }
        var object: [String: JSONValue] = [
            "id": .string(rating.id.uuidString.lowercased()),
            "survey": .string(rating.survey),
            "answers": .object(answers),
            "channel": .string(Channel.terminal.rawValue),
            "createdAt": .string(RFC3339.format(now, in: profile.timeZone)),
        ]
        let optional: [(String, String?)] = [
            ("kiosk", rating.kiosk), ("counter", rating.counter), ("officer", rating.officer), ("field", rating.field),
            ("comment", rating.comment), ("dossierCode", rating.dossierCode),
        ]
        for case (let key, let value?) in optional { object[key] = .string(value) }
        return .object(object)
    }
}
