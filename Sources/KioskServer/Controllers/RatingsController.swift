import Foundation
import Hummingbird
import KioskCore
import KioskStore
import Logging

/// `POST /api/v1/ratings`: validates a rating, stores it durably with its rollups, and answers 201
/// (new), 200 (a retry of a stored rating) or 409 (the id was used for a different rating).
/// Mounted behind ``RequirePairedKioskMiddleware``: the rating is stored as the paired kiosk's.
struct RatingsController {
    let services: AppServices

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .post(use: create)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let value: JSONValue
        do {
            value = try await request.collectJSON(upTo: services.configuration.maximumBodySize)
        } catch {
            services.metrics.ratingRejected(field: nil)
            throw error
        }
        let now = services.now()
        let intake = RatingIntake(content: services.content)
        var submission: RatingSubmission
        do {
            submission = try intake.check(value, now: now)
        } catch let error as RatingError {
            services.metrics.ratingRejected(field: error.field)
            context.logger.info("rating refused", metadata: ["kiosk.rating.field": "\(error.field ?? "body")"])
            throw APIError(error)
        }
        guard let kiosk = context.kiosk else { throw APIError(.unauthorized, PairedKioskAuthentication.notPairedMessage) }
        do {
            try submission.attribute(to: kiosk.device(in: services.content.centre))
        } catch let error as APIError {
            services.metrics.ratingRejected(field: error.field)
            context.logger.notice("rating for another kiosk or counter refused", metadata: ["kiosk.kiosk": "\(kiosk.id)"])
            throw error
        }
        let prepared = try intake.prepare(submission, receivedAt: now, channel: .touch)
        let outcome = try await services.writer.record(prepared)
        switch outcome {
        case .created(let stored):
            services.metrics.ratingsStored.increment()
            context.logger.debug("rating stored", metadata: ["kiosk.rating.id": "\(stored.id)"])
            return try json(stored, status: .created)
        case .alreadyStored(let stored):
            services.metrics.ratingsRepeated.increment()
            return try json(stored, status: .ok)
        case .conflict:
            services.metrics.ratingsConflicting.increment()
            context.logger.notice("rating id reused with different content", metadata: ["kiosk.rating.id": "\(prepared.rating.id)"])
            throw APIError(RatingError.conflict(id: prepared.rating.id.uuidString.lowercased()))
        case .dossierAlreadyRated:
            services.metrics.ratingsConflicting.increment()
            throw APIError(.conflict, "this dossier has already been rated, thank you", field: "dossierCode")
        }
    }

    private func json(_ rating: Rating, status: HTTPResponse.Status) throws -> Response {
        try JSONResponse.make(RatingJSON(rating, timeZone: services.timeZone), status: status)
    }
}
