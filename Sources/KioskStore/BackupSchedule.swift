import Foundation
import KioskCore

/// When and where `kiosk serve` makes its daily backup of the store.
public struct BackupSchedule: Sendable, Equatable {
    /// The folder of the daily backups; nil for `DATA/backups`.
    public var directory: URL?
    /// How many daily backups are kept; the oldest beyond are deleted. 14 (two weeks) by default.
    public var keep: Int
    /// The time of the backup in the centre's time zone, in minutes after midnight; 150 (02:30) by default,
    /// when the centre is closed.
    public var minuteOfDay: Int

    /// Makes a schedule; by default backups go to the data folder's `backups`, the last 14 are kept, and one is made at 02:30.
    public init(directory: URL? = nil, keep: Int = 14, minuteOfDay: Int = 150) {
        self.directory = directory
        self.keep = keep
        self.minuteOfDay = minuteOfDay
    }

    /// Reads a time of day written `HH:MM` (00:00–23:59) as minutes after midnight; nil for anything else.
    public static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// The folder of the daily backups of the data folder `dataDirectory`.
    public func folder(dataDirectory: URL) -> BackupFolder {
        BackupFolder(directory: directory ?? BackupFolder.defaultDirectory(of: dataDirectory))
    }

    /// The latest scheduled moment at or before `date`, and the day it belongs to (its backup's name).
    public func latestSlot(atOrBefore date: Date, in zone: TimeZone) -> (day: LocalDate, moment: Date) {
        let today = LocalDate.of(date, in: zone).date
        let moment = slot(of: today, in: zone)
        return moment <= date ? (today, moment) : (today.adding(days: -1), slot(of: today.adding(days: -1), in: zone))
    }

    /// The first scheduled moment after `date`.
    public func nextSlot(after date: Date, in zone: TimeZone) -> Date {
        slot(of: latestSlot(atOrBefore: date, in: zone).day.adding(days: 1), in: zone)
    }

    /// The day whose backup should exist at `date` (a quarter of an hour's grace after the schedule's time),
    /// and the newest daily backup's day, when the first is later than the second; nil when all is well.
    public func overdue(at date: Date, in zone: TimeZone, dataDirectory: URL) -> (expected: LocalDate, newest: LocalDate?)? {
        let expected = latestSlot(atOrBefore: date.addingTimeInterval(-15 * 60), in: zone).day
        let newest = folder(dataDirectory: dataDirectory).dailyBackups().last?.day
        return newest.map { $0 >= expected } == true ? nil : (expected, newest)
    }

    private func slot(of day: LocalDate, in zone: TimeZone) -> Date {
        day.start(in: zone).addingTimeInterval(Double(minuteOfDay) * 60)
    }
}
