import HTTPTypes
import Hummingbird
import KioskStore
import Logging

/// Turns a store that cannot write (a full disk, an I/O error, a read-only file system) or whose file is
/// damaged (the store's ``StoreError``) into a `503 Service Unavailable` with a sentence and `Retry-After`,
/// instead of a bare 500: the one place the server maps the store's failures to a status.
///
/// SQLite rolls the transaction back, so nothing half-written is left; the rating was not stored, and a kiosk
/// keeps it in its outbox and sends it again. A damaged page marks the store damaged (``StoreHealth``): from
/// then on ratings are refused at once, so that none is written into a file that is about to be replaced by
/// the last good backup; the kiosks keep them and send them to the restored store. The log names the SQLite
/// error, the file and the route, never the body.
struct StorageErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: KioskMetrics
    let health: StoreHealth
    /// The store's file, for the log.
    let file: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if health.isDamaged, request.method == .post, request.uri.path.hasPrefix("/api/v1/ratings") {
            throw APIError(.serviceUnavailable, StoreHealth.damagedSentence, headers: [.retryAfter: "300"])
        }
        do {
            return try await next(request, context)
        } catch {
            guard let failure = error as? StoreError else { throw error }
            let metadata: Logger.Metadata = [
                "kiosk.sqlite.code": "\(failure.metricLabel)", "kiosk.store.file": "\(file)",
                "kiosk.route": "\(request.method) \(request.uri.path)",
            ]
            metrics.storeWriteFailed(code: failure.metricLabel)
            if failure.isDamage {
                if health.markDamaged(failure.reason) { metrics.storeDamaged() }
                context.logger.error("the store file is damaged; answered 503 (restore the last good backup)", metadata: metadata)
                throw APIError(.serviceUnavailable, StoreHealth.damagedSentence, headers: [.retryAfter: "300"])
            }
            context.logger.error("the store could not write; answered 503", metadata: metadata)
            throw APIError(.serviceUnavailable, Self.message(for: failure), headers: [.retryAfter: "30"])
        }
    }

    /// The sentence for a store that cannot write now.
    static func message(for failure: StoreError) -> String {
        if case .full = failure {
            return "the centre's disk is full, so nothing was saved; please tell the staff (free space on the box and it works again)"
        }
        return "the centre's store cannot write to its disk just now, so nothing was saved; please tell the staff"
    }
}
