import Foundation
import KioskCore
import KioskStore
import Logging
import ServiceLifecycle

/// Removes what residents typed once it is older than the centre's `comment_retention_days`: a sweep each
/// night at ``sweepHour`` (the centre's time), until graceful shutdown. `kiosk retention run` does the same
/// from cron, or at once after a long stop.
struct RetentionService: Service {
    let services: AppServices
    let logger: Logger
    /// The local hour of the nightly sweep, when the centre is closed.
    var sweepHour = 2

    func run() async throws {
        // Graceful shutdown (SIGTERM, SIGINT) cancels the sleep: the service ends quietly, not as a failure.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(Self.secondsUntil(hour: sweepHour, after: services.now(), in: services.timeZone)))
                    await sweep()
                }
            }
        } catch is CancellationError {}
    }

    /// One sweep, off the threads that answer requests (it rewrites old rows and truncates the WAL, which
    /// may wait for readers); a failure is logged and the next night tries again.
    func sweep() async {
        let days = services.content.centre.privacy.commentRetentionDays
        let (database, now, zone) = (services.database, services.now(), services.timeZone)
        do {
            let result = try await BackupService.onBackgroundThread {
                try database.runRetention(keepingDays: days, now: now, timeZone: zone, actor: "server")
            }
            logger.info(
                "retention sweep",
                metadata: [
                    "kiosk.retention.comments": "\(result.comments)", "kiosk.retention.calls": "\(result.helpCalls)",
                    "kiosk.retention.days": "\(days)",
                ])
        } catch {
            logger.error("retention sweep failed", metadata: ["kiosk.error": "\(error)"])
        }
    }

    /// Seconds from `date` to the next `hour`:00 local time (at least a minute, so a sweep never repeats at once).
    static func secondsUntil(hour: Int, after date: Date, in zone: TimeZone) -> Double {
        let today = LocalDate.of(date, in: zone).date
        var next = today.start(in: zone).addingTimeInterval(Double(hour) * 3600)
        if next.timeIntervalSince(date) < 60 { next = today.adding(days: 1).start(in: zone).addingTimeInterval(Double(hour) * 3600) }
        return max(60, next.timeIntervalSince(date))
    }
}
