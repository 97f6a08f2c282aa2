import Foundation

/// The answer given at one step.
public enum FlowAnswer: Sendable, Equatable, Hashable {
    /// The chosen choice ids: one for a scale, single, counter, officer or field step, any for a multi step.
    case chosen([String])
    /// The comment as typed.
    case text(String)
    /// Left without an answer ("Skip", "Không nhớ").
    case none

    /// The chosen ids (none for a text or a skip).
    public var choiceIDs: [String] {
        if case .chosen(let ids) = self { ids } else { [] }
    }
}

/// Where one resident is in a ``SurveyFlow``: what they answered, and which steps they moved on from.
public struct FlowProgress: Sendable, Equatable {
    /// The answers given so far, by step id (a step not moved on from may hold one too: reasons ticked).
    public var answers: [String: FlowAnswer] = [:]
    /// The steps the resident moved on from: what a walk-away keeps.
    public var confirmed: Set<String> = []
    /// The dossier code (mã hồ sơ) scanned or typed, if any.
    public var dossierCode: String?

    /// Makes the progress of a flow not yet walked, with a dossier code when one was scanned or typed.
    public init(dossierCode: String? = nil) {
        self.dossierCode = dossierCode
    }

    /// Whether the main question has an answer (a rating then exists, even if the resident walks away).
    public func hasMainAnswer(in flow: SurveyFlow) -> Bool {
        !(answers[flow.main]?.choiceIDs.isEmpty ?? true)
    }
}

extension SurveyFlow {
    /// Whether every condition of `step` holds for `progress`.
    public func applies(_ step: FlowStep, to progress: FlowProgress) -> Bool {
        step.when.allSatisfy { condition in
            progress.answers[condition.step]?.choiceIDs.contains(where: condition.anyOf.contains) ?? false
        }
    }

    /// The steps asked, given the answers so far, in order: those whose conditions hold, up to a step whose
    /// answer ends the questions (the counter's "Không nhớ").
    public func steps(for progress: FlowProgress) -> [FlowStep] {
        var asked: [FlowStep] = []
        for step in steps where applies(step, to: progress) {
            asked.append(step)
            if step.skipEnds, progress.answers[step.id] == FlowAnswer.none { break }
        }
        return asked
    }

    /// The step after `stepID`, or `nil` when the questions end there.
    public func step(after stepID: String, for progress: FlowProgress) -> FlowStep? {
        let asked = steps(for: progress)
        guard let index = asked.firstIndex(where: { $0.id == stepID }), index + 1 < asked.count else { return nil }
        return asked[index + 1]
    }

    /// The step before `stepID`, or `nil` at the first.
    public func step(before stepID: String, for progress: FlowProgress) -> FlowStep? {
        let asked = steps(for: progress)
        guard let index = asked.firstIndex(where: { $0.id == stepID }), index > 0 else { return nil }
        return asked[index - 1]
    }

    /// Gives `answer` at `stepID` and moves on from it: the step the resident sees next, `nil` when the
    /// questions end. A multi step's choices are kept in the step's order, not the order tapped.
    @discardableResult
    public func answer(_ answer: FlowAnswer, at stepID: String, in progress: inout FlowProgress) -> FlowStep? {
        progress.answers[stepID] = ordered(answer, at: stepID)
        progress.confirmed.insert(stepID)
        return step(after: stepID, for: progress)
    }

    /// `answer` with a multi step's choices in the step's order; an empty choice is no answer.
    public func ordered(_ answer: FlowAnswer, at stepID: String) -> FlowAnswer {
        guard case .chosen(let ids) = answer, let step = step(stepID) else { return answer }
        let kept = step.choices.map(\.id).filter(ids.contains)
        return kept.isEmpty ? .none : .chosen(kept)
    }

    /// The counter, officer and field the answers give: those chosen, else those a chosen counter or the
    /// kiosk itself implies.
    public func facts(for progress: FlowProgress, confirmedOnly: Bool = false) -> FlowFacts {
        var chosen = FlowFacts()
        var implied: FlowFacts?
        for step in steps(for: progress) {
            guard let id = given(at: step, in: progress, confirmedOnly: confirmedOnly)?.choiceIDs.first else { continue }
            switch step.kind {
            case .counter:
                chosen.counter = id
                implied = step.choice(id)?.implies
            case .officer: chosen.officer = id
            case .field: chosen.field = id
            default: break
            }
        }
        return fixed.filled(from: chosen).filled(from: implied)
    }

    private func given(at step: FlowStep, in progress: FlowProgress, confirmedOnly: Bool) -> FlowAnswer? {
        if confirmedOnly && step.id != main && !progress.confirmed.contains(step.id) { return nil }
        return progress.answers[step.id]
    }

    /// The rating the answers make, at any point: all that was given, or with `walkedAway` only what the
    /// resident moved on from (always the main answer). `nil` before the main question is answered.
    ///
    /// - Parameters:
    ///   - progress: the answers so far.
    ///   - id: the rating's id, made when the rating started.
    ///   - channel: the kiosk's channel (touch, terminal).
    ///   - walkedAway: the resident left (idle reset, stop) before the questions ended.
    ///   - createdAt: when the resident rated.
    public func submission(
        for progress: FlowProgress, id: UUID, channel: Channel, walkedAway: Bool = false, createdAt: Date? = nil
    ) -> RatingSubmission? {
        guard progress.hasMainAnswer(in: self) else { return nil }
        var answers: [String: Answer] = [:]
        var comment: String?
        for step in steps(for: progress) {
            guard let given = given(at: step, in: progress, confirmedOnly: walkedAway) else { continue }
            switch (step.kind, given) {
            case (.multi, .chosen(let ids)) where !ids.isEmpty:
                if let question = step.question { answers[question] = .many(ids) }
            case (.scale, .chosen(let ids)), (.single, .chosen(let ids)):
                if let question = step.question, let first = ids.first { answers[question] = .one(first) }
            case (.comment, .text(let text)):
                let trimmed = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(RatingValidator.maximumCommentLength))
                comment = trimmed.isEmpty ? nil : trimmed
            default:
                break
            }
        }
        let facts = facts(for: progress, confirmedOnly: walkedAway)
        return RatingSubmission(
            id: id, survey: survey, answers: answers, counter: facts.counter, field: facts.field, officer: facts.officer,
            dossierCode: progress.dossierCode, channel: channel, kiosk: kiosk, comment: comment, createdAt: createdAt)
    }
}
