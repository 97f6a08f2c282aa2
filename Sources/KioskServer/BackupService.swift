import Foundation
import KioskCore
import KioskStore
import Logging
import ServiceLifecycle

/// The daily backup of `kiosk serve`: `kiosk-YYYY-MM-DD.sqlite` at the schedule's time (centre time), the
/// oldest beyond the schedule's count deleted. On start it makes the backup last due when it is missing (a
/// box switched off at night), and after a failure it tries again every hour until one succeeds. Successes
/// and failures are logged and counted in `/metrics`; a missing backup raises a dashboard alert. Runs until
/// graceful shutdown.
struct BackupService: Service {
    let services: AppServices
    let schedule: BackupSchedule
    let logger: Logger
    /// Waits; tests pass one that moves a fake clock on instead.
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// How long after a failed backup the next try comes.
    static let retryAfterFailure: TimeInterval = 3600

    var folder: BackupFolder { schedule.folder(dataDirectory: services.configuration.dataDirectory) }

    func run() async throws {
        // Graceful shutdown (SIGTERM, SIGINT) cancels the sleep: the service ends quietly, not as a failure.
        do {
            try await cancelWhenGracefulShutdown {
                services.metrics.backupFailed(count: 0)
                if let newest = folder.dailyBackups().last,
                    let written = try? FileManager.default.attributesOfItem(atPath: newest.file.path)[.modificationDate] as? Date
                {
                    services.metrics.backupSucceeded(at: written, bytes: nil)
                }
                while !Task.isCancelled {
                    let zone = services.timeZone
                    let due = schedule.latestSlot(atOrBefore: services.now(), in: zone).day
                    var wake = schedule.nextSlot(after: services.now(), in: zone)
                    if !Self.isDone(due, in: folder), await !backUp(day: due) {
                        wake = min(wake, services.now().addingTimeInterval(Self.retryAfterFailure))
                    }
                    try await sleep(.seconds(max(1, wake.timeIntervalSince(services.now()))))
                }
            }
        } catch is CancellationError {}
    }

    /// Writes the daily backup of `day` and prunes the old ones, away from the server's own threads.
    /// - Returns: whether it succeeded; a failure is logged and counted, never thrown.
    func backUp(day: LocalDate) async -> Bool {
        let database = services.database
        let folder = folder
        let keep = schedule.keep
        let file = folder.directory.appendingPathComponent(BackupFolder.dailyName(day))
        do {
            let result = try await Self.onBackgroundThread { try folder.makeDaily(of: database, day: day, keep: keep) }
            services.metrics.backupSucceeded(at: services.now(), bytes: result.backup.bytes)
            logger.info(
                "daily backup written",
                metadata: [
                    "kiosk.backup.file": "\(file.path)", "kiosk.backup.bytes": "\(result.backup.bytes)",
                    "kiosk.backup.ratings": "\(result.backup.rows(of: "rating") ?? 0)", "kiosk.backup.removed": "\(result.removed.count)",
                ])
            return true
        } catch {
            services.metrics.backupFailed()
            // A copy that fails its check, or a page SQLite cannot read, means the store itself is damaged.
            let damaged: Bool
            if case BackupError.damaged = error { damaged = true } else { damaged = StoreHealth.isDamage(error) }
            if damaged, services.storeHealth.markDamaged("\(error)") { services.metrics.storeDamaged() }
            logger.error(
                "daily backup failed",
                metadata: [
                    "kiosk.backup.file": "\(file.path)", "kiosk.store.file": "\(database.file.path)", "kiosk.error": "\(error)",
                    "kiosk.store.damaged": "\(damaged)",
                ])
            return false
        }
    }

    /// Whether `folder` holds the daily backup of `day` (or of a later day).
    static func isDone(_ day: LocalDate, in folder: BackupFolder) -> Bool {
        folder.dailyBackups().last.map { $0.day >= day } ?? false
    }

    /// Runs blocking file and SQLite work on a dispatch queue, so that the server's threads keep serving.
    static func onBackgroundThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
