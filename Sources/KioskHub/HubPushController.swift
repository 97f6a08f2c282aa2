import Foundation
import Hummingbird
import KioskCore
import NIOCore
import NIOFoundationCompat

/// `POST /hub/v1/push`: a centre's batch of ratings and voids, with `Authorization: Bearer <its push token>`.
/// Answers 200 with one outcome per item (stored, duplicate, conflict, unknown, refused: an item the hub cannot
/// store is refused alone, with a sentence); 401 without a known token; 400 for a body that is not a batch,
/// too large or out of order; 409 when the centre's rating chain no longer extends what it pushed before
/// (nothing stored in either case).
struct HubPushController {
    let database: HubDatabase
    /// The largest body accepted: 500 ratings and 500 voids fit with room to spare.
    static let maximumBody = 4 * 1024 * 1024
    /// The longest a push may take before it is answered 503 (and rolled back).
    static let deadline: Duration = .seconds(20)

    var endpoints: RouteCollection<BasicRequestContext> {
        RouteCollection(context: BasicRequestContext.self).post(use: push)
    }

    @Sendable func push(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let centre = try await database.centre(token: String(header.dropFirst(7)))
        else {
            throw HTTPError.hub(.unauthorized, "unknown push token: register the centre with kiosk hub centres add and give it the token")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBody)
        } catch is NIOTooManyBytesError {
            throw HTTPError.hub(
                .contentTooLarge, "the push is larger than 4 MB: send at most \(HubPushBatch.maximumItems) ratings and voids at a time")
        }
        let batch: HubPushRequest
        do {
            batch = try HubPushRequest.read(Data(buffer: body))
        } catch let problem as HubItemProblem {
            throw HTTPError.hub(.badRequest, problem.message)
        }
        do {
            let database = database
            let result = try await withDeadline(Self.deadline) { try await database.push(batch, from: centre) }
            for outcome in result.ratings + result.voids where outcome.status == .conflict || outcome.status == .refused {
                // The id and the field at fault only: the hub holds no text a resident typed, and logs none.
                context.logger.warning(
                    "pushed item refused",
                    metadata: [
                        "kiosk.hub.centre": "\(centre)", "kiosk.rating.id": "\(outcome.id.uuidString.lowercased())",
                        "kiosk.hub.status": "\(outcome.status.rawValue)", "kiosk.hub.seq": "\(outcome.seq)",
                    ])
            }
            return try HubJSON.response(result)
        } catch let error as HubError {
            if case .chainBroken = error { throw HTTPError.hub(.conflict, error.description) }
            throw HTTPError.hub(.badRequest, error.description)
        } catch is DeadlineExceeded {
            throw HTTPError.hub(.serviceUnavailable, "the hub's database did not answer in time; nothing was stored, send the batch again later")
        }
    }
}
