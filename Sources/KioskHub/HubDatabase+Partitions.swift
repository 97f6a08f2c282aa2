import Foundation
import KioskCore
import Logging
import PostgresNIO

extension HubDatabase {
    /// Creates the monthly partitions of `months` that do not exist yet, on the push's own connection and in
    /// its transaction (so a refused or failed push leaves no partition behind), moving any rows the default
    /// partition caught for that month into it. `months` come from items that passed ``HubPushCheck``, so
    /// they lie within its years.
    /// - Returns: the months now known to have a partition, for the cache once the transaction commits.
    /// Takes the lock that making a partition holds until commit, when some month of `months` may need one.
    func lockForNewPartitions(_ months: Set<LocalDate>, on connection: PostgresConnection) async throws {
        guard !(await knownPartitions.isSuperset(of: months)) else { return }
        try await connection.query("SELECT pg_advisory_xact_lock(4242002)", logger: logger)
    }

    func ensurePartitions(for months: Set<LocalDate>, on connection: PostgresConnection) async throws -> [LocalDate] {
        var known: [LocalDate] = []
        for month in months.sorted() where !(await knownPartitions.contains(month)) {
            guard HubPushCheck.years.contains(month.year) else {
                throw HubError.invalidBatch("no partition is made for \(month.monthKey), outside the years the hub keeps")
            }
            let name = String(format: "rating_y%04dm%02d", month.year, month.month)
            let from = month.description
            let to = month.nextMonth.description
            // Held until the push commits: two pushes never make the same month.
            try await connection.query("SELECT pg_advisory_xact_lock(4242002)", logger: logger)
            known.append(month)
            let exists = try await connection.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: logger).collect()
            if try exists.first?.decode(Bool.self) == true { continue }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "CREATE TEMP TABLE moved ON COMMIT DROP AS SELECT * FROM rating_default WHERE local_day >= '\(from)' AND local_day < '\(to)'"),
                logger: logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "DELETE FROM rating_default WHERE local_day >= '\(from)' AND local_day < '\(to)'"), logger: logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE TABLE \(name) PARTITION OF rating FOR VALUES FROM ('\(from)') TO ('\(to)')"), logger: logger)
            try await connection.query("INSERT INTO rating SELECT * FROM moved", logger: logger)
            try await connection.query("DROP TABLE moved", logger: logger)
        }
        return known
    }
}
