import Foundation
import GRDB
import KioskCore
import Testing

@_spi(Testing) @testable import KioskStore

/// Backups, restores, the daily backup folder and the backup made before an upgrade migrates, on real
/// SQLite files in temporary folders.
@Suite struct BackupStoreTests {
    func store(ratings count: Int) throws -> (AppDatabase, URL) {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        let choices = ["very_satisfied", "satisfied", "dissatisfied"]
        _ = try database.record(
            (0..<count).map { index in
                rating(choices[index % 3], at: "2026-11-2\(index % 5)T0\(7 + index % 3):30:00+07:00", reasons: index % 3 == 2 ? ["attitude"] : nil)
            })
        return (database, folder)
    }

    func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func aBackupIsOneWholeFileWithItsRowsCounted() throws {
        let (database, _) = try store(ratings: 40)
        let target = temporaryDataFolder().appendingPathComponent("copies/kiosk-copy.sqlite")
        let summary = try database.backup(to: target)
        #expect(summary.rows(of: "rating") == 40)
        for table in summary.rows {
            #expect(
                table.count == (try database.rawAccessForTesting.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table.table)") }),
                "\(table.table)")
        }
        #expect(summary.rows.count > 10 && summary.rows.contains { $0.table.hasPrefix("rollup") && $0.count > 0 })
        #expect(summary.schema == database.migrator.migrations.last)
        #expect(summary.bytes == FileSystem.size(of: target) && summary.bytes > 0)
        // One self-contained file: rollback-journal mode in its header (bytes 18 and 19 are 1, not WAL's 2),
        // and nothing beside it, no temporary file left.
        let header = [UInt8](try Data(contentsOf: target).prefix(20))
        #expect(header[18] == 1 && header[19] == 1)
        #expect(files(in: target.deletingLastPathComponent()) == ["kiosk-copy.sqlite"])

        let copy = try DatabaseQueue(path: target.path)
        #expect(try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rating") } == 40)
        try copy.close()
    }

    @Test func aBackupRefusesToReplaceAFileUnlessAsked() throws {
        let (database, _) = try store(ratings: 3)
        let target = temporaryDataFolder().appendingPathComponent("kiosk.sqlite")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: target)
        #expect(throws: BackupError.self) { try database.backup(to: target) }
        #expect(try Data(contentsOf: target) == Data("keep me".utf8))
        #expect(files(in: target.deletingLastPathComponent()) == ["kiosk.sqlite"])
        #expect(try database.backup(to: target, replacing: true).rows(of: "rating") == 3)
    }

    @Test func aBackupOfAFolderDoesNotMigrateIt() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let identifiers: [String]
        do {
            let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
            let old = AppDatabase(writer: pool)
            identifiers = old.migrator.migrations
            try old.migrator.migrate(pool, upTo: identifiers[2])
            try pool.close()
        }
        let summary = try AppDatabase.backup(directory: folder, to: temporaryDataFolder().appendingPathComponent("b.sqlite"))
        #expect(summary.migrations == Array(identifiers.prefix(3)))
        let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
        #expect(try pool.read { try AppDatabase(writer: pool).migrator.appliedMigrations($0) } == Array(identifiers.prefix(3)))
        #expect(throws: BackupError.self) { try AppDatabase.backup(directory: temporaryDataFolder(), to: temporaryDataFolder()) }
    }

    @Test func restoreRefusesWhileTheStoreIsOpenAndKeepsTheOldFileAside() throws {
        let (source, _) = try store(ratings: 25)
        let backup = temporaryDataFolder().appendingPathComponent("backup.sqlite")
        _ = try source.backup(to: backup)

        let folder = temporaryDataFolder()
        do {
            let (_, current) = try store(ratings: 7)
            try FileManager.default.moveItem(at: current, to: folder)
        }
        do {
            let open = try AppDatabase.open(directory: folder)
            let refusal = #expect(throws: DataFolderBusy.self) { try AppDatabase.restore(from: backup, into: folder) }
            #expect(refusal?.description.contains("in use") == true)
            #expect(refusal?.holders.contains { $0.contains("pid \(getpid())") } == true, "\(refusal?.holders ?? [])")
            #expect(try open.ratingCount() == 7)
        }
        #expect(!files(in: folder).contains { $0.contains("restoring") || $0.contains("before-restore") })

        let now = ISO8601DateFormatter().date(from: "2026-11-24T03:00:00Z")!
        let result = try AppDatabase.restore(from: backup, into: folder, now: now)
        #expect(result.restored.rows(of: "rating") == 25)
        let aside = try #require(result.previous)
        #expect(aside.lastPathComponent == "kiosk.sqlite.before-restore-20261124T030000Z")
        #expect(try AppDatabase.open(directory: folder).ratingCount() == 25)
        // The database set aside is whole by itself (its WAL folded in) and still holds the old ratings.
        #expect(!FileManager.default.fileExists(atPath: aside.path + "-wal"))
        let old = try DatabaseQueue(path: aside.path)
        #expect(try old.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rating") } == 7)
        try old.close()
        #expect(!files(in: folder).contains { $0.contains("restoring") })
    }

    @Test func restoreIntoAnEmptyFolderAndOfAnOlderSchema() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let older = temporaryDataFolder()
        try FileManager.default.createDirectory(at: older, withIntermediateDirectories: true)
        let file = older.appendingPathComponent("old.sqlite")
        do {
            let pool = try DatabasePool(path: file.path)
            let old = AppDatabase(writer: pool)
            try old.migrator.migrate(pool, upTo: old.migrator.migrations[1])
            try pool.close()
        }
        let result = try AppDatabase.restore(from: file, into: folder)
        #expect(result.previous == nil)
        #expect(result.restored.migrations.count == 2)
        // Opening migrates it, after a backup of it as it came.
        let database = try AppDatabase.open(directory: folder)
        #expect(database.upgradeBackup != nil)
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func restoreRefusesFilesThatWillNotDoAndChangesNothing() throws {
        let (_, folder) = try store(ratings: 5)
        let scratch = temporaryDataFolder()
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)

        let text = scratch.appendingPathComponent("notes.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: text)

        let foreign = scratch.appendingPathComponent("foreign.sqlite")
        do {
            let queue = try DatabaseQueue(path: foreign.path)
            try queue.write { try $0.execute(sql: "CREATE TABLE thing (id INTEGER PRIMARY KEY); INSERT INTO thing DEFAULT VALUES") }
            try queue.close()
        }

        let newer = scratch.appendingPathComponent("newer.sqlite")
        let (source, _) = try store(ratings: 2)
        _ = try source.backup(to: newer)
        do {
            let queue = try DatabaseQueue(path: newer.path)
            try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
            try queue.close()
        }

        let damaged = scratch.appendingPathComponent("damaged.sqlite")
        _ = try source.backup(to: damaged)
        do {
            // Scribble over the pages after the first: the header still says SQLite, the b-trees do not add up.
            let handle = try FileHandle(forUpdating: damaged)
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data(repeating: 0x5A, count: Int(size) - 4096))
            try handle.close()
        }

        let cases: [(URL, String)] = [
            (scratch.appendingPathComponent("missing.sqlite"), "does not exist"),
            (text, "is not an SQLite database"),
            (foreign, "is not a CitizenKiosk database"),
            (newer, "newer version of kiosk (migrations this one does not know: v99: from the future)"),
            (damaged, "is damaged"),
        ]
        let before = files(in: folder)
        for (file, message) in cases {
            let error = #expect(throws: RestoreError.self) { try AppDatabase.restore(from: file, into: folder) }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
            #expect(files(in: folder) == before, "\(file.lastPathComponent)")
            #expect(try AppDatabase.open(directory: folder).ratingCount() == 5)
        }
    }

    @Test func openingAnOlderSchemaBacksItUpBeforeMigrating() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let identifiers: [String]
        do {
            let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
            let old = AppDatabase(writer: pool)
            identifiers = old.migrator.migrations
            try old.migrator.migrate(pool, upTo: identifiers[3])
            try pool.write { db in
                try db.execute(sql: "INSERT INTO dossier_count (month, dossiers, updated_at) VALUES ('2026-10', 120, '2026-11-01T08:00:00Z')")
            }
            try pool.close()
        }
        let database = try AppDatabase.open(directory: folder)
        let backup = try #require(database.upgradeBackup)
        #expect(backup.deletingLastPathComponent().path == folder.appendingPathComponent("backups").path)
        #expect(backup.lastPathComponent.hasPrefix("kiosk-before-\(BackupFolder.slug(identifiers[4]))-"), "\(backup.lastPathComponent)")
        // The backup is the database as it was before: the first four migrations only, the data in it.
        let copy = try DatabaseQueue(path: backup.path)
        #expect(try copy.read { try database.migrator.appliedMigrations($0) } == Array(identifiers.prefix(4)))
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT dossiers FROM dossier_count") } == 120)
        try copy.close()
        #expect(try database.rawAccessForTesting.read { try database.migrator.hasCompletedMigrations($0) })

        // Nothing pending the next time, and a new store needs no backup.
        #expect(try AppDatabase.open(directory: folder).upgradeBackup == nil)
        let fresh = temporaryDataFolder()
        #expect(try AppDatabase.open(directory: fresh).upgradeBackup == nil)
        #expect(!FileManager.default.fileExists(atPath: fresh.appendingPathComponent("backups").path))
    }

    @Test func noMigrationWithoutItsBackup() throws {
        let folder = temporaryDataFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let identifiers: [String]
        do {
            let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
            let old = AppDatabase(writer: pool)
            identifiers = old.migrator.migrations
            try old.migrator.migrate(pool, upTo: identifiers[0])
            try pool.close()
        }
        // The backups folder cannot be made (a file has its name): the store refuses to open, unmigrated.
        try Data().write(to: folder.appendingPathComponent("backups"))
        #expect(throws: (any Error).self) { try AppDatabase.open(directory: folder) }
        let pool = try DatabasePool(path: folder.appendingPathComponent(AppDatabase.fileName).path)
        #expect(try pool.read { try AppDatabase(writer: pool).migrator.appliedMigrations($0) } == [identifiers[0]])
    }

    @Test func theDailyFolderKeepsTheNewestAndLeavesOtherFilesAlone() throws {
        let (database, data) = try store(ratings: 4)
        let folder = BackupFolder(directory: BackupFolder.defaultDirectory(of: data))
        try FileManager.default.createDirectory(at: folder.directory, withIntermediateDirectories: true)
        try Data().write(to: folder.directory.appendingPathComponent("kiosk-before-v9-login-failures-20261001T010000Z.sqlite"))
        try Data().write(to: folder.directory.appendingPathComponent("notes.txt"))
        var day = LocalDate(year: 2026, month: 11, day: 20)
        for _ in 0..<9 {
            _ = try folder.makeDaily(of: database, day: day, keep: 4)
            day = day.adding(days: 1)
        }
        // The same day again replaces its file.
        let again = try folder.makeDaily(of: database, day: day.adding(days: -1), keep: 4)
        #expect(again.removed.isEmpty)
        #expect(folder.dailyBackups().map(\.day.description) == ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"])
        #expect(
            files(in: folder.directory) == [
                "kiosk-2026-11-25.sqlite", "kiosk-2026-11-26.sqlite", "kiosk-2026-11-27.sqlite", "kiosk-2026-11-28.sqlite",
                "kiosk-before-v9-login-failures-20261001T010000Z.sqlite", "notes.txt",
            ])
    }
}
