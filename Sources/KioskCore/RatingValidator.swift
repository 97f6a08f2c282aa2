import Foundation

/// Checks a submitted rating against the centre's content, exactly as the API, the terminal kiosk and
/// `kiosk import` all do, and turns it into a ``RatingSubmission``.
public struct RatingValidator: Sendable {
    /// The longest comment kept, in characters.
    public static let maximumCommentLength = 1000
    /// How far ahead of the server's clock a `createdAt` may be (kiosk clocks drift a little).
    public static let allowedClockSkew: TimeInterval = 10 * 60

    static let knownKeys: Set<String> = [
        "id", "survey", "answers", "counter", "field", "officer", "dossierCode", "channel", "kiosk", "comment", "createdAt",
    ]

    public let content: CentreContent

    /// Makes a validator that checks submissions against `content`.
    public init(content: CentreContent) {
        self.content = content
    }

    /// Validates a JSON body.
    /// - Parameters:
    ///   - body: the decoded JSON document.
    ///   - now: the server's clock, for refusing timestamps from the future.
    /// - Throws: ``RatingError/invalid(field:message:)`` naming the first problem found.
    public func validate(_ body: JSONValue, now: Date) throws -> RatingSubmission {
        guard case .object(let object) = body else {
            throw RatingError.invalid(field: nil, message: "the body must be a JSON object, not \(body.typeDescription)")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.knownKeys.contains($0) }) {
            throw RatingError.invalid(field: unknown, message: "unknown field '\(unknown)'")
        }
        let fields = FieldReader(object: object)

        guard let idText = try fields.string("id") else {
            throw RatingError.invalid(field: "id", message: "id is required: make a UUID for the rating before sending it")
        }
        guard let id = UUID(uuidString: idText) else {
            throw RatingError.invalid(field: "id", message: "id must be a UUID such as 5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10, not '\(idText)'")
        }
        guard let surveyID = try fields.string("survey") else {
            throw RatingError.invalid(field: "survey", message: "survey is required (one of: \(surveyList))")
        }
        guard let survey = content.surveys[surveyID] else {
            throw RatingError.invalid(field: "survey", message: "survey '\(surveyID)' is not defined (known: \(surveyList))")
        }
        guard let answersValue = object["answers"], answersValue != .null else {
            throw RatingError.invalid(field: "answers", message: "answers is required: an object such as {\"\(survey.main)\": \"satisfied\"}")
        }
        let answers = try validateAnswers(answersValue, of: survey)

        let centre = content.centre
        let counter = try fields.identifier("counter")
        if let counter, centre.counter(counter) == nil {
            throw RatingError.invalid(field: "counter", message: "counter '\(counter)' is not defined in centre.toml")
        }
        let field = try fields.identifier("field")
        if let field, centre.field(field) == nil {
            throw RatingError.invalid(field: "field", message: "field '\(field)' is not defined in centre.toml")
        }
        let officer = try fields.identifier("officer")
        if let officer, centre.officer(officer) == nil {
            throw RatingError.invalid(field: "officer", message: "officer '\(officer)' is not defined in centre.toml")
        }
        var channel: Channel?
        if let text = try fields.string("channel") {
            guard let value = Channel(rawValue: text) else {
                let known = Channel.allCases.map(\.rawValue).joined(separator: ", ")
                throw RatingError.invalid(field: "channel", message: "channel '\(text)' is not one of: \(known)")
            }
            channel = value
        }
        let kiosk = try fields.identifier("kiosk")
        let dossierCode = try fields.dossierCode("dossierCode", rule: content.centre.dossiers)

        var comment: String?
        if let text = try fields.freeText("comment")?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            guard survey.comment else {
                throw RatingError.invalid(field: "comment", message: "survey '\(survey.id)' does not take comments")
            }
            guard text.count <= Self.maximumCommentLength else {
                throw RatingError.invalid(
                    field: "comment", message: "comment is \(text.count) characters long; at most \(Self.maximumCommentLength) are kept")
            }
            comment = PersonalDataRedactor.redact(text)
        }

        var createdAt: Date?
        if let text = try fields.string("createdAt") {
            createdAt = try Self.checkedTime(text, of: content.centre, now: now)
        }

        return RatingSubmission(
            id: id, survey: survey.id, answers: answers, counter: counter, field: field, officer: officer,
            dossierCode: dossierCode, channel: channel, kiosk: kiosk, comment: comment, createdAt: createdAt)
    }

    /// The one rule for the time a rating says it was made, used by the API, the terminal kiosk and
    /// `kiosk import` alike: an RFC 3339 time (``RFC3339/parse(_:)``: a day that exists, `±HH:MM` offsets),
    /// not before the centre's ``Centre/earliestRatingTime`` and not after `now` plus ``allowedClockSkew``.
    /// - Throws: ``RatingError/invalid(field:message:)`` on `createdAt`, in a sentence saying what to send.
    public static func checkedTime(_ text: String, of centre: Centre, now: Date) throws -> Date {
        guard let date = RFC3339.parse(text) else {
            throw RatingError.invalid(
                field: "createdAt",
                message: "createdAt must be an RFC 3339 time of a real day, such as 2026-11-24T09:15:00+07:00, not '\(text.prefix(40))'")
        }
        guard date <= now.addingTimeInterval(allowedClockSkew) else {
            throw RatingError.invalid(field: "createdAt", message: "createdAt \(text) is in the future; check the kiosk's clock")
        }
        guard date >= centre.earliestRatingTime else {
            throw RatingError.invalid(
                field: "createdAt",
                message: "createdAt \(text) is before the centre opened (\(centre.inServiceSince), centre.in_service_since); check the kiosk's clock")
        }
        return date
    }

    private var surveyList: String { content.surveys.keys.sorted().joined(separator: ", ") }

    private func validateAnswers(_ value: JSONValue, of survey: Survey) throws -> [String: Answer] {
        guard case .object(let object) = value else {
            throw RatingError.invalid(field: "answers", message: "answers must be an object of question id to choice, not \(value.typeDescription)")
        }
        if let unknown = object.keys.sorted().first(where: { survey.question($0) == nil }) {
            let known = survey.questions.map(\.id).joined(separator: ", ")
            throw RatingError.invalid(
                field: "answers.\(unknown)", message: "survey '\(survey.id)' has no question '\(unknown)' (questions: \(known))")
        }
        // Content validation guarantees that a condition names an earlier question, so its answer is known here.
        var answers: [String: Answer] = [:]
        for question in survey.questions {
            let path = "answers.\(question.id)"
            let asked =
                question.when.map { condition in
                    answers[condition.question]?.choiceIDs.contains(where: condition.choices.contains) ?? false
                } ?? true
            guard let given = object[question.id], given != .null else {
                if asked && !question.optional {
                    throw RatingError.invalid(field: path, message: "\(path) is required")
                }
                continue
            }
            if !asked, let condition = question.when {
                throw RatingError.invalid(
                    field: path,
                    message: "\(path) is only asked when \(condition.question) is \(condition.choices.joined(separator: " or "))")
            }
            answers[question.id] = try answer(given, to: question, path: path)
        }
        return answers
    }

    private func answer(_ value: JSONValue, to question: Question, path: String) throws -> Answer {
        let choiceList = question.choices.map(\.id).joined(separator: ", ")
        func check(_ id: String) throws -> String {
            guard question.choice(id) != nil else {
                throw RatingError.invalid(field: path, message: "'\(id)' is not a choice of question '\(question.id)' (choices: \(choiceList))")
            }
            return id
        }
        switch (question.kind, value) {
        case (.scale, .string(let id)), (.single, .string(let id)):
            return .one(try check(id))
        case (.multi, .array(let items)):
            guard !items.isEmpty else {
                throw RatingError.invalid(field: path, message: "\(path) must list at least one choice, or be left out")
            }
            var ids: [String] = []
            for item in items {
                guard case .string(let id) = item else {
                    throw RatingError.invalid(field: path, message: "\(path) must be an array of choice ids, not of \(item.typeDescription)")
                }
                guard !ids.contains(id) else {
                    throw RatingError.invalid(field: path, message: "\(path) lists '\(id)' twice")
                }
                ids.append(try check(id))
            }
            return .many(ids)
        case (.multi, _):
            throw RatingError.invalid(
                field: path, message: "\(path) must be an array of choice ids (choices: \(choiceList)), not \(value.typeDescription)")
        default:
            throw RatingError.invalid(
                field: path, message: "\(path) must be one choice id as a string (choices: \(choiceList)), not \(value.typeDescription)")
        }
    }
}

/// Reads optional fields of a JSON object with type checks that name the field.
private struct FieldReader {
    let object: [String: JSONValue]

    /// A string field, NFC-normalised; control characters are refused (they belong in no id, code or time).
    func string(_ key: String) throws -> String? {
        guard let text = try raw(key) else { return nil }
        guard !ControlCharacters.occur(in: text) else {
            throw RatingError.invalid(field: key, message: "\(key) holds a control character; send printable text only")
        }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A free-text field, NFC-normalised, with control characters removed (line breaks kept), so that what
    /// is answered is what is stored.
    func freeText(_ key: String) throws -> String? {
        try raw(key).map { ControlCharacters.removed(from: $0).precomposedStringWithCanonicalMapping }
    }

    private func raw(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null: return nil
        case .string(let text): return text
        case let other?: throw RatingError.invalid(field: key, message: "\(key) must be a string, not \(other.typeDescription)")
        }
    }

    /// An id of the content or of a kiosk: letters, digits, `.`, `_`, `-`, at most 64.
    func identifier(_ key: String) throws -> String? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw RatingError.invalid(field: key, message: "\(key) '\(text.prefix(64))' may hold only letters, digits, '.', '_' and '-' (at most 64)")
        }
        return text
    }

    /// A dossier code (mã hồ sơ) as printed on a receipt, e.g. `H26.05-260115-0001`, that matches the
    /// centre's `[dossiers] code_pattern` and holds no phone or ID number.
    func dossierCode(_ key: String, rule: DossierSettings) throws -> String? {
        guard let text = try string(key)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard text.count <= 50, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_/".contains($0)) }) else {
            throw RatingError.invalid(
                field: key, message: "\(key) may hold only letters, digits, '.', '-', '_' and '/' (at most 50), as printed on the receipt")
        }
        let code = text.uppercased()
        guard rule.accepts(code) else {
            // The code is not repeated: it may be a phone or ID number typed into the wrong box.
            throw RatingError.invalid(
                field: key,
                message: "\(key) is not a dossier code of this centre: send the code printed on the receipt, such as H26.05-260115-0001 "
                    + "(a phone or ID number is never stored there)")
        }
        return code
    }
}
