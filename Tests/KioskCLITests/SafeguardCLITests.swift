import Foundation
import KioskCore
import KioskStore
import TestSupport
import Testing

/// `kiosk verify`, `kiosk void`, `kiosk audit` and `kiosk retention run` on real data folders, and someone
/// with a shell editing the SQLite file directly (`sqlite3`, the triggers dropped first).
@Suite struct SafeguardCLITests {
    /// A data folder with `count` demo ratings.
    func demoData(_ count: Int = 300) throws -> String {
        let data = KioskCLI.temporary("data").path
        let made = try KioskCLI.run([
            "demo-data", "--data", data, "--content", KioskCLI.content, "--ratings", "\(count)", "--seed", "5", "--days", "30", "--end", "2026-11-23",
        ])
        #expect(made.status == 0, "\(made.error)")
        return data
    }

    /// Runs SQL on the data folder's file with the `sqlite3` program.
    @discardableResult
    func sqlite(_ data: String, _ sql: String) throws -> KioskCLI.Result {
        let run = try ProgramRun("/usr/bin/sqlite3", [URL(fileURLWithPath: data).appendingPathComponent("kiosk.sqlite").path], input: Array(sql.utf8))
        return KioskCLI.Result(
            status: run.status, output: String(decoding: run.output, as: UTF8.self), error: String(decoding: run.error, as: UTF8.self))
    }

    func verify(_ data: String) throws -> KioskCLI.Result {
        try KioskCLI.run(["verify", "--data", data, "--content", KioskCLI.content])
    }

    @Test func verifyPassesThenNamesARatingEditedInTheFile() throws {
        let data = try demoData()
        let clean = try verify(data)
        #expect(clean.status == 0, "\(clean.output)\(clean.error)")
        #expect(clean.output.hasPrefix("OK: 300 ratings, 0 voids, chain and rollups agree\nhead: rating seq 300 hash "))

        // With the guard in place the file refuses the change.
        let guarded = try sqlite(data, "UPDATE rating SET main_choice = 'very_satisfied', satisfied = 1 WHERE seq = 123;")
        #expect(guarded.status != 0)
        #expect(guarded.error.contains("ratings are append-only"), "\(guarded.error)")
        #expect(try verify(data).status == 0)

        let id = try sqlite(data, "SELECT id FROM rating WHERE seq = 123;").output.trimmingCharacters(in: .whitespacesAndNewlines)
        try sqlite(data, "DROP TRIGGER rating_no_update; UPDATE rating SET main_choice = 'very_satisfied', satisfied = 1 WHERE seq = 123;")
        let broken = try verify(data)
        #expect(broken.status == 1)
        #expect(broken.output.hasPrefix("rating seq 123 (id \(id)): hash does not match its content\n"), "\(broken.output)")
        #expect(broken.output.contains("trigger rating_no_update is missing"))
    }

    @Test func verifyNamesARatingDeletedFromTheFile() throws {
        let data = try demoData()
        let next = try sqlite(data, "SELECT id FROM rating WHERE seq = 201;").output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sqlite(data, "DELETE FROM rating WHERE seq = 200;").error.contains("a rating is never deleted"))
        try sqlite(data, "DROP TRIGGER rating_no_delete; DELETE FROM rating WHERE seq = 200;")
        let broken = try verify(data)
        #expect(broken.status == 1)
        #expect(
            broken.output.hasPrefix("rating seq 201 (id \(next)): prev_hash does not match rating seq 199; seq 200 of the ratings is missing\n"),
            "\(broken.output)")
        #expect(broken.output.contains("recomputed"))
    }

    @Test func theHeadVoidsARatingFromTheCommandLine() throws {
        let data = try demoData(50)
        let added = try KioskCLI.run(["user", "add", "truong", "--role", "head", "--data", data], input: "mat-khau-truong-1\n")
        #expect(added.status == 0, "\(added.error)")
        let id = try sqlite(data, "SELECT id FROM rating WHERE seq = 7;").output.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--format", "json"])

        let short = try KioskCLI.run(["void", id, "--reason", "sai", "--by", "truong", "--data", data, "--content", KioskCLI.content])
        #expect(short.status == 1)
        #expect(short.error.contains("at least 10"))
        let notHead = try KioskCLI.run(["void", id, "--reason", "Cán bộ bấm thử máy", "--by", "ai-do", "--data", data, "--content", KioskCLI.content])
        #expect(notHead.status == 1)
        #expect(notHead.error.contains("head role"))

        let done = try KioskCLI.run(["void", id, "--reason", "Cán bộ bấm thử máy", "--by", "truong", "--data", data, "--content", KioskCLI.content])
        #expect(done.status == 0, "\(done.error)")
        #expect(done.output == "rating \(id) voided by truong: Cán bộ bấm thử máy\n")
        let twice = try KioskCLI.run(["void", id, "--reason", "Cán bộ bấm thử máy", "--by", "truong", "--data", data, "--content", KioskCLI.content])
        #expect(twice.status == 1)
        #expect(twice.error.contains("already voided"))

        let after = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--format", "json"])
        func figures(_ text: String) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:] }
        #expect((try figures(after.output)["valid"] as? Int) == (try figures(before.output)["valid"] as? Int).map { $0 - 1 })
        #expect(((try figures(after.output)["excluded"] as? [String: Int]) ?? [:])["voided"] == 1)
        let verified = try verify(data)
        #expect(verified.output.hasPrefix("OK: 50 ratings, 1 voids, chain and rollups agree"), "\(verified.output)")

        let audit = try KioskCLI.run(["audit", "--data", data, "--content", KioskCLI.content, "--action", "rating", "--format", "json"])
        #expect(audit.status == 0, "\(audit.error)")
        let entries = try JSONSerialization.jsonObject(with: Data(audit.output.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["action"] as? String == "rating.void")
        #expect((entries.first?["actor"] as? String)?.hasSuffix(" for truong") == true)
        #expect(entries.first?["detail"] as? String == "rating \(id): Cán bộ bấm thử máy")

        // A void changed in the file is named too.
        try sqlite(data, "DROP TRIGGER rating_void_no_update; UPDATE rating_void SET reason = 'Không có gì cả đâu';")
        #expect(try verify(data).output.hasPrefix("void seq 1 (rating \(id)): hash does not match its content"))
    }

    @Test func retentionRemovesOldCommentsOnlyAndIsAudited() throws {
        let data = KioskCLI.temporary("data").path
        let file = KioskCLI.temporary("ratings.ndjson")
        let old = "11111111-1111-4111-8111-111111111111"
        let recent = "22222222-2222-4222-8222-222222222222"
        try """
        {"id": "\(old)", "survey": "quick", "answers": {"overall": "dissatisfied"}, "comment": "Phải chờ rất lâu", "createdAt": "\(RFC3339.format(Date().addingTimeInterval(-400 * 86_400), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!))"}
        {"id": "\(recent)", "survey": "quick", "answers": {"overall": "satisfied"}, "comment": "Nhanh", "createdAt": "\(RFC3339.format(Date().addingTimeInterval(-86_400), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!))"}
        """.write(to: file, atomically: true, encoding: .utf8)
        #expect(try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path]).status == 0)
        let run = try KioskCLI.run(["retention", "run", "--data", data, "--content", KioskCLI.content])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("retention: 1 comment(s) removed, 0 help call(s) deleted (kept from "), "\(run.output)")
        let database = try AppDatabase.open(directory: URL(fileURLWithPath: data))
        #expect(try database.rating(id: UUID(uuidString: old)!)?.comment == nil)
        #expect(try database.rating(id: UUID(uuidString: old)!)?.mainChoice == "dissatisfied")
        #expect(try database.rating(id: UUID(uuidString: recent)!)?.comment == "Nhanh")
        #expect(try verify(data).status == 0)
        let audit = try KioskCLI.run(["audit", "--data", data, "--content", KioskCLI.content])
        #expect(audit.output.contains("retention.run"))
        #expect(audit.output.contains("comments 1, help calls 0"))
    }

    @Test func auditFiltersAndShowsExportsFromTheCommandLine() throws {
        let data = try demoData(20)
        let report = KioskCLI.temporary("report.csv").path
        #expect(
            try KioskCLI.run(["report", "--data", data, "--content", KioskCLI.content, "--period", "2026-11", "--format", "csv", "--out", report])
                .status == 0)
        let registry = KioskCLI.temporary("registry.json").path
        let exported = try KioskCLI.run(["ocop", "export", "--data", data, "--content", KioskCLI.content, "--format", "json", "--out", registry])
        #expect(exported.status == 0, "\(exported.error)")

        let table = try KioskCLI.run(["audit", "--data", data, "--content", KioskCLI.content])
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("at") == true)
        #expect(lines.count == 3)
        #expect(lines[1].contains("export.ocop") && lines[1].contains("registry json"))
        #expect(lines[2].contains("export.report") && lines[2].contains("2026-11 csv"))
        let only = try KioskCLI.run(["audit", "--data", data, "--content", KioskCLI.content, "--action", "export.report", "--limit", "5"])
        #expect(only.output.split(separator: "\n").count == 2)
        let none = try KioskCLI.run(["audit", "--data", data, "--content", KioskCLI.content, "--since", "2999-01-01"])
        #expect(none.output.split(separator: "\n").count == 1)
        let bad = try KioskCLI.run(["audit", "--data", data, "--since", "hôm qua"])
        #expect(bad.status != 0)
    }
}
