/// The face drawn on a rating choice, from best to worst.
public enum Face: String, Sendable, CaseIterable, Codable {
    case veryHappy = "very-happy"
    case happy
    case neutral
    case unhappy
    case veryUnhappy = "very-unhappy"
}

/// How a question is answered.
public enum QuestionKind: String, Sendable, CaseIterable, Codable {
    /// One choice on a satisfaction scale; every choice has a face and a satisfied flag.
    case scale
    /// One choice of several.
    case single
    /// Any number of choices, at least one.
    case multi
}

/// One answer a resident can give to a question.
public struct Choice: Sendable, Equatable, Codable {
    /// Stable id, stored with every rating (never rename one that has been used).
    public var id: String
    public var label: LocalizedText
    /// The face shown on a scale choice; `nil` for other kinds.
    public var face: Face?
    /// Whether the choice counts as satisfied; `nil` for non-scale questions.
    public var satisfied: Bool?

    /// Makes a choice; `face` and `satisfied` are for choices of a satisfaction scale.
    public init(id: String, label: LocalizedText, face: Face? = nil, satisfied: Bool? = nil) {
        self.id = id
        self.label = label
        self.face = face
        self.satisfied = satisfied
    }
}

/// A question is asked only after one of `choices` was given to `question`.
public struct Condition: Sendable, Equatable, Codable {
    public var question: String
    public var choices: [String]

    /// Makes a condition met when `question` was answered with one of `choices`.
    public init(question: String, choices: [String]) {
        self.question = question
        self.choices = choices
    }
}

/// One question of a survey.
public struct Question: Sendable, Equatable, Codable {
    public var id: String
    public var kind: QuestionKind
    public var prompt: LocalizedText
    public var choices: [Choice]
    /// Asked only when this condition holds; `nil` means always asked.
    public var when: Condition?
    /// Whether the question may be left unanswered (questions are required by default).
    public var optional: Bool

    /// Makes a question; it is asked only when `when` is met (always when `nil`), and is required unless `optional`.
    public init(
        id: String, kind: QuestionKind, prompt: LocalizedText, choices: [Choice], when: Condition? = nil, optional: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.choices = choices
        self.when = when
        self.optional = optional
    }

    /// The choice with `id`, if the question has one.
    public func choice(_ id: String) -> Choice? {
        choices.first { $0.id == id }
    }
}

/// A survey as defined in `kiosk-content/surveys/ID.toml`.
public struct Survey: Sendable, Equatable, Codable {
    public var id: String
    public var title: LocalizedText
    /// The id of the scale question whose answer gives the satisfaction rate.
    public var main: String
    /// Whether a free-text comment may be added.
    public var comment: Bool
    public var questions: [Question]

    /// Makes a survey whose main question is `main`; `comment` says whether it asks for a comment.
    public init(id: String, title: LocalizedText, main: String, comment: Bool = false, questions: [Question]) {
        self.id = id
        self.title = title
        self.main = main
        self.comment = comment
        self.questions = questions
    }

    /// The question with `id`, if the survey has one.
    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }

    /// The main question; content validation guarantees it exists.
    public var mainQuestion: Question? { question(main) }
}
