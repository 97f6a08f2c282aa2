import Foundation
import Hummingbird
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskStore
import Logging
import Testing

@testable import KioskServer

/// The server's daily backup: its schedule on a fake clock, its pruning, its failures in `/metrics` and on
/// the dashboard's alerts, and the real server making the backup due when it starts.
@Suite struct BackupServiceTests {
    /// A clock that moves only when the service sleeps; it stops the service (by throwing) after `end`.
    final class FakeClock: @unchecked Sendable {
        // @unchecked: `now` and `sleeps` are only touched under `lock`.
        private let lock = NSLock()
        private var current: Date
        private var recorded: [Double] = []
        let end: Date

        init(start: Date, end: Date) {
            current = start
            self.end = end
        }

        var now: Date { lock.withLock { current } }
        var sleeps: [Double] { lock.withLock { recorded } }

        func sleep(_ duration: Duration) throws {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            try lock.withLock {
                recorded.append(seconds)
                current = current.addingTimeInterval(seconds)
                if current > end { throw CancellationError() }
            }
        }
    }

    func services(_ configuration: ServerConfiguration, clock: FakeClock) throws -> AppServices {
        AppServices(
            content: try ContentLoader.load(from: configuration.contentDirectory),
            database: try AppDatabase.open(directory: configuration.dataDirectory), configuration: configuration, now: { clock.now })
    }

    func run(_ service: BackupService) async {
        // Cancelled (as graceful shutdown does), the service ends quietly rather than with an error.
        do {
            try await service.run()
        } catch {
            Issue.record("the service ended with \(error)")
        }
    }

    func metrics(_ services: AppServices) -> String {
        String(decoding: services.metrics.registry.emitToBuffer(), as: UTF8.self)
    }

    /// 2026-11-24 10:00 in Hải Phòng.
    static let start = TestServer.now

    @Test func oneBackupADayAtItsTimeAndOnlyTheNewestKept() async throws {
        var configuration = TestServer.configuration()
        let schedule = BackupSchedule(keep: 3, minuteOfDay: 150)
        configuration.backup = schedule
        let clock = FakeClock(start: Self.start, end: Self.start.addingTimeInterval(10 * 86400))
        let services = try services(configuration, clock: clock)
        let service = BackupService(services: services, schedule: schedule, logger: Logger(label: "test"), sleep: { try clock.sleep($0) })
        await run(service)

        // Due at once on start (02:30 had passed), then at 02:30 each day: 24 November to 4 December.
        let folder = schedule.folder(dataDirectory: configuration.dataDirectory)
        #expect(folder.dailyBackups().map(\.day.description) == ["2026-12-02", "2026-12-03", "2026-12-04"])
        #expect(clock.sleeps.first == 16.5 * 3600)
        #expect(clock.sleeps.dropFirst().allSatisfy { $0 == 86400 }, "\(clock.sleeps)")
        let text = metrics(services)
        let lastBackup = ISO8601DateFormatter().date(from: "2026-12-03T19:30:00Z")!  // 4 December 02:30 local
        #expect(text.contains("kiosk_backup_last_success_timestamp \(lastBackup.timeIntervalSince1970)"), "\(text)")
        #expect(text.contains("kiosk_backup_failures_total 0"))
        #expect(try await AlertRules().alerts(services).filter { $0.kind == .backupOverdue }.isEmpty)
    }

    @Test func aFailedBackupIsTriedAgainHourlyCountedAndRaisesAnAlert() async throws {
        var configuration = TestServer.configuration()
        let blocked = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-blocked-\(UUID().uuidString)")
        try Data("a file where the backup folder should be".utf8).write(to: blocked)
        let schedule = BackupSchedule(directory: blocked.appendingPathComponent("backups"), keep: 3)
        configuration.backup = schedule
        let clock = FakeClock(start: Self.start, end: Self.start.addingTimeInterval(2.5 * 3600))
        let services = try services(configuration, clock: clock)
        await run(BackupService(services: services, schedule: schedule, logger: Logger(label: "test"), sleep: { try clock.sleep($0) }))

        #expect(clock.sleeps == [3600, 3600, 3600])
        let text = metrics(services)
        #expect(text.contains("kiosk_backup_failures_total 3"), "\(text)")
        #expect(!text.contains("kiosk_backup_last_success_timestamp"))
        let alerts = try await AlertRules().alerts(services).filter { $0.kind == .backupOverdue }
        #expect(
            alerts.map(\.message) == ["Chưa sao lưu được dữ liệu ngày 24/11/2026 (chưa có bản nào). Cán bộ CNTT xem nhật ký: journalctl -u kiosk."])
    }

    @Test func aBoxSwitchedOnBeforeTheBackupTimeMakesYesterdaysFirst() async throws {
        var configuration = TestServer.configuration()
        let schedule = BackupSchedule(keep: 14, minuteOfDay: 150)
        configuration.backup = schedule
        // 01:00 on 24 November: yesterday's 02:30 backup is the one due.
        let early = ISO8601DateFormatter().date(from: "2026-11-23T18:00:00Z")!
        let clock = FakeClock(start: early, end: early.addingTimeInterval(2 * 3600))
        let services = try services(configuration, clock: clock)
        await run(BackupService(services: services, schedule: schedule, logger: Logger(label: "test"), sleep: { try clock.sleep($0) }))
        let folder = schedule.folder(dataDirectory: configuration.dataDirectory)
        #expect(folder.dailyBackups().map(\.day.description) == ["2026-11-23", "2026-11-24"])
        #expect(clock.sleeps == [5400, 86400])
    }

    @Test func theOverdueAlertWaitsAQuarterHourAfterTheBackupTime() throws {
        var configuration = TestServer.configuration()
        let schedule = BackupSchedule(keep: 14, minuteOfDay: 150)
        configuration.backup = schedule
        let folder = schedule.folder(dataDirectory: configuration.dataDirectory)
        try FileManager.default.createDirectory(at: folder.directory, withIntermediateDirectories: true)
        try Data().write(to: folder.directory.appendingPathComponent("kiosk-2026-11-23.sqlite"))
        // 24 November, local time: 02:40 is within the grace; 02:50 is not.
        let within = FakeClock(start: ISO8601DateFormatter().date(from: "2026-11-23T19:40:00Z")!, end: .distantFuture)
        let zone = try services(configuration, clock: within).timeZone
        #expect(schedule.overdue(at: within.now, in: zone, dataDirectory: configuration.dataDirectory) == nil)
        let after = FakeClock(start: ISO8601DateFormatter().date(from: "2026-11-23T19:50:00Z")!, end: .distantFuture)
        let overdue = try #require(schedule.overdue(at: after.now, in: zone, dataDirectory: configuration.dataDirectory))
        #expect(overdue.expected.description == "2026-11-24" && overdue.newest?.description == "2026-11-23")
    }

    @Test func theRunningServerMakesTheBackupDueAndReportsIt() async throws {
        var configuration = TestServer.configuration()
        configuration.backup = BackupSchedule(keep: 2)
        let data = configuration.dataDirectory
        try await TestServer.withLiveServer(configuration) { client in
            let file = data.appendingPathComponent("backups/kiosk-2026-11-24.sqlite")
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: file.path) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(FileManager.default.fileExists(atPath: file.path))
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains("kiosk_backup_last_success_timestamp \(TestServer.now.timeIntervalSince1970)"), "\(metrics)")
            #expect(metrics.contains(#"kiosk_alerts_active{kind="backup_overdue"} 0"#))
        }
    }

    @Test func backupTimesAreReadAsHoursAndMinutes() {
        #expect(BackupSchedule.minuteOfDay("02:30") == 150)
        #expect(BackupSchedule.minuteOfDay("00:00") == 0)
        #expect(BackupSchedule.minuteOfDay("23:59") == 1439)
        for bad in ["24:00", "2:30", "02:60", "0230", "", "02:30:00"] {
            #expect(BackupSchedule.minuteOfDay(bad) == nil, "\(bad)")
        }
    }
}
