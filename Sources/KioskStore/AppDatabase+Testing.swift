import Foundation
import GRDB

/// Raw SQL for tests that must reach past the store's named methods: tamper tests that rewrite a row as an
/// attacker with the file would, and checks that read what a method never returns. Not for the service.
extension AppDatabase {
    /// The store's pool itself, for the store's own tests (which import GRDB).
    @_spi(Testing) public var rawAccessForTesting: any DatabaseWriter { writer }

    /// Runs `sql` (statements separated by `;`) in one transaction, with `arguments` bound in order.
    @_spi(Testing) public func executeForTesting(_ sql: String, arguments: [String] = []) async throws {
        try await write { try $0.execute(sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// The first column of every row `sql` returns, as text (NULL as the empty string).
    @_spi(Testing) public func textsForTesting(_ sql: String) async throws -> [String] {
        try await read { db in try String?.fetchAll(db, sql: sql).map { $0 ?? "" } }
    }

    /// The page numbers of `tables` (tables or indexes, as SQLite's `dbstat` names them) in the closed store
    /// file `file`, and its page size, after folding its write-ahead log into the file; for tests that damage pages.
    @_spi(Testing) public static func pagesForTesting(of tables: [String], in file: URL) throws -> (pages: [Int], pageSize: Int) {
        let queue = try DatabaseQueue(path: file.path)
        defer { try? queue.close() }
        return try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pages = try Int.fetchAll(
                db, sql: "SELECT pageno FROM dbstat WHERE name IN (\(databaseQuestionMarks(count: tables.count))) ORDER BY pageno",
                arguments: StatementArguments(tables))
            return (pages, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
    }
}
