import Foundation

/// Why a stored rating does not count toward the rate. Excluded ratings are kept and counted apart.
public enum Exclusion: String, Sendable, CaseIterable, Codable {
    /// Part of a burst of presses from one kiosk.
    case misuse
    /// Started but not finished.
    case abandoned
    /// Withdrawn by an administrator, with a recorded reason.
    case voided
}

/// A rating as stored: the submission plus what the server decided when it stored it.
public struct Rating: Sendable, Equatable, Codable {
    public var id: UUID
    public var survey: String
    public var answers: [String: Answer]
    public var counter: String?
    public var field: String?
    public var officer: String?
    public var dossierCode: String?
    public var channel: Channel
    public var kiosk: String?
    public var comment: String?
    /// When the resident rated (the kiosk's clock, or the server's when the kiosk sent none).
    public var createdAt: Date
    /// When the server stored it.
    public var receivedAt: Date
    /// The answer to the survey's main question.
    public var mainChoice: String
    /// Whether that answer counts as satisfied.
    public var satisfied: Bool
    /// Why the rating does not count toward the rate, if it does not.
    public var excluded: Exclusion?
    /// The submission's ``RatingSubmission/fingerprint``, to tell a retry from a conflict.
    public var fingerprint: String

    /// Makes the stored form of a validated submission.
    /// - Parameters:
    ///   - submission: a submission that passed ``RatingValidator``.
    ///   - survey: its survey.
    ///   - receivedAt: the server's clock; also the rating time when the kiosk sent none.
    ///   - defaultChannel: the channel when the submission names none.
    public init(_ submission: RatingSubmission, survey: Survey, receivedAt: Date, defaultChannel: Channel = .touch) {
        let main = submission.answers[survey.main]?.choiceIDs.first ?? ""
        self.id = submission.id
        self.survey = submission.survey
        self.answers = submission.answers
        self.counter = submission.counter
        self.field = submission.field
        self.officer = submission.officer
        self.dossierCode = submission.dossierCode
        self.channel = submission.channel ?? defaultChannel
        self.kiosk = submission.kiosk
        self.comment = submission.comment
        self.createdAt = submission.createdAt ?? receivedAt
        self.receivedAt = receivedAt
        self.mainChoice = main
        self.satisfied = survey.mainQuestion?.choice(main)?.satisfied ?? false
        self.excluded = nil
        self.fingerprint = submission.fingerprint
    }

    /// Makes a rating from all its stored values, as read back from the store.
    public init(
        id: UUID, survey: String, answers: [String: Answer], counter: String?, field: String?, officer: String?,
        dossierCode: String?, channel: Channel, kiosk: String?, comment: String?, createdAt: Date, receivedAt: Date,
        mainChoice: String, satisfied: Bool, excluded: Exclusion?, fingerprint: String
    ) {
        self.id = id
        self.survey = survey
        self.answers = answers
        self.counter = counter
        self.field = field
        self.officer = officer
        self.dossierCode = dossierCode
        self.channel = channel
        self.kiosk = kiosk
        self.comment = comment
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.mainChoice = mainChoice
        self.satisfied = satisfied
        self.excluded = excluded
        self.fingerprint = fingerprint
    }

    /// The rollup rows this rating adds to: one per chosen answer of every question, on the centre's local day and hour.
    public func rollupEntries(for survey: Survey, in timeZone: TimeZone) -> [RollupKey] {
        let (day, hour) = LocalDate.of(createdAt, in: timeZone)
        var keys: [RollupKey] = []
        for question in survey.questions {
            for choiceID in answers[question.id]?.choiceIDs ?? [] {
                let satisfied = question.choice(choiceID)?.satisfied
                keys.append(
                    RollupKey(
                        day: day, hour: hour, survey: self.survey, question: question.id, isMain: question.id == survey.main,
                        choice: choiceID, satisfied: satisfied, counter: counter, field: field, officer: officer,
                        channel: channel.rawValue, kiosk: kiosk, excluded: excluded))
            }
        }
        return keys
    }
}

/// The coordinates of one rollup row: a count of answers that share all of these.
public struct RollupKey: Sendable, Hashable {
    public var day: LocalDate
    public var hour: Int
    public var survey: String
    public var question: String
    public var isMain: Bool
    public var choice: String
    /// `nil` for questions that are not on a satisfaction scale.
    public var satisfied: Bool?
    public var counter: String?
    public var field: String?
    public var officer: String?
    public var channel: String
    public var kiosk: String?
    public var excluded: Exclusion?

    /// Makes a rollup key from its coordinates, each as the property of the same name describes it.
    public init(
        day: LocalDate, hour: Int, survey: String, question: String, isMain: Bool, choice: String, satisfied: Bool?,
        counter: String?, field: String?, officer: String?, channel: String, kiosk: String?, excluded: Exclusion?
    ) {
        self.day = day
        self.hour = hour
        self.survey = survey
        self.question = question
        self.isMain = isMain
        self.choice = choice
        self.satisfied = satisfied
        self.counter = counter
        self.field = field
        self.officer = officer
        self.channel = channel
        self.kiosk = kiosk
        self.excluded = excluded
    }
}
