import Foundation
import Hummingbird
import KioskCore

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
            /// `checking` (the check at start is running), `sound` or `damaged`.
            var store: String
            /// What to do, when the store is not usable.
            var message: String?
        }
        let centre = services.content.centre.code
        let store: String
        switch services.storeHealth.state {
        case .checking: store = "checking"
        case .sound: store = "sound"
        case .damaged:
            return try JSONResponse.make(
                Health(status: "store damaged", centre: centre, ratings: -1, store: "damaged", message: StoreHealth.damagedSentence),
                status: .serviceUnavailable)
        }
        do {
            let count = try services.database.ratingsStoredSoFar()
            return try JSONResponse.make(Health(status: "ok", centre: centre, ratings: count, store: store))
        } catch {
            if StoreHealth.isDamage(error), services.storeHealth.markDamaged("\(error)") { services.metrics.storeDamaged() }
            context.logger.error(
                "health check could not read the store",
                metadata: ["kiosk.error": "\(error)", "kiosk.store.file": "\(services.database.file.path)"])
            return try JSONResponse.make(
                Health(
                    status: "store unreadable", centre: centre, ratings: -1, store: store,
                    message: "The centre's store (kiosk.sqlite) cannot be read just now; the IT officer should look at the server's log."),
                status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Alerts are computed when scraped, so that the gauges are always current.
        let alerts = (try? await AlertRules(services).alerts(services)) ?? []
        for kind in Alert.Kind.allCases {
            services.metrics.alerts(kind.rawValue, count: alerts.filter { $0.kind == kind }.count)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.registry.emitToBuffer())))
    }
}
