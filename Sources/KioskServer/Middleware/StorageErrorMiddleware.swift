import GRDB
import HTTPTypes
import Hummingbird

/// Turns a store that cannot write (a full disk, an I/O error, a read-only file system) into a
/// `503 Service Unavailable` with a sentence and `Retry-After`, instead of a bare 500.
///
/// SQLite rolls the transaction back, so nothing half-written is left and the file stays consistent;
/// the rating was not stored, and a kiosk keeps it in its outbox and sends it again. The log names the
/// SQLite error and the route, never the body.
struct StorageErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: KioskMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DatabaseError {
            guard let message = Self.message(for: error.resultCode) else { throw error }
            context.logger.error(
                "the store could not write; answered 503",
                metadata: ["kiosk.sqlite.code": "\(error.extendedResultCode)", "kiosk.route": "\(request.method) \(request.uri.path)"])
            metrics.storeWriteFailed(code: error.resultCode == .SQLITE_FULL ? "full" : "\(error.resultCode.rawValue)")
            throw APIError(.serviceUnavailable, message, headers: [.retryAfter: "30"])
        }
    }

    /// The sentence for a result code that means the store cannot write now, or `nil` for any other.
    static func message(for code: ResultCode) -> String? {
        switch code {
        case .SQLITE_FULL:
            return "the centre's disk is full, so nothing was saved; please tell the staff (free space on the box and it works again)"
        case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN:
            return "the centre's store cannot write to its disk just now, so nothing was saved; please tell the staff"
        default:
            return nil
        }
    }
}
