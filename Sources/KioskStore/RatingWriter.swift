import GRDB
import KioskCore

/// Stores ratings with group commit: ratings that arrive while a commit is being written wait and
/// share the next transaction (and its one fsync). No caller is answered before its own commit.
public actor RatingWriter {
    private let database: AppDatabase
    private var pending: [(PreparedRating, CheckedContinuation<StoreOutcome, any Error>)] = []
    private var flushing = false
    /// The most ratings written in one transaction.
    public let maximumBatch: Int

    public init(database: AppDatabase, maximumBatch: Int = 256) {
        self.database = database
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
            do {
                let outcomes = try await database.writer.write { db in try AppDatabase.record(ratings, in: db) }
                for (entry, outcome) in zip(batch, outcomes) { entry.1.resume(returning: outcome) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
