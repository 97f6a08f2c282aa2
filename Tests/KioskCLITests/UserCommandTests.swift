import Foundation
import KioskStore
import Testing

@Suite struct UserCommandTests {
    @Test func passwdDisableEnableAndList() throws {
        let data = KioskCLI.temporary("data").path
        #expect(try KioskCLI.run(["user", "add", "canbo", "--data", data], input: "mat-khau-dau-tien\n").status == 0)
        #expect(try KioskCLI.run(["user", "add", "truong", "--role", "head", "--data", data], input: "mat-khau-truong-1\n").status == 0)
        let database = try AppDatabase.open(directory: URL(fileURLWithPath: data))
        _ = try database.startSession(for: "canbo")
        try database.audit(AuditEvent(action: "login", actor: "truong", address: "127.0.0.1", at: Date(timeIntervalSince1970: 1_795_000_000)))

        let list = try KioskCLI.run(["user", "list", "--data", data])
        #expect(list.status == 0, "\(list.error)")
        let lines = list.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.first == ["NAME", "ROLE", "DISABLED", "LAST", "LOGIN"])
        #expect(lines.dropFirst().first == ["canbo", "staff", "no", "never"])
        #expect(lines.dropFirst(2).first?.prefix(3) == ["truong", "head", "no"])
        #expect(lines.dropFirst(2).first?.count == 5)  // a day and a time

        // A new password ends the sessions; the old one no longer matches.
        let before = try #require(try database.user(named: "canbo")).passwordHash
        let changed = try KioskCLI.run(["user", "passwd", "canbo", "--data", data], input: "mat-khau-thu-hai\n")
        #expect(changed.status == 0, "\(changed.error)")
        #expect(try #require(try database.user(named: "canbo")).passwordHash != before)
        #expect(try database.sessionCount(of: "canbo") == 0)
        #expect(try KioskCLI.run(["user", "passwd", "canbo", "--data", data], input: "ngan\n").error.contains("at least 10 characters"))
        #expect(
            try KioskCLI.run(["user", "passwd", "khong-co", "--data", data], input: "mat-khau-thu-hai\n").error.contains("no user named 'khong-co'"))
        // The password is never an argument.
        #expect(try KioskCLI.run(["user", "passwd", "canbo", "mat-khau-thu-ba", "--data", data], input: "").status != 0)

        _ = try database.startSession(for: "canbo")
        let disabled = try KioskCLI.run(["user", "disable", "canbo", "--data", data])
        #expect(disabled.status == 0, "\(disabled.error)")
        #expect(try database.sessionCount(of: "canbo") == 0)
        #expect(try #require(try database.user(named: "canbo")).disabled)
        #expect(try KioskCLI.run(["user", "list", "--data", data]).output.contains("canbo   staff  yes"))
        #expect(try KioskCLI.run(["user", "enable", "canbo", "--data", data]).status == 0)
        #expect(try #require(try database.user(named: "canbo")).disabled == false)
        #expect(try KioskCLI.run(["user", "disable", "khong-co", "--data", data]).status != 0)

        let log = try database.auditLog(actionPrefix: "user")
        #expect(log.map(\.action) == ["user.enable", "user.disable", "user.passwd", "user.add", "user.add"])
        #expect(log.allSatisfy { $0.actor?.hasPrefix("cli:") == true })
        #expect(log.first?.detail == "user canbo")
    }
}
