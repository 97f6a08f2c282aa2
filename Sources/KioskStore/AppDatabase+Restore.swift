import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file was not restored; the data folder is unchanged.
public enum RestoreError: Error, CustomStringConvertible {
    /// The file does not exist.
    case notFound(URL)
    /// The file is not an SQLite database.
    case notADatabase(URL, String)
    /// `PRAGMA integrity_check` found damage.
    case damaged(URL, String)
    /// The file is an SQLite database, but not a CitizenKiosk store.
    case notCitizenKiosk(URL)
    /// The file was made by a newer version of CitizenKiosk (migrations this version does not know).
    case newer(URL, [String])

    public var description: String {
        switch self {
        case .notFound(let file): "\(file.path) does not exist"
        case .notADatabase(let file, let reason): "\(file.path) is not an SQLite database (\(reason))"
        case .damaged(let file, let report): "\(file.path) is damaged (integrity_check: \(report))"
        case .notCitizenKiosk(let file): "\(file.path) is not a CitizenKiosk database (it has no CitizenKiosk migrations)"
        case .newer(let file, let unknown):
            "\(file.path) was made by a newer version of kiosk (migrations this one does not know: \(unknown.joined(separator: ", "))); "
                + "install that version first"
        }
    }
}

/// What a restore did.
public struct RestoreResult: Sendable {
    /// The database now in the data folder.
    public var restored: BackupSummary
    /// Where the database it replaced was set aside (`kiosk.sqlite.before-restore-<time>`); nil when the
    /// folder had none.
    public var previous: URL?
}

extension AppDatabase {
    /// Installs the backup `file` as the store of the data folder `directory`.
    ///
    /// Refuses while any process has the store open (the folder's lock). The file is copied into the folder
    /// first and the copy checked (`PRAGMA integrity_check`, CitizenKiosk migrations none of which is
    /// unknown); then the current database, its WAL folded in, keeps a second name
    /// `kiosk.sqlite.before-restore-<time>` and the copy is renamed over `kiosk.sqlite` in one step, so the
    /// folder always has a database. A backup of an older schema is migrated the next time the store opens.
    /// When run as root, the new file gets the data folder's owner, so that the service can write it.
    /// - Throws: ``DataFolderBusy`` when the store is open elsewhere; ``RestoreError`` when the file will not
    ///   do; file errors. In every case the data folder keeps its database.
    public static func restore(from file: URL, into directory: URL, now: Date = Date()) throws -> RestoreResult {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file.path) else { throw RestoreError.notFound(file) }
        let lock = try DataFolderLock(directory: directory, mode: .exclusive)
        defer { withExtendedLifetime(lock) {} }

        let target = directory.appendingPathComponent(fileName)
        let stamp = BackupFolder.timestamp(now)
        let incoming = directory.appendingPathComponent("\(fileName).restoring-\(stamp)")
        let removeIncoming = {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? manager.removeItem(atPath: incoming.path + suffix) }
        }
        removeIncoming()
        defer { removeIncoming() }
        try manager.copyItem(at: file, to: incoming)
        var summary = try checkRestorable(incoming, offered: file)
        giveToFolderOwner(incoming, folder: directory)
        try FileSystem.synchronize(incoming)

        var previous: URL?
        if manager.fileExists(atPath: target.path) {
            let aside = directory.appendingPathComponent("\(fileName).before-restore-\(stamp)")
            foldWriteAheadLog(of: target)
            if link(target.path, aside.path) != 0 {
                // No hard links on this file system: a copy; the original stays in place until replaced.
                try manager.copyItem(at: target, to: aside)
            }
            // What could not be folded in goes aside with it; the shared-memory index is rebuilt on open.
            if manager.fileExists(atPath: target.path + "-wal") {
                try FileSystem.move(URL(fileURLWithPath: target.path + "-wal"), to: URL(fileURLWithPath: aside.path + "-wal"))
            }
            try? manager.removeItem(atPath: target.path + "-shm")
            previous = aside
        }
        try FileSystem.move(incoming, to: target)
        try FileSystem.synchronize(directory, isDirectory: true)
        summary.file = target
        summary.bytes = FileSystem.size(of: target)
        return RestoreResult(restored: summary, previous: previous)
    }

    /// Checks that `copy` (of the file `offered`) is a sound CitizenKiosk database this version can open.
    static func checkRestorable(_ copy: URL, offered: URL) throws -> BackupSummary {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: copy.path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw RestoreError.damaged(offered, error.message ?? "\(error)")
        } catch {
            throw RestoreError.notADatabase(offered, "\(error)")
        }
        defer { try? pool.close() }
        let candidate = AppDatabase(writer: pool)
        let summary: BackupSummary
        do {
            let integrity = try pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }.joined(separator: "; ")
            guard integrity == "ok" else { throw RestoreError.damaged(offered, integrity) }
            summary = try pool.read { try candidate.summarize($0, file: offered) }
        } catch let error as RestoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw RestoreError.damaged(offered, error.message ?? "\(error)")
        } catch {
            throw RestoreError.notADatabase(offered, "\(error)")
        }
        guard let first = candidate.migrator.migrations.first, summary.migrations.contains(first) else {
            throw RestoreError.notCitizenKiosk(offered)
        }
        guard summary.unknownMigrations.isEmpty else { throw RestoreError.newer(offered, summary.unknownMigrations) }
        return summary
    }

    /// Checkpoints the database at `file` into its main file (and lets SQLite remove the `-wal`), when it opens.
    static func foldWriteAheadLog(of file: URL) {
        guard let queue = try? DatabaseQueue(path: file.path) else { return }
        _ = try? queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try? queue.close()
    }

    /// When running as root (`sudo kiosk restore`), gives `file` the owner of `folder` (the service's user).
    static func giveToFolderOwner(_ file: URL, folder: URL) {
        guard geteuid() == 0, let attributes = try? FileManager.default.attributesOfItem(atPath: folder.path),
            let owner = attributes[.ownerAccountID] as? NSNumber, let group = attributes[.groupOwnerAccountID] as? NSNumber
        else { return }
        _ = chown(file.path, uid_t(owner.uint32Value), gid_t(group.uint32Value))
    }
}
