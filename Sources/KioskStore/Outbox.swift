import Foundation
import GRDB

/// The ratings a terminal kiosk made that the server has not taken yet, in a small SQLite file of its own,
/// oldest first. A rating is written here (durably) before anything is sent, and leaves only when the
/// server has answered for it; ratings the server refused are moved to a table of their own for the IT
/// officer to look at.
public struct Outbox: Sendable {
    /// One rating waiting to be sent.
    public struct Item: Sendable, Equatable {
        /// The order in which ratings were made.
        public var sequence: Int64
        /// The rating's id.
        public var id: UUID
        /// The JSON body exactly as it is posted.
        public var body: String
        /// How many attempts to send it failed.
        public var attempts: Int
    }

    private let queue: DatabaseQueue

    /// Opens (and makes) the outbox file at `url`.
    public init(url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        body TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT
                    );
                    CREATE TABLE rejected (
                        id TEXT NOT NULL,
                        body TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        detail TEXT NOT NULL,
                        rejected_at TEXT NOT NULL
                    );
                    """)
        }
        try migrator.migrate(queue)
    }

    /// Keeps a rating to be sent; a rating already kept under the same id is left as it is.
    public func add(id: UUID, body: String, now: Date = Date()) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO outbox (id, body, created_at) VALUES (?, ?, ?)",
                arguments: [id.uuidString.lowercased(), body, now.formatted(.iso8601)])
        }
    }

    /// The oldest rating waiting, if any.
    public func oldest() throws -> Item? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, id, body, attempts FROM outbox ORDER BY sequence LIMIT 1").map(Item.init(row:))
        }
    }

    /// Every rating waiting, oldest first.
    public func items() throws -> [Item] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, id, body, attempts FROM outbox ORDER BY sequence").map(Item.init(row:))
        }
    }

    /// How many ratings are waiting.
    public func count() throws -> Int {
        try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    /// The server took the rating (or had it already).
    public func remove(id: UUID) throws {
        try queue.write { try $0.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id.uuidString.lowercased()]) }
    }

    /// An attempt failed and will be made again.
    public func noteFailure(id: UUID, error: String) throws {
        try queue.write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", arguments: [error, id.uuidString.lowercased()])
        }
    }

    /// Puts a corrected body in place, keeping the rating's place in the order.
    public func replace(id: UUID, body: String) throws {
        try queue.write { try $0.execute(sql: "UPDATE outbox SET body = ? WHERE id = ?", arguments: [body, id.uuidString.lowercased()]) }
    }

    /// The server refused the rating for good: it leaves the outbox for the table of refused ratings.
    public func reject(_ item: Item, status: Int, detail: String, now: Date = Date()) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO rejected (id, body, status, detail, rejected_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [item.id.uuidString.lowercased(), item.body, status, String(detail.prefix(500)), now.formatted(.iso8601)])
            try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [item.id.uuidString.lowercased()])
        }
    }

    /// The refused ratings: id and HTTP status, oldest first.
    public func rejected() throws -> [(id: String, status: Int)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, status FROM rejected ORDER BY rowid").map { ($0["id"], $0["status"]) }
        }
    }
}

extension Outbox.Item {
    init(row: Row) {
        sequence = row["sequence"]
        id = UUID(uuidString: row["id"]) ?? UUID()
        body = row["body"]
        attempts = row["attempts"]
    }
}
