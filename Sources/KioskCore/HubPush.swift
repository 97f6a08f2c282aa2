import Foundation

/// One push from a centre to its city hub (`POST /hub/v1/push`): new ratings and void events, each in the
/// order the centre stored them (by `seq`), at most ``maximumItems`` of each.
public struct HubPushBatch: Sendable, Codable, Equatable {
    /// The most ratings, and the most voids, one push may carry.
    public static let maximumItems = 500

    public var ratings: [HubRating]
    public var voids: [HubVoid]

    /// Makes a batch of `ratings` and `voids`.
    public init(ratings: [HubRating] = [], voids: [HubVoid] = []) {
        self.ratings = ratings
        self.voids = voids
    }
}

/// A rating as a centre pushes it: what the figures need, without the comment or the dossier code (the hub
/// holds no text a resident typed).
public struct HubRating: Sendable, Codable, Equatable {
    public var id: UUID
    /// Its place in the centre's store; pushes go in this order.
    public var seq: Int64
    /// The SHA-256 (hex) of the submission's fingerprint: the same id with another fingerprint is a conflict.
    public var fingerprint: String
    public var survey: String
    public var mainChoice: String
    public var satisfied: Bool
    /// Every chosen answer, as the centre's rollups count it.
    public var answers: [HubAnswer]
    public var counter: String?
    public var field: String?
    public var officer: String?
    public var channel: String
    public var kiosk: String?
    /// RFC 3339, as the centre stored them.
    public var createdAt: String
    public var receivedAt: String
    /// The centre's local day and hour of `createdAt` (the centre's time zone), as its own figures count them.
    public var localDay: LocalDate
    public var hour: Int
    /// `misuse` or `abandoned` when it does not count toward the rate (voids come as ``HubVoid``).
    public var excluded: String?
    /// The centre's hash chain, when its store keeps one.
    public var prevHash: String?
    public var hash: String?

    /// Makes a pushed rating from its fields, each as the property of the same name describes it.
    public init(
        id: UUID, seq: Int64, fingerprint: String, survey: String, mainChoice: String, satisfied: Bool, answers: [HubAnswer],
        counter: String? = nil, field: String? = nil, officer: String? = nil, channel: String, kiosk: String? = nil,
        createdAt: String, receivedAt: String, localDay: LocalDate, hour: Int, excluded: String? = nil, prevHash: String? = nil,
        hash: String? = nil
    ) {
        self.id = id
        self.seq = seq
        self.fingerprint = fingerprint
        self.survey = survey
        self.mainChoice = mainChoice
        self.satisfied = satisfied
        self.answers = answers
        self.counter = counter
        self.field = field
        self.officer = officer
        self.channel = channel
        self.kiosk = kiosk
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.localDay = localDay
        self.hour = hour
        self.excluded = excluded
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The rollup rows this rating counts in, like ``Rating/rollupEntries(for:in:)`` at the centre.
    public var rollupKeys: [RollupKey] {
        answers.map { answer in
            RollupKey(
                day: localDay, hour: hour, survey: survey, question: answer.question, isMain: answer.main, choice: answer.choice,
                satisfied: answer.satisfied, counter: counter, field: field, officer: officer, channel: channel, kiosk: kiosk,
                excluded: excluded.flatMap(Exclusion.init(rawValue:)))
        }
    }
}

/// One chosen answer of a pushed rating.
public struct HubAnswer: Sendable, Codable, Equatable {
    public var question: String
    public var choice: String
    /// Whether the question is its survey's main question (the rate counts those).
    public var main: Bool
    /// Whether the choice counts as satisfied; `nil` on a question that is not a satisfaction scale.
    public var satisfied: Bool?

    /// Makes a pushed answer of `choice` to `question`.
    public init(question: String, choice: String, main: Bool, satisfied: Bool?) {
        self.question = question
        self.choice = choice
        self.main = main
        self.satisfied = satisfied
    }
}

/// A void event: the centre head withdrew a rating, which leaves every figure (counted under `voided`).
public struct HubVoid: Sendable, Codable, Equatable {
    public var seq: Int64
    public var ratingID: UUID
    /// RFC 3339.
    public var at: String

    /// Makes a pushed void of the rating `ratingID` at `seq`, made at `at` (RFC 3339).
    public init(seq: Int64, ratingID: UUID, at: String) {
        self.seq = seq
        self.ratingID = ratingID
        self.at = at
    }
}

/// The hub's answer to a push: one outcome per rating and per void, in the order sent. Answering again for the
/// same batch gives the same outcomes (`duplicate` for what was stored), so a lost answer costs nothing.
public struct HubPushResult: Sendable, Codable, Equatable {
    public var ratings: [HubOutcome]
    public var voids: [HubOutcome]

    /// Makes the hub's answer: one outcome per pushed rating and per pushed void.
    public init(ratings: [HubOutcome], voids: [HubOutcome]) {
        self.ratings = ratings
        self.voids = voids
    }
}

/// What the hub did with one pushed item.
public struct HubOutcome: Sendable, Codable, Equatable {
    /// What became of the item.
    public enum Status: String, Sendable, Codable {
        /// Stored now.
        case stored
        /// Stored before with the same content (a re-sent batch); nothing changed.
        case duplicate
        /// The id is stored with another fingerprint; refused, nothing changed.
        case conflict
        /// A void of a rating the hub does not hold; refused, nothing changed.
        case unknown
        /// An item the hub cannot store as it is (a date outside 2000–2100, a field too long, answers that do not
        /// agree with `mainChoice` or `satisfied`…): refused alone, with a sentence naming the field; the centre
        /// keeps it, does not send it again, and the other items of the push are stored.
        case refused
    }

    public var id: UUID
    public var seq: Int64
    public var status: Status
    /// Why it was refused.
    public var message: String?

    /// Makes the outcome of the item `id` at `seq`; `message` says why it was refused.
    public init(id: UUID, seq: Int64, status: Status, message: String? = nil) {
        self.id = id
        self.seq = seq
        self.status = status
        self.message = message
    }
}
