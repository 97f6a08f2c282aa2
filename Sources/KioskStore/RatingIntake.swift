import Foundation
import KioskCore

/// The one way a submitted rating becomes the row the store keeps, for the API, the terminal and
/// `kiosk import` alike: the body is checked against the content (``check(_:now:)``), then made into the
/// rating with its rollups (``prepare(_:receivedAt:channel:)``). The server attributes a rating to its paired
/// kiosk between the two steps; the other paths have no kiosk to attribute.
public struct RatingIntake: Sendable {
    /// The centre's content the ratings are checked against.
    public let content: CentreContent

    /// An intake for `content`.
    public init(content: CentreContent) {
        self.content = content
    }

    /// Checks `body` as ``RatingValidator`` does: the survey, its answers, the fields and the time.
    /// - Throws: ``RatingError`` naming the field that is wrong.
    public func check(_ body: JSONValue, now: Date) throws -> RatingSubmission {
        try RatingValidator(content: content).validate(body, now: now)
    }

    /// The rating of a checked `submission`, received at `receivedAt`, ready to be stored with its rollups
    /// counted in the centre's time zone.
    /// - Parameter channel: the channel when the submission names none (touch, terminal, import, paper).
    /// - Throws: ``RatingError`` when the submission's survey is not one of the content's (it was not checked).
    public func prepare(_ submission: RatingSubmission, receivedAt: Date, channel: Channel) throws -> PreparedRating {
        guard let survey = content.surveys[submission.survey] else {
            throw RatingError.invalid(field: "survey", message: "survey '\(submission.survey)' is not one of this centre's surveys")
        }
        let rating = Rating(submission, survey: survey, receivedAt: receivedAt, defaultChannel: channel)
        return PreparedRating(rating, survey: survey, timeZone: content.centre.timeZone)
    }

    /// Checks `body` and prepares its rating in one step, for the paths that attribute nothing.
    /// - Throws: ``RatingError`` naming the field that is wrong.
    public func prepare(_ body: JSONValue, receivedAt now: Date, channel: Channel) throws -> PreparedRating {
        try prepare(check(body, now: now), receivedAt: now, channel: channel)
    }
}
