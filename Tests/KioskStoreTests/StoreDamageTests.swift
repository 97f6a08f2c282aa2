import Foundation
import GRDB
import KioskCore
import TestSupport
import Testing

@testable import KioskStore

/// Damages the ratings' pages of the closed store in `folder` (``damagePages(of:tables:seed:)``).
func damageRatingPages(of folder: URL, seed: UInt64 = 1) throws {
    try damagePages(of: folder.appendingPathComponent(AppDatabase.fileName), seed: seed)
}

/// A store whose file is damaged: `quick_check` says so, and no backup of it is kept as a good one.
@Suite struct StoreDamageTests {
    /// A closed store of `count` ratings in a new folder.
    func store(ratings count: Int) throws -> URL {
        let folder = temporaryDataFolder()
        let database = try AppDatabase.open(directory: folder)
        #expect(try database.recordAll((0..<count).map { kioskRating(seconds: Double($0 * 60)) }) == count)
        return folder
    }

    @Test func quickCheckNamesADamagedStore() throws {
        let folder = try store(ratings: 400)
        #expect(try AppDatabase.open(directory: folder).quickCheck() == "ok")
        try damageRatingPages(of: folder)
        let database = try AppDatabase.open(directory: folder)
        let check: String
        do {
            check = try database.quickCheck()
        } catch let error as StoreError {
            #expect(error.isDamage, "\(error)")
            check = error.reason
        }
        #expect(check != "ok")
    }

    @Test func aBackupOfADamagedStoreIsRefusedAndTheLastGoodOneKept() throws {
        // Several seeds: wherever the bytes land, the copy is refused.
        for seed in UInt64(1)...6 {
            let folder = try store(ratings: 400)
            let backups = BackupFolder(directory: folder.appendingPathComponent("backups"))
            let yesterday = LocalDate("2026-11-23")!
            let good = try backups.makeDaily(of: AppDatabase.open(directory: folder), day: yesterday, keep: 3)
            #expect(good.backup.rows(of: "rating") == 400)
            try damageRatingPages(of: folder, seed: seed)
            let database = try AppDatabase.open(directory: folder)
            do {
                _ = try backups.makeDaily(of: database, day: LocalDate("2026-11-24")!, keep: 3)
                Issue.record("seed \(seed): a backup of a damaged store was kept")
            } catch let error as BackupError {
                guard case .damaged(let file, _) = error else { Issue.record("seed \(seed): \(error)"); continue }
                #expect(file.lastPathComponent == "kiosk-2026-11-24.sqlite")
                #expect("\(error)".contains("restore the last good backup"))
            } catch let error as StoreError {
                // The backup API itself may stop at a page it cannot read: a failure all the same.
                #expect(error.isDamage, "seed \(seed): \(error)")
            }
            #expect(backups.dailyBackups().map(\.day) == [yesterday], "seed \(seed)")
            let names = try FileManager.default.contentsOfDirectory(atPath: backups.directory.path)
            #expect(names == ["kiosk-2026-11-23.sqlite"], "seed \(seed): \(names)")
        }
    }
}
