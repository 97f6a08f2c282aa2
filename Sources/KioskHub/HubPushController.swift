import Foundation
import Hummingbird
import KioskCore
import NIOFoundationCompat

/// `POST /hub/v1/push`: a centre's batch of ratings and voids, with `Authorization: Bearer <its push token>`.
/// Answers 200 with one outcome per item (stored, duplicate, conflict, unknown); 401 without a known token;
/// 400 for a batch that is not JSON, too large or out of order (nothing stored).
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
        let body = try await request.body.collect(upTo: Self.maximumBody)
        let batch: HubPushBatch
        do {
            batch = try JSONDecoder().decode(HubPushBatch.self, from: Data(buffer: body))
        } catch {
            throw HTTPError.hub(.badRequest, "the push is not a batch of ratings and voids: \(error)")
        }
        do {
            let database = database
            let result = try await withDeadline(Self.deadline) { try await database.push(batch, from: centre) }
            let conflicts = result.ratings.filter { $0.status == .conflict }
            for conflict in conflicts {
                context.logger.warning(
                    "conflicting rating refused",
                    metadata: ["kiosk.hub.centre": "\(centre)", "kiosk.rating.id": "\(conflict.id.uuidString.lowercased())"])
            }
            return try HubJSON.response(result)
        } catch let error as HubError {
            throw HTTPError.hub(.badRequest, error.description)
        } catch is DeadlineExceeded {
            throw HTTPError.hub(.serviceUnavailable, "the hub's database did not answer in time; nothing was stored, send the batch again later")
        }
    }
}
