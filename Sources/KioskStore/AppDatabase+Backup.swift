import Foundation
import GRDB

/// What a backup (or a file offered for a restore) holds: its size, the schema it is at, the rows of each table.
public struct BackupSummary: Sendable {
    /// The number of rows of one table.
    public struct TableRows: Sendable, Equatable {
        public var table: String
        public var count: Int
    }

    public var file: URL
    public var bytes: Int64
    /// The migrations applied, in the order the store registers them ("v1: ratings, rollups, users", …).
    public var migrations: [String]
    /// Migrations recorded in the file that this version of the store does not know (a newer version made it).
    public var unknownMigrations: [String]
    /// Rows per table, tables by name.
    public var rows: [TableRows]

    /// The last migration applied, such as "v11: rating hash chain and voids".
    public var schema: String? { migrations.last }

    /// The rows of `table`, nil when the file has no such table.
    public func rows(of table: String) -> Int? {
        rows.first { $0.table == table }?.count
    }
}

/// Why a backup was not made.
public enum BackupError: Error, CustomStringConvertible {
    /// The target file exists and replacing it was not asked for.
    case exists(URL)
    /// The data folder holds no database.
    case noDatabase(URL)
    /// The copy failed `PRAGMA quick_check` (the store it was taken from is damaged); it was not kept.
    case damaged(URL, String)

    public var description: String {
        switch self {
        case .exists(let file): "\(file.path) exists; give --force to replace it, or another file name"
        case .noDatabase(let folder): "\(folder.path) holds no \(AppDatabase.fileName)"
        case .damaged(let file, let detail):
            "the backup \(file.path) was not kept: its copy failed the integrity check (\(detail.prefix(200))), so the store it was "
                + "copied from is damaged; restore the last good backup (kiosk restore)"
        }
    }
}

extension AppDatabase {
    /// Replaces everything in `other` (a store just opened, in a scratch folder) with a copy of this store,
    /// so that a change can be tried on the copy and thrown away.
    public func copy(into other: AppDatabase) throws {
        try StoreError.translating { try writer.backup(to: other.writer) }
    }

    /// Copies the store into `file` with SQLite's online backup: one consistent snapshot, taken while the
    /// server goes on writing. The copy is written under a temporary name beside `file`, made a single
    /// self-contained file (no `-wal`), checked with `PRAGMA quick_check`, flushed to the disk and only then
    /// renamed to `file`, so that `file` is always either absent, the old file, or the whole new sound backup.
    /// - Parameter replacing: replace `file` when it exists; otherwise refuse.
    /// - Returns: the backup's size and the rows of each of its tables.
    /// - Throws: ``BackupError/exists(_:)`` when `file` exists and `replacing` is false; ``BackupError/damaged(_:_:)``
    ///   when the copy fails its check (a damaged store); SQLite and file errors (a full disk) with nothing left behind.
    public func backup(to file: URL, replacing: Bool = false) throws -> BackupSummary {
        let manager = FileManager.default
        let folder = file.deletingLastPathComponent()
        if !replacing, manager.fileExists(atPath: file.path) { throw BackupError.exists(file) }
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? manager.removeItem(atPath: partial.path + suffix) }
        }
        var summary = try StoreError.translating {
            let destination = try DatabaseQueue(path: partial.path)
            // In one step: the source is read in one transaction, so the copy is one moment of the store.
            try writer.backup(to: destination)
            // The backup API copies pages as they are, damaged ones too: a copy is only kept when it checks out.
            let check: String
            do {
                check = try destination.read { try Self.quickCheck($0) }
            } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
                check = error.message ?? "\(error.resultCode)"
            }
            guard check == "ok" else { throw BackupError.damaged(file, check) }
            let summary = try destination.writeWithoutTransaction { db in
                // The copy keeps the source's WAL mode; a backup file is better as one file.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return try summarize(db, file: file)
            }
            try destination.close()
            return summary
        }
        try FileSystem.synchronize(partial)
        if replacing {
            try FileSystem.move(partial, to: file)
        } else if try !FileSystem.moveWithoutReplacing(partial, to: file) {
            throw BackupError.exists(file)
        }
        try FileSystem.synchronize(folder, isDirectory: true)
        summary.bytes = FileSystem.size(of: file)
        return summary
    }

    /// Copies the store of the data folder `directory` into `file` (see ``backup(to:replacing:)``) without
    /// migrating it: the server running on it may be an older version than this one (`kiosk backup`).
    /// - Throws: ``BackupError/noDatabase(_:)`` when the folder holds no store; ``StoreDamaged`` when its file is
    ///   not a readable database; ``DataFolderBusy`` during a restore.
    public static func backup(directory: URL, to file: URL, replacing: Bool = false) throws -> BackupSummary {
        let path = directory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.noDatabase(directory) }
        let lock = try DataFolderLock(directory: directory, mode: .shared, waiting: 10)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let source: AppDatabase
        do {
            source = AppDatabase(writer: try DatabasePool(path: path, configuration: configuration), folderLock: lock)
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw StoreDamaged(file: URL(fileURLWithPath: path), detail: error.message ?? "\(error.resultCode)")
        }
        defer { try? source.writer.close() }
        return try source.backup(to: file, replacing: replacing)
    }

    /// The size, schema and rows per table of the database `db` (the file `file`).
    func summarize(_ db: Database, file: URL) throws -> BackupSummary {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name")
        let rows = try tables.map { table in
            BackupSummary.TableRows(table: table, count: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0)
        }
        let applied = try migrator.appliedIdentifiers(db)
        let known = migrator.migrations
        return BackupSummary(
            file: file, bytes: FileSystem.size(of: file), migrations: known.filter(applied.contains),
            unknownMigrations: applied.subtracting(known).sorted(), rows: rows)
    }
}
