import Foundation
import Hummingbird

/// `GET /health` (is the service up, is its store readable) and `GET /metrics` (Prometheus text).
struct HealthController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health", use: health)
        router.get("/metrics", use: metrics)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        struct Health: Encodable {
            var status: String
            var centre: String
            var ratings: Int
        }
        do {
            let count = try services.database.ratingsStoredSoFar()
            return try JSONResponse.make(Health(status: "ok", centre: services.content.centre.code, ratings: count))
        } catch {
            context.logger.error("health check could not read the store", metadata: ["kiosk.error": "\(error)"])
            return try JSONResponse.make(Health(status: "store unreadable", centre: services.content.centre.code, ratings: -1),
                status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Alerts are computed when scraped, so that the gauges are always current.
        let alerts = (try? AlertRules().alerts(services)) ?? []
        for kind in Alert.Kind.allCases {
            services.metrics.alerts(kind.rawValue, count: alerts.filter { $0.kind == kind }.count)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.registry.emitToBuffer())))
    }
}
