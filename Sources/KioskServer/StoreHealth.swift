import Foundation
import KioskStore
import Logging
import ServiceLifecycle

/// What the server knows of its store file: being checked, sound, or damaged (kept until the server restarts,
/// which it does after `kiosk restore`). `GET /health`, the dashboard and the rating API read it.
public final class StoreHealth: @unchecked Sendable {
    // @unchecked: `current` is only read and written under `lock`.
    private let lock = NSLock()
    private var current: State = .checking

    /// The store's condition.
    public enum State: Sendable, Equatable {
        /// `PRAGMA quick_check` is still running (a large store is checked after the server has started).
        case checking
        /// The check at start found every page well formed, and no request has met a damaged page since.
        case sound
        /// The check or a request found the file damaged; the text is SQLite's.
        case damaged(String)
    }

    /// What a person is told while the store is damaged (the 503 of `/health` and of the rating API).
    public static let damagedSentence =
        "The centre's store (kiosk.sqlite) is damaged, so ratings cannot be saved; the IT officer must stop the service, "
        + "restore the last good backup with kiosk restore and run kiosk verify (docs/operations.md)."

    /// The dashboard's banner, in Vietnamese first.
    static let damagedBanner =
        "Kho dữ liệu (kiosk.sqlite) của trung tâm bị hỏng nên không lưu được đánh giá. Cán bộ CNTT cần dừng dịch vụ, khôi phục "
        + "bản sao lưu tốt gần nhất bằng kiosk restore rồi chạy kiosk verify."

    /// Makes the health in the `checking` state.
    public init() {}

    /// Whether `error` is the store saying the file itself is damaged, not a passing condition of the disk.
    static func isDamage(_ error: any Error) -> Bool {
        (error as? StoreError)?.isDamage == true
    }

    public var state: State { lock.withLock { current } }

    public var isDamaged: Bool {
        if case .damaged = state { return true }
        return false
    }

    /// Records the result of the check at start; a store found damaged meanwhile stays damaged.
    func checked(_ result: String) {
        lock.withLock {
            if case .damaged = current { return }
            current = result == "ok" ? .sound : .damaged(result)
        }
    }

    /// Marks the store damaged. - Returns: whether it was not known to be damaged before.
    @discardableResult
    func markDamaged(_ detail: String) -> Bool {
        lock.withLock {
            if case .damaged = current { return false }
            current = .damaged(detail)
            return true
        }
    }
}

/// Runs `PRAGMA quick_check` on the store once the server has started, off the request threads, and says
/// when it is done (its time in the log). Then waits for graceful shutdown.
struct StoreCheckService: Service {
    let services: AppServices
    let logger: Logger

    func run() async throws {
        let database = services.database
        let started = ContinuousClock.now
        let result: String
        do {
            result = try await BackupService.onBackgroundThread { try database.quickCheck() }
        } catch {
            result = "\(error)"
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        services.storeHealth.checked(result)
        let metadata: Logger.Metadata = ["kiosk.store.file": "\(database.file.path)", "kiosk.store.check_seconds": "\(seconds)"]
        if result == "ok" {
            logger.info("store check passed (PRAGMA quick_check)", metadata: metadata)
        } else {
            services.metrics.storeDamaged()
            logger.error(
                "the store is damaged: PRAGMA quick_check failed; stop the service and restore the last good backup (kiosk restore)",
                metadata: metadata.merging(["kiosk.store.check": "\(result.prefix(300))"]) { $1 })
        }
        try? await gracefulShutdown()
    }
}
