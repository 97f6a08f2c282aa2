import Foundation
import KioskCore

/// A folder of daily backups, `kiosk-YYYY-MM-DD.sqlite`, of which the newest few are kept. Other files in
/// it (the backups made before an upgrade, `kiosk-before-…`, copies an IT officer put there) are left alone.
public struct BackupFolder: Sendable {
    /// The folder.
    public let directory: URL

    /// Makes a backup folder at `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// `DATA/backups`: where the server's daily backups and the backups before an upgrade go by default.
    public static func defaultDirectory(of dataDirectory: URL) -> URL {
        dataDirectory.appendingPathComponent("backups", isDirectory: true)
    }

    /// The file name of the daily backup of `day`: `kiosk-2026-11-24.sqlite`.
    public static func dailyName(_ day: LocalDate) -> String {
        "kiosk-\(day).sqlite"
    }

    /// The daily backups in the folder, oldest first (none when the folder does not exist).
    public func dailyBackups() -> [(day: LocalDate, file: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name -> (LocalDate, URL)? in
            guard name.hasPrefix("kiosk-"), name.hasSuffix(".sqlite"),
                let day = LocalDate(String(name.dropFirst("kiosk-".count).dropLast(".sqlite".count)))
            else { return nil }
            return (day, directory.appendingPathComponent(name))
        }
        .sorted { $0.0 < $1.0 }
    }

    /// Writes the daily backup of `day` (replacing one made earlier that day), then deletes the oldest daily
    /// backups beyond `keep`.
    /// - Returns: the backup written and the files deleted.
    /// - Throws: when the backup cannot be written; nothing is deleted then.
    public func makeDaily(of database: AppDatabase, day: LocalDate, keep: Int) throws -> (backup: BackupSummary, removed: [URL]) {
        let summary = try database.backup(to: directory.appendingPathComponent(Self.dailyName(day)), replacing: true)
        var removed: [URL] = []
        for old in dailyBackups().dropLast(max(keep, 1)) {
            try FileManager.default.removeItem(at: old.file)
            removed.append(old.file)
        }
        return (summary, removed)
    }

    /// A moment in file names: `20261124T023000Z` (UTC, no colons, so that it is a valid name on a FAT USB stick).
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    /// A migration's name as a piece of a file name: "v11: rating hash chain" → `v11-rating-hash-chain`.
    static func slug(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return String(words.joined(separator: "-").prefix(48))
    }
}
