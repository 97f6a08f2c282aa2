import Foundation
import KioskStore
import Testing

/// `kiosk kiosks add|list|revoke` and the audit of `kiosk token`, run as the IT officer runs them.
@Suite struct KiosksCLITests {
    static let base = "http://192.168.1.10:8080"

    func add(_ arguments: [String], data: String) throws -> KioskCLI.Result {
        try KioskCLI.run(["kiosks", "add"] + arguments + ["--data", data, "--content", KioskCLI.content, "--base", Self.base])
    }

    /// The value printed after `label: ` on a line of the output.
    func value(_ label: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("\(label): ") }.map { String($0.dropFirst(label.count + 2)) }
    }

    @Test func addPrintsTheLinkAndTokenOnceAndListShowsNoSecret() throws {
        let data = KioskCLI.temporary("data").path
        let added = try add(["kiosk-2"], data: data)
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("kiosk kiosk-2 added: a desk kiosk at counter Q03 (centre.toml)"))
        let link = try #require(value("pairing link", in: added.output))
        #expect(link.hasPrefix("\(Self.base)/pair?code="))
        let code = String(link.dropFirst("\(Self.base)/pair?code=".count))
        let token = try #require(value("token", in: added.output))
        #expect(token.hasPrefix("ckk_") && token.count > 40 && code.count > 40)

        let list = try KioskCLI.run(["kiosks", "list", "--data", data, "--content", KioskCLI.content])
        #expect(list.status == 0)
        let row = try #require(list.output.split(separator: "\n").first { $0.hasPrefix("kiosk-2") })
        #expect(row.contains("Q03") && row.contains("no (link until") && row.hasSuffix("live"), "\(row)")
        #expect(!list.output.contains(token) && !list.output.contains(code))
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where name.hasPrefix("kiosk.sqlite") {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: data).appendingPathComponent(name)), as: UTF8.self)
            #expect(!text.contains(token) && !text.contains(code), "a secret is in \(name)")
        }

        let twice = try add(["kiosk-2"], data: data)
        #expect(twice.status != 0)
        #expect(twice.error.contains("kiosk 'kiosk-2' is already added; revoke it first"))
        #expect(!twice.output.contains("token:"))
    }

    @Test func idsAndCountersAreCheckedAgainstCentreToml() throws {
        let data = KioskCLI.temporary("data").path
        let known = try add(["kiosk-1", "--counter", "Q05"], data: data)
        #expect(known.status != 0)
        #expect(known.error.contains("kiosk 'kiosk-1' is described in centre.toml ([[kiosks]]); set its counter there"))
        let badCounter = try add(["quay-x", "--counter", "Q99"], data: data)
        #expect(badCounter.status != 0)
        #expect(badCounter.error.contains("--counter Q99 is not a counter of centre.toml"))
        let badID = try add(["máy 1"], data: data)
        #expect(badID.status != 0)
        #expect(badID.error.contains("may hold only letters, digits"))
        let badBase = try KioskCLI.run(["kiosks", "add", "kiosk-1", "--data", data, "--content", KioskCLI.content, "--base", "ftp://box"])
        #expect(badBase.status != 0)
        #expect(badBase.error.contains("--base must be an address such as http://"))

        let desk = try add(["quay-5", "--counter", "Q05"], data: data)
        #expect(desk.status == 0, "\(desk.error)")
        #expect(desk.output.contains("a desk kiosk at counter Q05"))
        let hall = try add(["kiosk-9"], data: data)
        #expect(hall.status == 0, "\(hall.error)")
        #expect(hall.error.contains("'kiosk-9' is not a [[kiosks]] id of centre.toml (kiosk-1, kiosk-2)"))
        let list = try KioskCLI.run(["kiosks", "list", "--data", data, "--content", KioskCLI.content]).output
        #expect(list.split(separator: "\n").map { $0.split(separator: " ").first ?? "" } == ["id", "kiosk-9", "quay-5"])
        #expect(list.split(separator: "\n").first { $0.hasPrefix("quay-5") }?.contains("Q05") == true)
    }

    @Test func revokeEndsAKioskAndTheAuditLogSaysWho() throws {
        let data = KioskCLI.temporary("data").path
        #expect(try add(["kiosk-1"], data: data).status == 0)
        // A rating of kiosk-1 loaded from a file (kiosk import needs no pairing) shows as its last rating.
        let file = KioskCLI.temporary("ratings.ndjson")
        try
            #"{"id": "33333333-3333-4333-8333-333333333333", "survey": "quick", "answers": {"overall": "satisfied"}, "kiosk": "kiosk-1", "createdAt": "2026-11-02T08:00:00+07:00"}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let imported = try KioskCLI.run(["import", "--data", data, "--content", KioskCLI.content, file.path])
        #expect(imported.status == 0, "\(imported.error)")
        let before = try KioskCLI.run(["kiosks", "list", "--data", data, "--content", KioskCLI.content]).output
        let row = try #require(before.split(separator: "\n").first { $0.hasPrefix("kiosk-1") })
        #expect(row.contains("2026-11-02 08:00"), "the last rating is missing: \(row)")

        let revoked = try KioskCLI.run(["kiosks", "revoke", "kiosk-1", "--data", data])
        #expect(revoked.status == 0)
        #expect(revoked.output.contains("kiosk kiosk-1 revoked"))
        let after = try KioskCLI.run(["kiosks", "list", "--data", data, "--content", KioskCLI.content]).output
        #expect(after.split(separator: "\n").first { $0.hasPrefix("kiosk-1") }?.contains("revoked 20") == true)
        let again = try KioskCLI.run(["kiosks", "revoke", "kiosk-1", "--data", data])
        #expect(again.status != 0)
        #expect(again.error.contains("no live kiosk 'kiosk-1'"))
        // Added again after a revoke: new secrets.
        #expect(try add(["kiosk-1"], data: data).status == 0)

        let audit = try AppDatabase.open(directory: URL(fileURLWithPath: data)).auditLog(actionPrefix: "kiosk")
        #expect(audit.map(\.action) == ["kiosk.add", "kiosk.revoke", "kiosk.add"])
        #expect(audit.allSatisfy { $0.actor?.hasPrefix("cli:") == true && $0.detail == "kiosk kiosk-1" })
    }

    @Test func tokensAreAuditedWithoutTheirSecret() throws {
        let data = KioskCLI.temporary("data").path
        let created = try KioskCLI.run(["token", "create", "thanh-pho", "--role", "head", "--data", data])
        #expect(created.status == 0)
        let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        // Shown once: nothing prints it again.
        #expect(!(try KioskCLI.run(["token", "list", "--data", data]).output.contains(secret)))
        #expect(try KioskCLI.run(["token", "revoke", "thanh-pho", "--data", data]).status == 0)
        let audit = try AppDatabase.open(directory: URL(fileURLWithPath: data)).auditLog(actionPrefix: "token")
        #expect(audit.map(\.action) == ["token.revoke", "token.create"])
        #expect(audit.allSatisfy { $0.actor?.hasPrefix("cli:") == true && !($0.detail ?? "").contains(secret) })
        #expect(audit.last?.detail == "token thanh-pho (head)")
    }
}
