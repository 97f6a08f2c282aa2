import Foundation
import KioskCore
import KioskStore
import TestSupport
import Testing

/// Runs the real `kiosk` binary, as staff and the IT officer do.
struct KioskCLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary =
        ProcessInfo.processInfo.environment["KIOSK_BIN"].map { URL(fileURLWithPath: $0) }
        ?? root.appendingPathComponent(".build/debug/kiosk")
    static let content = root.appendingPathComponent("kiosk-content").path

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let run = try ProgramRun(binary.path, arguments, input: input.map { Array($0.utf8) })
        return Result(status: run.status, output: String(decoding: run.output, as: UTF8.self), error: String(decoding: run.error, as: UTF8.self))
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-cli-\(UUID().uuidString)-\(name)")
    }
}

@Suite struct ContentCheckCLITests {
    @Test func goodContentExitsZero() throws {
        let result = try KioskCLI.run(["content", "check", KioskCLI.content])
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }

    @Test func badContentExitsOneWithPathAndLine() throws {
        let folder = KioskCLI.temporary("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: folder)
        let file = folder.appendingPathComponent("surveys/quick.toml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "main = \"overall\"", with: "main = \"overall\"\nmian = 1")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try KioskCLI.run(["content", "check", folder.path])
        #expect(result.status == 1)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("mian") }! + 1
        #expect(result.output.contains("\(file.path):\(line): unknown key 'mian'"), "\(result.output)")
    }

    @Test func serveRefusesBadContentWithTheSameMessages() throws {
        let folder = KioskCLI.temporary("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: folder)
        let file = folder.appendingPathComponent("centre.toml")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: "target = 0.95", with: "target = 1.5")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try KioskCLI.run(["serve", "--content", folder.path, "--data", KioskCLI.temporary("data").path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.error.contains("\(file.path):"))
        #expect(result.error.contains("reporting.target is 1.5"))
    }
}

@Suite struct ImportCLITests {
    let header = "id,createdAt,survey,overall,counter,field,officer,channel,dossierCode,comment"

    func write(_ text: String, _ name: String) throws -> URL {
        let file = KioskCLI.temporary(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func importsNDJSONOnceEvenWhenRepeated() throws {
        let data = KioskCLI.temporary("data").path
        let file = try write(
            """
            {"id": "11111111-1111-4111-8111-111111111111", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q01", "createdAt": "2026-11-02T08:00:00+07:00"}

            {"id": "22222222-2222-4222-8222-222222222222", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": ["attitude"]}, "createdAt": "2026-11-03T08:00:00+07:00"}
            """, "ratings.ndjson")
        let first = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("2 rating(s) stored"))
        let again = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(again.output.contains("0 rating(s) stored"))
        let database = try AppDatabase.open(directory: URL(fileURLWithPath: data))
        #expect(try database.ratingCount() == 2)
        #expect(try database.rating(id: UUID(uuidString: "22222222-2222-4222-8222-222222222222")!)?.channel == .import)
    }

    @Test func importsPaperFormsFromCSV() throws {
        let data = KioskCLI.temporary("data").path
        let file = try write(
            """
            \(header)
            ,2026-11-05T09:00:00+07:00,quick,very_satisfied,Q02,dat-dai,,,,
            33333333-3333-4333-8333-333333333333,2026-11-05T10:00:00+07:00,quick,dissatisfied,Q02,,,,H26.05-1,"Chờ lâu, gọi 0912345678"
            """, "paper.csv")
        let result = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(result.status == 0, "\(result.error)")
        let database = try AppDatabase.open(directory: URL(fileURLWithPath: data))
        let stored = try #require(try database.rating(id: UUID(uuidString: "33333333-3333-4333-8333-333333333333")!))
        #expect(stored.channel == .paper)
        #expect(stored.comment == "Chờ lâu, gọi [đã ẩn]")
        #expect(try database.ratingCount() == 2)
        // Re-importing the same file (rows without an id included) stores nothing twice.
        _ = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(try database.ratingCount() == 2)
    }

    @Test(arguments: [
        (
            "\(Self.csvHeader)\n,2026-11-05T09:00:00+07:00,quick,satisfied,Q01,,,,,\n,2026-11-05T09:00:00+07:00,quick,happy,Q01,,,,,\n",
            "paper.csv", 3, "'happy' is not a choice"
        ),
        ("\(Self.csvHeader)\n,2026-11-05T09:00:00+07:00,quick,satisfied,Q77,,,,,\n", "paper.csv", 2, "counter 'Q77'"),
        ("id,survey,overall\n", "paper.csv", 1, "the header must be"),
        (
            "\(Self.csvHeader)\n,2026-11-05T09:00:00+07:00,quick,satisfied,Q01,,,,H26.1,\n,2026-11-05T10:00:00+07:00,quick,satisfied,Q02,,,,H26.1,\n",
            "paper.csv", 3, "dossier H26.1 is rated twice (first on line 2)"
        ),
        (
            #"{"id": "44444444-4444-4444-8444-444444444444", "survey": "quick", "answers": {"overall": "satisfied"}}"# + "\n{oops\n",
            "bad.ndjson", 2, "not a JSON object"
        ),
        (
            #"{"id": "44444444-4444-4444-8444-444444444444", "survey": "quick", "answers": {"overall": "satisfied"}}"# + "\n"
                + #"{"id": "44444444-4444-4444-8444-444444444444", "survey": "quick", "answers": {"overall": "satisfied"}}"#,
            "twice.ndjson", 2, "used again"
        ),
        // The API's one rule for times: a day the store or the hub cannot hold, one that does not exist.
        (
            "\(Self.csvHeader)\n,2026-11-05T09:00:00+07:00,quick,satisfied,Q01,,,,,\n,0000-06-01T00:00:00Z,quick,satisfied,Q01,,,,,\n",
            "paper.csv", 3, "before the centre opened"
        ),
        (
            #"{"id": "44444444-4444-4444-8444-444444444444", "survey": "quick", "answers": {"overall": "satisfied"}, "createdAt": "2026-02-30T09:00:00+07:00"}"#,
            "bad-day.ndjson", 1, "RFC 3339 time of a real day"
        ),
    ])
    func oneBadRowRefusesTheWholeFile(text: String, name: String, line: Int, message: String) throws {
        let data = KioskCLI.temporary("data").path
        let file = try write(text, name)
        let result = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(result.status == 1)
        #expect(result.error.contains("\(file.path):\(line): "), "\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(try AppDatabase.open(directory: URL(fileURLWithPath: data)).ratingCount() == 0)
    }

    static let csvHeader = "id,createdAt,survey,overall,counter,field,officer,channel,dossierCode,comment"
}

@Suite struct StatsCLITests {
    @Test func statsPrintTheFiguresInEveryFormat() throws {
        let data = KioskCLI.temporary("data").path
        let made = try KioskCLI.run(
            ["demo-data", "--data", data, "--content", KioskCLI.content, "--ratings", "2000", "--seed", "7", "--end", "2026-11-23"])
        #expect(made.status == 0, "\(made.error)")
        let json = try KioskCLI.run([
            "stats", "--data", data, "--content", KioskCLI.content, "--from", "2026-11-01", "--to", "2026-11-23",
            "--by", "counter", "--format", "json",
        ])
        #expect(json.status == 0, "\(json.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["from"] as? String == "2026-11-01")
        #expect(report["to"] as? String == "2026-11-23")
        #expect(report["target"] as? Double == 0.95)
        let total = try #require(report["total"] as? Int)
        let valid = try #require(report["valid"] as? Int)
        let satisfied = try #require(report["satisfied"] as? Int)
        #expect(total > 0 && total < 2000)
        #expect(valid == total)
        #expect(abs((report["rate"] as? Double ?? -1) - Double(satisfied) / Double(valid)) < 1e-12)
        let interval = try #require(report["ci95"] as? [Double])
        #expect(interval[0] < Double(satisfied) / Double(valid) && Double(satisfied) / Double(valid) < interval[1])
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.reduce(0) { $0 + ($1["total"] as? Int ?? 0) } == total)
        #expect(Set(groups.compactMap { $0["key"] as? String }).isSubset(of: Set((1...10).map { String(format: "Q%02d", $0) })))
        let levels = try #require(report["levels"] as? [String: Int])
        #expect(levels.values.reduce(0, +) == valid)

        let csv = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--by", "month", "--format", "csv"])
        let lines = csv.output.split(separator: "\n")
        #expect(lines.first == "key,total,valid,excluded,satisfied,rate,ci95_low,ci95_high,needed_to_target,too_few_to_judge")
        #expect(lines.count >= 13)  // overall + 12 or 13 months
        let table = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content])
        #expect(table.output.contains("target 95.0%"))
        #expect(table.output.contains("2000"))
    }

    @Test func sameSeedMakesTheSameFigures() throws {
        var outputs: [String] = []
        for _ in 0..<2 {
            let data = KioskCLI.temporary("data").path
            _ = try KioskCLI.run([
                "demo-data", "--data", data, "--content", KioskCLI.content, "--ratings", "500", "--seed", "3", "--end", "2026-06-30",
            ])
            outputs.append(try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--by", "day", "--format", "csv"]).output)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].split(separator: "\n").count > 100)
    }

    @Test func emptyPeriodHasNullRate() throws {
        let data = KioskCLI.temporary("data").path
        let result = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--format", "json"])
        #expect(result.output.contains(#""rate" : null"#))
        let bad = try KioskCLI.run(["stats", "--data", data, "--from", "2026-13-01"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("--from '2026-13-01' is not a day"))
    }
}

@Suite struct UserCLITests {
    @Test func addsAUserFromStandardInput() throws {
        let data = KioskCLI.temporary("data").path
        let added = try KioskCLI.run(["user", "add", "truong", "--role", "head", "--data", data], input: "mot-mat-khau-dai\n")
        #expect(added.status == 0, "\(added.error)")
        let user = try #require(try AppDatabase.open(directory: URL(fileURLWithPath: data)).user(named: "truong"))
        #expect(user.role == .head)
        #expect(user.passwordHash.hasPrefix("$2"))
        #expect(!user.passwordHash.contains("mot-mat-khau-dai"))
        let again = try KioskCLI.run(["user", "add", "truong", "--data", data], input: "mot-mat-khau-dai\n")
        #expect(again.status != 0)
        #expect(again.error.contains("already exists"))
        let short = try KioskCLI.run(["user", "add", "lan", "--data", data], input: "ngan\n")
        #expect(short.error.contains("at least 10 characters"))
    }
}

@Suite struct DossiersCLITests {
    @Test func dossierCountsFeedTheStats() throws {
        let data = KioskCLI.temporary("data").path
        let ratings = KioskCLI.temporary("r.ndjson")
        try """
        {"id": "99999999-0000-4000-8000-000000000001", "survey": "quick", "answers": {"overall": "satisfied"}, "createdAt": "2026-10-05T09:00:00+07:00"}
        {"id": "99999999-0000-4000-8000-000000000002", "survey": "quick", "answers": {"overall": "dissatisfied"}, "createdAt": "2026-10-06T09:00:00+07:00"}
        """.write(to: ratings, atomically: true, encoding: .utf8)
        _ = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, ratings.path])
        let bad = KioskCLI.temporary("bad.csv")
        try "month,dossiers\n2026-10,20\n2026-13,5\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try KioskCLI.run(["dossiers", "import", "--data", data, bad.path])
        #expect(refused.status == 1)
        #expect(refused.error.contains("\(bad.path):3: expected a month"))
        #expect(try KioskCLI.run(["dossiers", "list", "--data", data]).output.isEmpty)
        let good = KioskCLI.temporary("good.csv")
        try "month,dossiers\n2026-10,20\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try KioskCLI.run(["dossiers", "import", "--data", data, good.path]).status == 0)
        let stats = try KioskCLI.run(["stats", "--data", data, "--content", KioskCLI.content, "--period", "2026-10", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])
        let dossiers = try #require(report["dossiers"] as? [String: Any])
        #expect(dossiers["dossiers"] as? Int == 20)
        #expect(dossiers["responseRate"] as? Double == 0.1)
        #expect(dossiers["rate766"] as? Double == 0.95)
        #expect(report["period"] as? String == "2026-10")
        #expect((report["previous"] as? [String: Any])?["from"] as? String == "2026-09-01")  // September, the month before
    }
}

@Suite struct TokenCLITests {
    @Test func tokensAreShownOnceAndStoredHashed() throws {
        let data = KioskCLI.temporary("data").path
        let created = try KioskCLI.run(["token", "create", "thanh-pho", "--role", "head", "--data", data])
        #expect(created.status == 0)
        let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("ck_") && secret.count > 40)
        let list = try KioskCLI.run(["token", "list", "--data", data]).output
        #expect(list.contains("thanh-pho\thead\tlive"))
        #expect(!list.contains(secret))
        for name in ["kiosk.sqlite", "kiosk.sqlite-wal"] {
            let url = URL(fileURLWithPath: data).appendingPathComponent(name)
            guard let bytes = FileManager.default.contents(atPath: url.path) else { continue }
            #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "the secret is in \(name)")
        }
        #expect(try KioskCLI.run(["token", "revoke", "thanh-pho", "--data", data]).status == 0)
        #expect(try KioskCLI.run(["token", "list", "--data", data]).output.contains("revoked"))
        #expect(try KioskCLI.run(["token", "revoke", "thanh-pho", "--data", data]).error.contains("no live token"))
    }
}

@Suite struct ReportCLITests {
    @Test func reportInEveryFormat() throws {
        let data = KioskCLI.temporary("data").path
        _ = try KioskCLI.run(["demo-data", "--data", data, "--content", KioskCLI.content, "--ratings", "3000", "--seed", "11", "--end", "2026-09-30"])
        _ = try KioskCLI.run(["dossiers", "set", "2026-07", "900", "--data", data])
        _ = try KioskCLI.run(["dossiers", "set", "2026-08", "900", "--data", data])
        _ = try KioskCLI.run(["dossiers", "set", "2026-09", "900", "--data", data])
        let folder = TestSupport.Decoder.temporaryFolder("report")
        for format in ["pdf", "csv", "html", "json"] {
            let result = try KioskCLI.run([
                "report", "--data", data, "--content", KioskCLI.content, "--period", "2026-Q3", "--format", format,
                "--out", folder.appendingPathComponent("r.\(format)").path,
            ])
            #expect(result.status == 0, "\(result.error)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("r.json"))) as? [String: Any])
        for key in [
            "from", "to", "target", "total", "valid", "excluded", "satisfied", "rate", "ci95", "neededToTarget", "levels", "criteria",
            "byField", "byCounter", "byOfficer", "previous", "reasons", "dossiers",
        ] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        let total = try #require(json["total"] as? Int)
        #expect((json["byCounter"] as? [[String: Any]])?.reduce(0) { $0 + ($1["total"] as? Int ?? 0) } == total)

        let pdf = [UInt8](try Data(contentsOf: folder.appendingPathComponent("r.pdf")))
        let text = try TestSupport.Decoder.pdfText(pdf).precomposedStringWithCanonicalMapping
        #expect(text.contains("Báo cáo kết quả đánh giá mức độ hài lòng"))
        #expect(text.contains("Trung tâm Phục vụ hành chính công phường Hồng Bàng"))
        #expect(text.contains("Kỳ báo cáo: Quý III năm 2026, từ ngày 01/07/2026 đến ngày 30/09/2026"))
        #expect(text.contains("Theo lĩnh vực"))
        #expect(text.contains("Quyết định 766/QĐ-TTg"))
        #expect(text.contains("Tổng số đánh giá: \(total)"))

        let csv = [UInt8](try Data(contentsOf: folder.appendingPathComponent("r.csv")))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: csv.dropFirst(3), as: UTF8.self).contains("5. Theo quầy,Quầy số 1,"))

        let bad = try KioskCLI.run(["report", "--data", data, "--content", KioskCLI.content, "--period", "Q3"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("is not a period"))
    }
}

@Suite struct StatsContentTests {
    @Test func statsUseTheCentresTargetAndRefuseBrokenContent() throws {
        let folder = KioskCLI.temporary("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        let text = try String(contentsOf: centre, encoding: .utf8)
        try text.replacingOccurrences(of: "target = 0.95", with: "target = 0.9").write(to: centre, atomically: true, encoding: .utf8)
        let data = KioskCLI.temporary("data").path
        let json = try KioskCLI.run(["stats", "--data", data, "--content", folder.path, "--format", "json"])
        #expect(json.output.contains(#""target" : 0.9"#), "\(json.output)")
        try text.replacingOccurrences(of: "target = 0.95", with: "target = 9").write(to: centre, atomically: true, encoding: .utf8)
        let broken = try KioskCLI.run(["stats", "--data", data, "--content", folder.path])
        #expect(broken.status == 1)
        #expect(broken.error.contains("reporting.target is 9.0"))
    }
}

@Suite struct StatsCSVGuardCLITests {
    /// `kiosk stats --format csv` writes a group key that a spreadsheet would run (`-2-1`) with a leading `'`.
    @Test func aKeyThatLooksLikeAFormulaIsGuarded() throws {
        let folder = KioskCLI.temporary("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "id = \"cb-01\"", with: "id = \"-2-1\"")
            .write(to: centre, atomically: true, encoding: .utf8)
        let file = KioskCLI.temporary("ratings.ndjson")
        try
            #"{"id": "55555555-5555-4555-8555-555555555555", "survey": "quick", "answers": {"overall": "satisfied"}, "officer": "-2-1", "createdAt": "2026-11-02T08:00:00+07:00"}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let data = KioskCLI.temporary("data").path
        let imported = try KioskCLI.run(["import", "--data", data, "--content", folder.path, file.path])
        #expect(imported.status == 0, "\(imported.error)")
        let csv = try KioskCLI.run(["stats", "--data", data, "--content", folder.path, "--by", "officer", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.error)")
        let lines = csv.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("'-2-1,1,1,0,1,1.000000,") }, "\(csv.output)")
        #expect(!lines.contains { $0.hasPrefix("-") })
    }
}
