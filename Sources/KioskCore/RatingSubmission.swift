import Foundation

/// How a rating reached the centre.
public enum Channel: String, Sendable, CaseIterable, Codable {
    /// The touch kiosk in the centre.
    case touch
    /// The text-terminal kiosk.
    case terminal
    /// A resident's own phone or browser ("rate later" QR).
    case web
    /// A paper form typed in by staff.
    case paper
    /// Loaded from another system's export.
    case `import`
}

/// The answer to one question: one choice id, or several for a `multi` question.
public enum Answer: Sendable, Equatable, Hashable, Codable {
    case one(String)
    case many([String])

    /// The choice ids of the answer, in the order given.
    public var choiceIDs: [String] {
        switch self {
        case .one(let id): [id]
        case .many(let ids): ids
        }
    }

    /// Reads an answer written as one choice id (a string) or several (an array of strings).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            self = .one(one)
        } else {
            self = .many(try container.decode([String].self))
        }
    }

    /// Writes one choice as a string and several as an array of strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let id): try container.encode(id)
        case .many(let ids): try container.encode(ids)
        }
    }
}

/// A rating as a kiosk, a paper form or an import submits it, after validation against the content.
///
/// Text is NFC-normalised and the comment is already scrubbed of personal data.
public struct RatingSubmission: Sendable, Equatable, Codable {
    public var id: UUID
    public var survey: String
    public var answers: [String: Answer]
    public var counter: String?
    public var field: String?
    public var officer: String?
    public var dossierCode: String?
    public var channel: Channel?
    public var kiosk: String?
    public var comment: String?
    /// When the resident rated, as sent by the kiosk; `nil` lets the server use its own clock.
    public var createdAt: Date?

    /// Makes a submission from its fields, each as the property of the same name describes it.
    public init(
        id: UUID, survey: String, answers: [String: Answer], counter: String? = nil, field: String? = nil,
        officer: String? = nil, dossierCode: String? = nil, channel: Channel? = nil, kiosk: String? = nil,
        comment: String? = nil, createdAt: Date? = nil
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
    }

    /// A stable text form of everything the sender chose, used to tell a retry (same text) from a
    /// conflicting reuse of the id (different text).
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        // Encoding plain strings, arrays and dates cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
