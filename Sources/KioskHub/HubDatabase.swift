import Foundation
import Logging
import PostgresNIO
import _ConnectionPoolModule

/// The hub's PostgreSQL: one client (a connection pool) per process, its migrations applied when opened.
public struct HubDatabase: Sendable {
    public let client: PostgresClient
    let logger: Logger
    /// The monthly partitions known to exist.
    let knownPartitions = PartitionCache()

    /// Makes a database on `client`, which the caller runs; nothing is migrated here.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` with a database whose client runs for the duration (for commands and tests), migrated first.
    public static func with<Result: Sendable>(
        _ configuration: HubConfiguration, logger: Logger = Logger(label: "kiosk.hub"),
        _ body: @Sendable (HubDatabase) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: try configuration.makeClientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = HubDatabase(client: client, logger: logger)
            try await database.migrate()
            return try await body(database)
        }
    }

    /// Applies the migrations not applied yet, each in its own transaction, in order.
    /// - Throws: ``HubError/unreachable(_:)`` when PostgreSQL accepts no connection.
    public func migrate() async throws {
        do {
            try await applyMigrations()
        } catch let error as PSQLError where error.code == .connectionError || error.code == .serverClosedConnection {
            throw HubError.unreachable(Self.reason(error))
        } catch is ConnectionPoolError {
            // The pool gave up making a connection (its circuit breaker tripped after repeated failures).
            throw HubError.unreachable("no connection could be made")
        }
    }

    /// The cause of a connection error in a few words.
    static func reason(_ error: PSQLError) -> String {
        let text = String(reflecting: error.underlying ?? error)
        for known in ["Connection refused", "No route to host", "Connection reset", "timed out", "password authentication failed"]
        where text.localizedCaseInsensitiveContains(known) {
            return known.lowercased()
        }
        return "\(error.code)"
    }

    private func applyMigrations() async throws {
        try await client.withTransaction(logger: logger) { connection in
            // One migrating process at a time (several hub processes may start together).
            try await connection.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS hub_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM hub_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in HubMigrations.all where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO hub_migration (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }
}
