import ArgumentParser
import Foundation
import KioskStore

extension Kiosk {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store into one file, consistent while the server runs (SQLite online backup).",
            discussion: """
                The copy is one moment of the store, taken while the server goes on storing ratings; it is written \
                under a temporary name, flushed to the disk and then renamed, so FILE is never half written. Prints \
                the file's size, its schema and the rows of each table. Refuses to replace FILE unless --force.
                """)

        @OptionGroup var data: DataOptions
        @Option(help: "The backup file to write (its folder is made when missing).") var to: String
        @Flag(help: "Replace FILE when it exists.") var force = false

        func run() throws {
            let file = URL(fileURLWithPath: to)
            let summary: BackupSummary
            do {
                summary = try AppDatabase.backup(directory: data.directory, to: file, replacing: force)
            } catch BackupError.exists {
                throw ValidationError("\(file.path) exists; give --force to replace it, or another file name")
            } catch let error as BackupError {
                printError("kiosk backup: \(error.description)")
                throw ExitCode(1)
            } catch let error as DataFolderBusy {
                printError("kiosk backup: \(error.description)")
                throw ExitCode(1)
            }
            print("Backed up \(data.directory.appendingPathComponent(AppDatabase.fileName).path) to \(file.path)")
            printSummary(summary)
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a backup as the store of the data folder; the service must be stopped.",
            discussion: """
                Checks the file first (integrity_check, a CitizenKiosk database this version knows). The database \
                it replaces is kept beside it as kiosk.sqlite.before-restore-TIME; the folder always has a \
                database. Refuses while the server or any other kiosk command has the data folder open. A backup \
                of an older version is migrated when the store is next opened. Afterwards: kiosk verify.
                """)

        @Option(help: "The backup file to install.") var from: String
        @OptionGroup var data: DataOptions

        func run() throws {
            let result: RestoreResult
            do {
                result = try AppDatabase.restore(from: URL(fileURLWithPath: from), into: data.directory)
            } catch let error as RestoreError {
                printError("kiosk restore: \(error.description)")
                printError("nothing was changed")
                throw ExitCode(1)
            } catch let error as DataFolderBusy {
                printError("kiosk restore: \(error.description)")
                printError("nothing was changed")
                throw ExitCode(1)
            }
            print("Restored \(from) as \(result.restored.file.path)")
            printSummary(result.restored)
            if let previous = result.previous {
                print("The database it replaced is kept as \(previous.path)")
            }
            print("Next: kiosk verify --data \(data.data), then start the service (sudo systemctl start kiosk)")
        }
    }
}

/// Prints a backup's size, schema and rows per table, one `name: value` a line.
private func printSummary(_ summary: BackupSummary) {
    print("size: \(summary.bytes) bytes (\(formatBytes(summary.bytes)))")
    print("schema: \(summary.schema ?? "none") (\(summary.migrations.count) migrations)")
    for table in summary.rows {
        print("\(table.table): \(table.count)")
    }
}

/// `1.4 MB`, `820 KB`, `512 B`.
func formatBytes(_ bytes: Int64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
        value /= 1000
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
}

extension Kiosk.Serve {
    /// The daily backup of `--backup-dir`, `--backup-keep` and `--backup-at`; nil with `--backup-keep 0`.
    func backupSchedule() throws -> BackupSchedule? {
        guard backupKeep >= 0 else { throw ValidationError("--backup-keep must be 0 (no daily backup) or more") }
        guard let minute = BackupSchedule.minuteOfDay(backupAt) else {
            throw ValidationError("--backup-at must be a time of day such as 02:30 (HH:MM, 00:00 to 23:59)")
        }
        guard backupKeep > 0 else { return nil }
        return BackupSchedule(directory: backupDir.map { URL(fileURLWithPath: $0, isDirectory: true) }, keep: backupKeep, minuteOfDay: minute)
    }
}
