import Foundation
import KioskCore
import KioskStore
import Logging

/// Where the kiosk's ratings and calls go: the centre's store on this machine (`--data`) or a running
/// server (`--server`). Every method returns at once; what takes time happens on the backend's own threads.
public protocol KioskBackend: AnyObject, Sendable {
    /// Stores or sends a rating. It is durable (in the store, or in the outbox) when this returns.
    func submit(id: UUID, body: JSONValue)
    /// Records a call for help.
    func placeCall(id: UUID, topic: String?)
    /// Withdraws a call.
    func cancelCall(id: UUID)
    /// What is known of a call now.
    func callStatus(id: UUID) -> CallStatus?
    /// Ratings waiting to be sent.
    var status: BackendStatus { get }
    /// Stops the backend's threads (what is waiting stays in the outbox).
    func stop()
}

/// The one check every rating passes before it is stored or sent: the validation the HTTP API applies.
struct RatingCheck: Sendable {
    let intake: RatingIntake
    let logger: Logger

    init(content: CentreContent, logger: Logger) {
        self.intake = RatingIntake(content: content)
        self.logger = logger
    }

    /// The submission of `body`, or `nil` (logged) when the content refuses it. A time the validator
    /// refuses (this box's clock is wrong) is dropped, as the server's outbox sender does, so the rating
    /// is kept with the time it is stored at rather than lost.
    func validate(_ body: JSONValue, id: UUID, now: Date) -> RatingSubmission? {
        do {
            do {
                return try intake.check(body, now: now)
            } catch let error as RatingError where error.field == "createdAt" {
                guard case .object(var object) = body else { throw error }
                logger.warning("rating time refused, kept without it: \(error)", metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())"])
                object["createdAt"] = nil
                return try intake.check(.object(object), now: now)
            }
        } catch let error as RatingError {
            logger.error(
                "rating refused by the content's rules, not kept: \(error)",
                metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())", "kiosk.rating.field": "\(error.field ?? "body")"])
        } catch {
            logger.error("rating could not be checked: \(error)", metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())"])
        }
        return nil
    }
}
