import Foundation
import Hummingbird
import KioskStore

/// Lets a request through only from a paired kiosk (its device cookie, or `Authorization: Bearer` with
/// its token) and puts the kiosk in the context; anything else is answered 401 and recorded in the
/// audit log as `kiosk.refused`, at most once a minute per address.
struct RequirePairedKioskMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices
    let refusals: KioskRefusalLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let reason: String
        switch try PairedKioskAuthentication.identify(request, in: services.database) {
        case .kiosk(let kiosk):
            var context = context
            context.kiosk = kiosk
            return try await next(request, context)
        case .refused(let why): reason = why
        case .none: reason = "no device cookie or token"
        }
        let address = request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies)
        let now = services.now()
        context.logger.notice("request from an unpaired device refused", metadata: ["kiosk.address": "\(address)", "kiosk.reason": "\(reason)"])
        if await refusals.shouldRecord(address: address, at: now) {
            do {
                try services.database.audit(
                    AuditEvent(
                        action: "kiosk.refused", actor: nil, address: address, detail: "\(request.method) \(request.uri.path): \(reason)", at: now))
            } catch {
                context.logger.error("audit log not written: \(error)")
            }
        }
        throw APIError(.unauthorized, PairedKioskAuthentication.notPairedMessage)
    }
}

/// Remembers when a refusal of each address was last written to the audit log, so that a device posting
/// again and again fills it with one entry a minute, not one per request.
actor KioskRefusalLog {
    /// The shortest time between two entries of one address.
    let interval: TimeInterval
    private var lastRecorded: [String: Date] = [:]

    init(interval: TimeInterval = 60) {
        self.interval = interval
    }

    /// Whether a refusal from `address` at `now` gets an entry (and, if so, counts it as written).
    func shouldRecord(address: String, at now: Date) -> Bool {
        if let last = lastRecorded[address], now.timeIntervalSince(last) < interval, now >= last { return false }
        if lastRecorded.count >= 10_000 {
            lastRecorded = lastRecorded.filter { now.timeIntervalSince($0.value) < interval }
        }
        lastRecorded[address] = now
        return true
    }
}
