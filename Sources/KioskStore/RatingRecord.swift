import Foundation
import GRDB
import KioskCore

/// A row of the `rating` table. Ratings are only ever inserted (triggers refuse any other change than
/// removing the comment); each carries the hash of the one before it (``RatingChain``).
struct RatingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rating"

    var id: String
    var survey: String
    var answers: String
    var mainChoice: String
    var satisfied: Bool
    var counter: String?
    var field: String?
    var officer: String?
    var dossierCode: String?
    var channel: String
    var kiosk: String?
    var comment: String?
    var createdAt: String
    var receivedAt: String
    var localDay: String
    var excluded: String?
    /// The SHA-256 of the submission's fingerprint (never the fingerprint itself, which holds the comment).
    var fingerprint: String
    /// The `hash` of the rating stored just before this one.
    var prevHash = ""
    /// SHA-256 over `prevHash` and this rating's columns: the comment through ``commentDigest``, not as text.
    var hash = ""
    /// The salted digest of the comment (``RatingChain/commentDigest(id:comment:)``); nil on ratings stored before v13.
    var commentDigest: String?
    /// HMAC-SHA256 of `hash` with the centre's ``ChainKey``; nil when the store had no key when it was stored.
    var mac: String?

    enum CodingKeys: String, CodingKey {
        case id, survey, answers, satisfied, counter, field, officer, channel, kiosk, comment, excluded, fingerprint, hash
        case mac
        case prevHash = "prev_hash"
        case commentDigest = "comment_digest"
        case mainChoice = "main_choice"
        case dossierCode = "dossier_code"
        case createdAt = "created_at"
        case receivedAt = "received_at"
        case localDay = "local_day"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let dossierCode = Column(CodingKeys.dossierCode)
        static let localDay = Column(CodingKeys.localDay)
    }

    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    init(_ rating: Rating, localDay: LocalDate) {
        id = rating.id.uuidString.lowercased()
        survey = rating.survey
        answers = Self.encode(rating.answers)
        mainChoice = rating.mainChoice
        satisfied = rating.satisfied
        counter = rating.counter
        field = rating.field
        officer = rating.officer
        dossierCode = rating.dossierCode
        channel = rating.channel.rawValue
        kiosk = rating.kiosk
        comment = rating.comment
        createdAt = Self.timestamp.format(rating.createdAt)
        receivedAt = Self.timestamp.format(rating.receivedAt)
        self.localDay = localDay.description
        excluded = rating.excluded?.rawValue
        fingerprint = RatingChain.fingerprintDigest(rating.fingerprint)
        commentDigest = RatingChain.commentDigest(id: id, comment: rating.comment)
    }

    /// The domain value of the row.
    var rating: Rating {
        let decoded = (try? JSONDecoder().decode([String: Answer].self, from: Data(answers.utf8))) ?? [:]
        return Rating(
            id: UUID(uuidString: id) ?? UUID(), survey: survey, answers: decoded, counter: counter, field: field,
            officer: officer, dossierCode: dossierCode, channel: Channel(rawValue: channel) ?? .import, kiosk: kiosk,
            comment: comment, createdAt: RFC3339.parse(createdAt) ?? .distantPast,
            receivedAt: RFC3339.parse(receivedAt) ?? .distantPast, mainChoice: mainChoice, satisfied: satisfied,
            excluded: excluded.flatMap(Exclusion.init(rawValue:)), fingerprint: fingerprint)
    }

    private static func encode(_ answers: [String: Answer]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(answers)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
