import GRDB
import KioskCore

/// Stores ratings with group commit: ratings that arrive while a commit is being written wait and
/// share the next transaction (and its one fsync). No caller is answered before its own commit.
/// Within a transaction the ratings are chained in arrival order (one read of the last hash per commit).
public actor RatingWriter {
    private let database: AppDatabase
    /// When given, bursts from one kiosk are stored flagged as misuse.
    private let misuse: MisuseSettings?
    private var pending: [(PreparedRating, CheckedContinuation<StoreOutcome, any Error>)] = []
    private var flushing = false
    /// The most ratings written in one transaction.
    public let maximumBatch: Int

    /// Makes a writer for `database`.
    /// - Parameters:
    ///   - misuse: when given, bursts from one kiosk are stored flagged as misuse.
    ///   - maximumBatch: the most ratings written in one transaction.
    public init(database: AppDatabase, misuse: MisuseSettings? = nil, maximumBatch: Int = 256) {
        self.database = database
        self.misuse = misuse
        self.maximumBatch = maximumBatch
    }

    /// Stores one rating and returns once it is durable (or was already stored).
    public func record(_ rating: PreparedRating) async throws -> StoreOutcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((rating, continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let ratings = batch.map(\.0)
            let misuse = misuse
            do {
                let key = database.chainKey
                let outcomes = try await database.write { db in try AppDatabase.record(ratings, misuse: misuse, key: key, in: db) }
                for (entry, outcome) in zip(batch, outcomes) { entry.1.resume(returning: outcome) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
