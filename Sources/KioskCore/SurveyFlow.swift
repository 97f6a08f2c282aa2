/// The resident's steps on one kiosk: which questions are asked and when, what is known without asking,
/// and which answer ends the questions.
///
/// Made once from the centre, the survey and the kiosk's `[[kiosks]]` settings, it is plain data: the
/// terminal walks it directly and the server sends it as JSON to the touch kiosk, whose page only walks
/// it (``FlowProgress`` and ``SurveyFlow/steps(for:)`` are the whole of the walking rule). One fixture
/// of scenarios (`Tests/fixtures/flow-scenarios.json`) runs through both.
///
/// The steps are in the order asked: the main question, the survey's other questions, a comment after a
/// dissatisfied answer, then the counter, the officer and the field. A step is asked when every one of
/// its conditions holds. A counter with one named officer or one field names them itself (its choice
/// ``FlowChoice/implies`` them), so they are never asked; a kiosk fixed to a counter asks none of the three.
public struct SurveyFlow: Sendable, Equatable, Codable {
    /// The survey's id, sent with every rating.
    public var survey: String
    /// The kiosk's id, sent with every rating; `nil` for a kiosk the centre does not list.
    public var kiosk: String?
    /// The id of the main question's step.
    public var main: String
    /// What every rating of this kiosk carries without asking (a desk kiosk's counter, and what it implies).
    public var fixed: FlowFacts
    public var steps: [FlowStep]

    /// Makes a flow of `survey` for `kiosk` from its steps, with the facts the kiosk fixes.
    public init(survey: String, kiosk: String?, main: String, fixed: FlowFacts, steps: [FlowStep]) {
        self.survey = survey
        self.kiosk = kiosk
        self.main = main
        self.fixed = fixed
        self.steps = steps
    }

    /// The step with `id`, if the flow has one.
    public func step(_ id: String) -> FlowStep? { steps.first { $0.id == id } }

    /// The main question's step.
    public var mainStep: FlowStep { step(main) ?? steps[0] }
}

/// The counter, officer and field of a rating, as far as they are known.
public struct FlowFacts: Sendable, Equatable, Codable {
    public var counter: String?
    public var officer: String?
    public var field: String?

    /// Makes the facts; each `nil` is not known.
    public init(counter: String? = nil, officer: String? = nil, field: String? = nil) {
        self.counter = counter
        self.officer = officer
        self.field = field
    }

    /// Each fact of `self`, or `other`'s where `self` has none.
    func filled(from other: FlowFacts?) -> FlowFacts {
        FlowFacts(counter: counter ?? other?.counter, officer: officer ?? other?.officer, field: field ?? other?.field)
    }
}

/// One screen of the flow.
public struct FlowStep: Sendable, Equatable, Codable {
    /// What the step asks, and so where its answer goes.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A survey question on a satisfaction scale (faces).
        case scale
        /// A survey question with one answer.
        case single
        /// A survey question with any number of answers, confirmed with "Next".
        case multi
        /// A free-text comment.
        case comment
        /// Which counter served the resident.
        case counter
        /// Which officer served the resident.
        case officer
        /// The field (lĩnh vực) of the procedure.
        case field
    }

    /// Unique in the flow: `q:` and the question id, `comment`, `counter`, `officer:` or `field:` and the
    /// counter id, or `field` when no counter is asked.
    public var id: String
    public var kind: Kind
    /// The survey question the step asks (scale, single and multi steps).
    public var question: String?
    /// The question's prompt; the other steps' prompts are screen strings (`counter.prompt` …).
    public var prompt: LocalizedText?
    /// Asked only when every condition holds.
    public var when: [FlowCondition]
    /// Whether the step can be left without an answer ("Skip", "Không nhớ").
    public var optional: Bool
    /// Whether leaving it without an answer ends the questions (the counter's "Không nhớ").
    public var skipEnds: Bool
    public var choices: [FlowChoice]

    /// Makes a step from its parts, each as the property of the same name describes it.
    public init(
        id: String, kind: Kind, question: String? = nil, prompt: LocalizedText? = nil, when: [FlowCondition] = [], optional: Bool,
        skipEnds: Bool = false, choices: [FlowChoice] = []
    ) {
        self.id = id
        self.kind = kind
        self.question = question
        self.prompt = prompt
        self.when = when
        self.optional = optional
        self.skipEnds = skipEnds
        self.choices = choices
    }

    /// The choice with `id`, if the step has one.
    public func choice(_ id: String) -> FlowChoice? { choices.first { $0.id == id } }
}

/// A step is asked only after one of `anyOf` was given at step `step`.
public struct FlowCondition: Sendable, Equatable, Codable {
    public var step: String
    public var anyOf: [String]

    /// Makes a condition met when the step `step` was answered with one of `anyOf`.
    public init(step: String, anyOf: [String]) {
        self.step = step
        self.anyOf = anyOf
    }
}

/// One answer of a step: what it shows and what choosing it tells.
public struct FlowChoice: Sendable, Equatable, Codable {
    /// The choice id of a question, or the counter's, officer's or field's id.
    public var id: String
    public var label: LocalizedText
    /// A second line: the officers of a counter, an officer's title.
    public var detail: LocalizedText?
    /// The face of a scale choice.
    public var face: Face?
    /// Whether a scale choice counts as satisfied.
    public var satisfied: Bool?
    /// A priority counter (shown apart).
    public var priority: Bool?
    /// An officer with a photo (`/content/photos/ID`).
    public var photo: Bool?
    /// What choosing it makes known without asking (a counter's only officer or field).
    public var implies: FlowFacts?

    /// Makes a choice from its parts, each as the property of the same name describes it.
    public init(
        id: String, label: LocalizedText, detail: LocalizedText? = nil, face: Face? = nil, satisfied: Bool? = nil, priority: Bool? = nil,
        photo: Bool? = nil, implies: FlowFacts? = nil
    ) {
        self.id = id
        self.label = label
        self.detail = detail
        self.face = face
        self.satisfied = satisfied
        self.priority = priority
        self.photo = photo
        self.implies = implies
    }
}

extension SurveyFlow {
    /// Step ids of the steps that are not survey questions.
    public enum StepID {
        public static let comment = "comment"
        public static let counter = "counter"
        /// The field step of a kiosk that asks no counter.
        public static let field = "field"
        /// The step that asks the survey question `id`.
        public static func question(_ id: String) -> String { "q:" + id }
        /// The step that asks for the officer at `counter`.
        public static func officer(at counter: String) -> String { "officer:" + counter }
        /// The step that asks for the field of service at `counter`.
        public static func field(at counter: String) -> String { "field:" + counter }
    }

    /// The flow of one kiosk.
    ///
    /// - Parameters:
    ///   - survey: the survey the kiosk asks; content validation guarantees its main question.
    ///   - centre: the centre's counters, officers and fields.
    ///   - kiosk: the kiosk's settings (a hall kiosk's defaults when the centre does not list it).
    ///   - kioskID: the id sent with its ratings, `nil` when it has none.
    public init(survey: Survey, centre: Centre, kiosk: KioskDevice, kioskID: String?) {
        let main = survey.mainQuestion ?? survey.questions[0]
        var steps = [Self.questionStep(main)]
        for question in survey.questions where question.id != main.id {
            var step = Self.questionStep(question)
            step.when = question.when.map { [FlowCondition(step: StepID.question($0.question), anyOf: $0.choices)] } ?? []
            steps.append(step)
        }
        if survey.comment {
            let dissatisfied = main.choices.filter { $0.satisfied == false }.map(\.id)
            steps.append(
                FlowStep(
                    id: StepID.comment, kind: .comment, when: [FlowCondition(step: StepID.question(main.id), anyOf: dissatisfied)], optional: true))
        }
        var fixed = FlowFacts()
        if let counter = kiosk.counter {
            fixed = FlowFacts(counter: counter).filled(from: Self.implied(by: counter, in: centre))
        } else if kiosk.askCounter && !centre.counters.isEmpty {
            steps += Self.counterSteps(centre: centre, askField: kiosk.askField)
        } else if centre.fields.count == 1 {
            fixed.field = centre.fields[0].id
        } else if kiosk.askField && !centre.fields.isEmpty {
            steps.append(Self.fieldStep(id: StepID.field, fields: centre.fields, when: []))
        }
        self.init(survey: survey.id, kiosk: kioskID, main: StepID.question(main.id), fixed: fixed, steps: steps)
    }

    private static func questionStep(_ question: Question) -> FlowStep {
        let kind: FlowStep.Kind =
            switch question.kind {
            case .scale: .scale
            case .single: .single
            case .multi: .multi
            }
        return FlowStep(
            id: StepID.question(question.id), kind: kind, question: question.id, prompt: question.prompt, optional: question.optional,
            choices: question.choices.map { FlowChoice(id: $0.id, label: $0.label, face: $0.face, satisfied: $0.satisfied) })
    }

    /// The officers a kiosk may name at `counter`.
    static func namedOfficers(at counter: String, in centre: Centre) -> [Officer] {
        centre.officers.filter { $0.showName && $0.counters.contains(counter) }
    }

    /// The fields to choose from at `counter`: its own, or all of the centre's when it lists none.
    static func fields(at counter: String, in centre: Centre) -> [ServiceField] {
        guard let listed = centre.counter(counter)?.fields, !listed.isEmpty else { return centre.fields }
        return centre.fields.filter { listed.contains($0.id) }
    }

    /// What `counter` tells without asking: its officer when it has one named officer, its field when it has one.
    static func implied(by counter: String, in centre: Centre) -> FlowFacts? {
        let officers = namedOfficers(at: counter, in: centre)
        let fields = fields(at: counter, in: centre)
        let facts = FlowFacts(officer: officers.count == 1 ? officers[0].id : nil, field: fields.count == 1 ? fields[0].id : nil)
        return facts == FlowFacts() ? nil : facts
    }

    private static func counterSteps(centre: Centre, askField: Bool) -> [FlowStep] {
        let choices = centre.counters.map { counter in
            let names = namedOfficers(at: counter.id, in: centre).map(\.name).joined(separator: ", ")
            return FlowChoice(
                id: counter.id, label: counter.name, detail: names.isEmpty ? nil : LocalizedText(vi: names), priority: counter.priority ? true : nil,
                implies: implied(by: counter.id, in: centre))
        }
        var steps = [FlowStep(id: StepID.counter, kind: .counter, optional: true, skipEnds: true, choices: choices)]
        for counter in centre.counters {
            let when = [FlowCondition(step: StepID.counter, anyOf: [counter.id])]
            let officers = namedOfficers(at: counter.id, in: centre)
            if officers.count > 1 {
                steps.append(
                    FlowStep(
                        id: StepID.officer(at: counter.id), kind: .officer, when: when, optional: true,
                        choices: officers.map {
                            FlowChoice(id: $0.id, label: LocalizedText(vi: $0.name), detail: $0.title, photo: $0.photo == nil ? nil : true)
                        }))
            }
            let fields = fields(at: counter.id, in: centre)
            if askField && fields.count > 1 {
                steps.append(fieldStep(id: StepID.field(at: counter.id), fields: fields, when: when))
            }
        }
        return steps
    }

    private static func fieldStep(id: String, fields: [ServiceField], when: [FlowCondition]) -> FlowStep {
        FlowStep(id: id, kind: .field, when: when, optional: true, choices: fields.map { FlowChoice(id: $0.id, label: $0.name) })
    }
}
