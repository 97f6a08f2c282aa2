import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import NIOCore
import NIOFoundationCompat

/// `POST /hub/v1/push`: a centre's batch of ratings and voids, behind ``HubPushTokenMiddleware`` (`Authorization:
/// Bearer <its push token>`). Answers 200 with one outcome per item (stored, duplicate, conflict, unknown, refused:
/// an item the hub cannot store is refused alone, with a sentence); 400 for a body that is not a batch, too large or
/// out of order; 409 when the centre's rating chain no longer extends what it pushed before (nothing stored in
/// either case).
struct HubPushController {
    let database: HubDatabase
    /// The largest body accepted: 500 ratings and 500 voids fit with room to spare.
    static let maximumBody = 4 * 1024 * 1024
    /// The longest a push may take before it is answered 503 (and rolled back).
    static let deadline: Duration = .seconds(20)

    var endpoints: RouteCollection<HubRequestContext> {
        RouteCollection(context: HubRequestContext.self).post(use: push)
    }

    @Sendable func push(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let centre = context.centre else {
            throw APIError(.unauthorized, "Mã đẩy dữ liệu không đúng. / Unknown push token.", field: "Authorization")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBody)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge,
                "Lần đẩy lớn hơn 4 MB. / The push is larger than 4 MB: send at most \(HubPushBatch.maximumItems) ratings and voids at a time.")
        }
        let batch: HubPushRequest
        do {
            batch = try HubPushRequest.read(Data(buffer: body))
        } catch let problem as HubItemProblem {
            throw APIError(.badRequest, problem.message, field: problem.field)
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
            return try JSONResponse.make(result)
        } catch let error as HubError {
            if case .chainBroken = error { throw APIError(.conflict, error.description) }
            throw APIError(.badRequest, error.description)
        } catch is DeadlineExceeded {
            throw APIError(
                .serviceUnavailable,
                "Cơ sở dữ liệu của máy chủ thành phố chưa trả lời kịp; chưa lưu gì, hãy gửi lại sau. / "
                    + "The hub's database did not answer in time; nothing was stored, send the batch again later.")
        }
    }
}
