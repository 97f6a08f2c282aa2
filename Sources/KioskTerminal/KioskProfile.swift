import Foundation
import KioskCore

/// What one terminal kiosk asks, from the centre's content and its `[[kiosks]]` entry: the same rules the
/// touch kiosk follows (which questions apply, whether the counter, officer and field are asked).
public struct KioskProfile: Sendable {
    /// The survey the kiosks ask.
    public static let surveyID = "quick"

    public let content: CentreContent
    public let survey: Survey
    /// This kiosk's settings; a hall kiosk's defaults when it is not named.
    public let device: KioskDevice
    /// The id sent with every rating and call; `nil` when the kiosk was not named.
    public let kioskID: String?
    public let timeZone: TimeZone
    /// Seconds without a key before the idle countdown.
    public let idleSeconds: Double

    /// Why a profile cannot be made.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The content has no quick survey.
        case noSurvey
        /// `--kiosk` names a kiosk that `centre.toml` does not list.
        case unknownKiosk(String, known: [String])

        public var description: String {
            switch self {
            case .noSurvey: "the content has no surveys/quick.toml, which the kiosk asks"
            case .unknownKiosk(let id, let known):
                "kiosk '\(id)' is not in centre.toml (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            }
        }
    }

    /// - Parameters:
    ///   - content: the centre's content.
    ///   - kioskID: the kiosk's id in `centre.toml`, or `nil` for a hall kiosk with default settings.
    ///   - idleSeconds: overrides the kiosk's `idle_seconds` (trials and tests).
    /// - Throws: ``Problem`` when the survey is missing or the kiosk is unknown.
    public init(content: CentreContent, kioskID: String?, idleSeconds: Double? = nil) throws {
        guard let survey = content.surveys[Self.surveyID], survey.mainQuestion != nil else { throw Problem.noSurvey }
        var device = KioskDevice(id: kioskID ?? "")
        if let kioskID {
            guard let known = content.centre.kiosk(kioskID) else {
                throw Problem.unknownKiosk(kioskID, known: content.centre.kiosks.map(\.id))
            }
            device = known
        }
        self.content = content
        self.survey = survey
        self.device = device
        self.kioskID = kioskID
        self.timeZone = TimeZone(identifier: content.centre.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        self.idleSeconds = idleSeconds ?? Double(device.idleSeconds)
    }

    var centre: Centre { content.centre }

    /// The main question (content validation guarantees it).
    var mainQuestion: Question { survey.mainQuestion! }

    /// The questions in the order asked: the main one first, then the others as in the file.
    var orderedQuestions: [Question] {
        [mainQuestion] + survey.questions.filter { $0.id != survey.main }
    }

    /// Whether `question` is asked, given the answers so far.
    func applies(_ question: Question, answers: [String: [String]]) -> Bool {
        guard let condition = question.when else { return true }
        return answers[condition.question]?.contains(where: condition.choices.contains) ?? false
    }

    /// The counter this kiosk is fixed to, if any.
    var fixedCounter: String? { device.counter }

    /// A hall kiosk asks the counter; a kiosk fixed to one counter asks nothing more.
    var asksCounter: Bool { fixedCounter == nil && device.askCounter && !centre.counters.isEmpty }

    /// The officers a counter shows (those the centre lets the kiosk name).
    func officers(at counter: String?) -> [Officer] {
        guard let counter else { return [] }
        return centre.officers.filter { $0.showName && $0.counters.contains(counter) }
    }

    /// The fields to choose from: those of the chosen counter, or all of the centre's.
    func fieldChoices(counter: String?) -> [ServiceField] {
        if let counter = counter.flatMap(centre.counter), !counter.fields.isEmpty {
            return centre.fields.filter { counter.fields.contains($0.id) }
        }
        return centre.fields
    }

    var asksFieldAtAll: Bool { fixedCounter == nil && device.askField }

    func asksField(counter: String?) -> Bool { asksFieldAtAll && fieldChoices(counter: counter).count > 1 }

    /// The field when the chosen counter serves only one: known without asking.
    func inferredField(counter: String?) -> String? {
        guard asksFieldAtAll, counter != nil else { return nil }
        let choices = fieldChoices(counter: counter)
        return choices.count == 1 ? choices[0].id : nil
    }

    /// The main answer's choice, if given.
    func mainChoice(_ answers: [String: [String]]) -> Choice? {
        answers[mainQuestion.id]?.first.flatMap(mainQuestion.choice)
    }

    /// A comment is asked after a not-satisfied main answer, when the survey takes comments.
    func wantsComment(_ answers: [String: [String]]) -> Bool {
        survey.comment && mainChoice(answers)?.satisfied == false
    }
}
