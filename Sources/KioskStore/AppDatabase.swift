import Foundation
import GRDB
import KioskCore

/// The one SQLite database of a centre (`DATA/kiosk.sqlite`), opened once per process.
///
/// WAL journal, `synchronous = FULL` on the writer so that an acknowledged rating survives a power cut,
/// and a busy timeout so that a CLI command can write while the server runs.
public struct AppDatabase: Sendable {
    /// The file name of the database inside the data folder.
    public static let fileName = "kiosk.sqlite"

    /// The connection pool, the store's own: callers outside the store ask for what they need by name.
    /// Writes go through it; reads go through ``reader``, so that they run concurrently with the single writer.
    let writer: DatabasePool

    /// The same pool seen as a reader: nothing read through it can write.
    var reader: any DatabaseReader { writer }

    /// The data folder's lock, held shared while the store is open so that `kiosk restore` cannot swap the file.
    let folderLock: DataFolderLock?

    /// The backup written before pending migrations were applied when the store was opened; nil when none were.
    public private(set) var upgradeBackup: URL?

    /// The centre's key for the ratings' MACs (`DATA/chain.key`); nil when the data folder holds none.
    public internal(set) var chainKey: ChainKey?

    /// The database file.
    public var file: URL { URL(fileURLWithPath: writer.path) }

    init(writer: DatabasePool, folderLock: DataFolderLock? = nil) {
        self.writer = writer
        self.folderLock = folderLock
    }

    /// Opens (and creates, and migrates) the database of the data folder `directory`. An existing database
    /// with pending migrations is first backed up into `DATA/backups/kiosk-before-<migration>-<time>.sqlite`.
    /// - Throws: when the folder cannot be created, the file is not a database of ours, the folder is being
    ///   restored (``DataFolderBusy``), or the backup before migrating fails (nothing is migrated then);
    ///   ``StoreDamaged`` when SQLite cannot read the file at all; ``ChainKeyError`` for an unreadable key file.
    public static func open(directory: URL) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lock = try DataFolderLock(directory: directory, mode: .shared, waiting: 10)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let file = directory.appendingPathComponent(fileName)
        let pool: DatabasePool
        var database: AppDatabase
        let applied: Set<String>
        do {
            pool = try DatabasePool(path: file.path, configuration: configuration)
            // GRDB sets the writer back to NORMAL after prepareDatabase; ratings need FULL.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            database = AppDatabase(writer: pool, folderLock: lock)
            database.upgradeBackup = try database.backUpBeforeMigrating(into: BackupFolder.defaultDirectory(of: directory), now: Date())
            applied = try pool.read { try database.migrator.appliedIdentifiers($0) }
        } catch {
            switch StoreError(error) {
            case .damaged(let reason): throw StoreDamaged(file: file, detail: reason)
            case .readOnly(let reason, _), .cannotWrite(let reason, _): throw StoreCannotOpen(file: file, detail: reason)
            case .full(let reason): throw StoreError.full(reason: reason)
            case nil: throw error
            }
        }
        try database.migrator.migrate(pool)
        database.chainKey = try ChainKey.load(from: directory)
        // The key is made with migration v13 (a new store, or an upgrade), never later: a key that went missing
        // afterwards is reported by `kiosk verify`, not silently replaced by one that would sign anything.
        if !applied.contains(auditChainMigration) {
            let key = try database.chainKey ?? ChainKey.create(in: directory)
            database.chainKey = key
            try database.signRatingsWithoutMAC(key: key)
        }
        return database
    }

    /// Runs `updates` in one transaction of the writer; a file or disk failure is thrown as a ``StoreError``.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try StoreError.translating { try writer.write(updates) }
    }

    /// Runs `updates` in one transaction of the writer without blocking a thread while it waits for it; a file
    /// or disk failure is thrown as a ``StoreError``.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await StoreError.translating { try await writer.write(updates) }
    }

    /// Runs `updates` on the writer outside a transaction (pragmas, checkpoints, statements that make their own).
    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        try StoreError.translating { try writer.writeWithoutTransaction(updates) }
    }

    /// Runs `value` on a snapshot of the store; a file or disk failure is thrown as a ``StoreError``.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try StoreError.translating { try reader.read(value) }
    }

    /// The `synchronous` setting of the writer connection (2 = FULL).
    public func writerSynchronousLevel() throws -> Int {
        try writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The result of `PRAGMA integrity_check` ("ok" when the file is sound).
    public func integrityCheck() throws -> String {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// The result of `PRAGMA quick_check` ("ok" when every page and record is well formed; indexes are not
    /// matched against their tables, which makes it several times faster than ``integrityCheck()``).
    /// - Throws: ``StoreError/damaged(reason:)`` when the file is too damaged to be checked at all.
    public func quickCheck() throws -> String {
        try read { try Self.quickCheck($0) }
    }

    static func quickCheck(_ db: Database) throws -> String {
        try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ")
    }
}

/// The store's file cannot be opened for writing: the data folder or the file is read-only, or belongs to
/// another user.
public struct StoreCannotOpen: Error, CustomStringConvertible {
    public var file: URL
    /// SQLite's message.
    public var detail: String

    public var description: String {
        "cannot open \(file.path) for writing (SQLite: \(detail)); the folder \(file.deletingLastPathComponent().path) and the file "
            + "must be writable by the user the service runs as (ls -ld the folder; chown it to that user)"
    }
}

/// The store's file is not a database SQLite can read (overwritten, or pages damaged where the schema lives).
public struct StoreDamaged: Error, CustomStringConvertible {
    public var file: URL
    /// SQLite's message.
    public var detail: String

    public var description: String {
        "\(file.path) is damaged (SQLite: \(detail)); stop the service, restore the last good backup with kiosk restore "
            + "and run kiosk verify (docs/operations.md)"
    }
}
