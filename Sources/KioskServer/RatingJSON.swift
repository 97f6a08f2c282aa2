import Foundation
import KioskCore

/// The JSON form of a stored rating, as the API answers it. Times are RFC 3339 in the centre's zone.
struct RatingJSON: Encodable {
    var id: String
    var survey: String
    var answers: [String: Answer]
    var counter: String?
    var field: String?
    var officer: String?
    var dossierCode: String?
    var channel: String
    var kiosk: String?
    var comment: String?
    var createdAt: String
    var receivedAt: String
    var satisfied: Bool
    var excluded: String?

    init(_ rating: Rating, timeZone: TimeZone) {
        id = rating.id.uuidString.lowercased()
        survey = rating.survey
        answers = rating.answers
        counter = rating.counter
        field = rating.field
        officer = rating.officer
        dossierCode = rating.dossierCode
        channel = rating.channel.rawValue
        kiosk = rating.kiosk
        comment = rating.comment
        createdAt = RFC3339.format(rating.createdAt, in: timeZone)
        receivedAt = RFC3339.format(rating.receivedAt, in: timeZone)
        satisfied = rating.satisfied
        excluded = rating.excluded?.rawValue
    }
}
