import Foundation
import GRDB

extension AppDatabase {
    /// Backs the store up before an upgrade changes its schema: when the database already holds data (some
    /// migrations applied) and this version has migrations it has not applied yet, writes
    /// `kiosk-before-<first pending migration>-<time>.sqlite` into `folder`.
    /// - Returns: the backup written, or nil when nothing is pending (or the database is new).
    /// - Throws: when the backup cannot be written; the caller then must not migrate.
    func backUpBeforeMigrating(into folder: URL, now: Date) throws -> URL? {
        let applied = try read { try migrator.appliedIdentifiers($0) }
        guard !applied.isEmpty, let pending = migrator.migrations.first(where: { !applied.contains($0) }) else { return nil }
        let file = folder.appendingPathComponent("kiosk-before-\(BackupFolder.slug(pending))-\(BackupFolder.timestamp(now)).sqlite")
        _ = try backup(to: file)
        return file
    }
}
