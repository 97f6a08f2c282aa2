import Foundation
import KioskStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `kiosk serve` on a free loopback port, stopped with SIGTERM as systemd stops it.
final class ServedKiosk: @unchecked Sendable {
    // @unchecked: `process` is started in init and afterwards only signalled and waited for.
    let process = Process()
    let port: Int
    let errorFile = KioskCLI.temporary("serve-stderr")

    init(data: String, arguments: [String] = []) throws {
        process.executableURL = KioskCLI.binary
        process.arguments = ["serve", "--content", KioskCLI.content, "--data", data, "--port", "0", "--log-level", "warning"] + arguments
        let output = Pipe()
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        // "CitizenKiosk is serving http://127.0.0.1:PORT/ (kiosk) and …"
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.waitUntilExit()
            throw ServeFailure(description: "kiosk serve did not start: \(text) \((try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")")
        }
        self.port = port
    }

    struct ServeFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends SIGTERM and waits for the server to end.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// POSTs a rating as the kiosk of `token`; returns the HTTP status.
    func postRating(id: UUID, token: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/ratings")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(
            #"{"id": "\#(id.uuidString)", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q01", "kiosk": "kiosk-1"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

/// `kiosk backup` and `kiosk restore` with the real binary, the backup taken while a real server stores ratings.
@Suite(.serialized) struct BackupCLITests {
    /// The value after `label: ` on a line of the output.
    func value(_ label: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("\(label): ") }.map { String($0.dropFirst(label.count + 2)) }
    }

    func pairKiosk(data: String) throws -> String {
        let added = try KioskCLI.run(["kiosks", "add", "kiosk-1", "--data", data, "--content", KioskCLI.content, "--base", "http://127.0.0.1:8080"])
        guard added.status == 0, let token = value("token", in: added.output) else {
            throw ServedKiosk.ServeFailure(description: "kiosk kiosks add failed: \(added.error)")
        }
        return token
    }

    /// Counts ratings stored, and says when to stop.
    final class Progress: @unchecked Sendable {
        // @unchecked: every field is read and written under `lock`.
        private let lock = NSLock()
        private var storedIDs: [UUID] = []
        private var backupDone = false
        var ids: [UUID] { lock.withLock { storedIDs } }
        func stored(_ id: UUID) { lock.withLock { storedIDs.append(id) } }
        func finishBackup() { lock.withLock { backupDone = true } }
        var isBackupDone: Bool { lock.withLock { backupDone } }
    }

    @Test func aBackupTakenWhileTheServerWritesIsAConsistentPrefixAndRestores() async throws {
        let data = KioskCLI.temporary("data").path
        let token = try pairKiosk(data: data)
        let server = try ServedKiosk(data: data)
        defer { server.stop() }

        // Ratings one after another, until 20 after the backup has finished.
        let progress = Progress()
        let writer = Task {
            var after = 0
            while after < 20 {
                if progress.isBackupDone { after += 1 }
                let id = UUID()
                let status = try await server.postRating(id: id, token: token)
                guard status == 201 else { throw ServedKiosk.ServeFailure(description: "rating answered \(status)") }
                progress.stored(id)
            }
        }
        while progress.ids.count < 40 { try await Task.sleep(for: .milliseconds(20)) }
        let file = KioskCLI.temporary("backup").path + "/kiosk-copy.sqlite"
        let backup = try KioskCLI.run(["backup", "--data", data, "--to", file])
        progress.finishBackup()
        try await writer.value
        #expect(backup.status == 0, "\(backup.error)")
        #expect(backup.output.hasPrefix("Backed up \(data)/kiosk.sqlite to \(file)\n"), "\(backup.output)")
        #expect(value("schema", in: backup.output)?.hasPrefix("v") == true)
        #expect(value("size", in: backup.output)?.hasSuffix("B)") == true)
        let copied = try #require(value("rating", in: backup.output).flatMap { Int($0) })
        let all = progress.ids
        #expect(copied >= 40 && copied < all.count, "\(copied) of \(all.count)")

        // The server, started with its defaults, made its daily backup in DATA/backups.
        let daily = try FileManager.default.contentsOfDirectory(atPath: data + "/backups").filter {
            $0.range(of: #"^kiosk-\d{4}-\d{2}-\d{2}\.sqlite$"#, options: .regularExpression) != nil
        }
        #expect(daily.count == 1, "\(daily)")

        // No restore under a running server: it says who holds the folder, and nothing changes.
        let before = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        let refused = try KioskCLI.run(["restore", "--from", file, "--data", data])
        #expect(refused.status == 1)
        #expect(refused.error.contains("is in use by a running kiosk"), "\(refused.error)")
        #expect(refused.error.contains("serve --content"), "\(refused.error)")
        #expect(refused.error.contains("nothing was changed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).sorted() == before)

        server.stop()
        let restored = try KioskCLI.run(["restore", "--from", file, "--data", data])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(value("rating", in: restored.output) == "\(copied)")
        let asideLine = try #require(restored.output.split(separator: "\n").first { $0.hasPrefix("The database it replaced is kept as ") })
        let aside = String(asideLine.dropFirst("The database it replaced is kept as ".count))
        #expect(aside.hasPrefix("\(data)/kiosk.sqlite.before-restore-"), "\(aside)")
        #expect(FileManager.default.fileExists(atPath: aside))

        // The restored store passes kiosk verify: integrity, hash chain, rollups equal to a recount of its ratings.
        let verified = try KioskCLI.run(["verify", "--data", data, "--content", KioskCLI.content])
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        #expect(verified.output.hasPrefix("OK: \(copied) ratings"), "\(verified.output)")
        // Its ratings are exactly the first ones stored: a moment of the store, not a mix.
        let database = try AppDatabase.open(directory: URL(fileURLWithPath: data))
        #expect(try database.ratingCount() == copied)
        for (index, id) in all.enumerated() {
            #expect((try database.rating(id: id) != nil) == (index < copied), "rating \(index)")
        }
        // The database set aside holds every rating.
        let asideFolder = KioskCLI.temporary("aside").path
        try FileManager.default.createDirectory(atPath: asideFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: aside, toPath: asideFolder + "/kiosk.sqlite")
        #expect(try AppDatabase.open(directory: URL(fileURLWithPath: asideFolder)).ratingCount() == all.count)
    }

    @Test func backupRefusesToReplaceAFileAndSaysWhatIsWrong() throws {
        let data = KioskCLI.temporary("data").path
        #expect(try KioskCLI.run(["user", "add", "truong", "--role", "head", "--data", data], input: "mat-khau-truong-1\n").status == 0)
        let file = KioskCLI.temporary("backup.sqlite").path
        let first = try KioskCLI.run(["backup", "--data", data, "--to", file])
        #expect(first.status == 0, "\(first.error)")
        #expect(value("user", in: first.output) == "1")
        let again = try KioskCLI.run(["backup", "--data", data, "--to", file])
        #expect(again.status != 0)
        #expect(again.error.contains("\(file) exists; give --force to replace it"), "\(again.error)")
        #expect(try KioskCLI.run(["backup", "--data", data, "--to", file, "--force"]).status == 0)

        let empty = try KioskCLI.run(["backup", "--data", KioskCLI.temporary("none").path, "--to", KioskCLI.temporary("x.sqlite").path])
        #expect(empty.status == 1)
        #expect(empty.error.contains("holds no kiosk.sqlite"), "\(empty.error)")

        let notABackup = KioskCLI.temporary("notes.sqlite").path
        try "not a database".write(toFile: notABackup, atomically: true, encoding: .utf8)
        let refused = try KioskCLI.run(["restore", "--from", notABackup, "--data", data])
        #expect(refused.status == 1)
        #expect(refused.error.contains("is not an SQLite database"), "\(refused.error)")
        #expect(try AppDatabase.open(directory: URL(fileURLWithPath: data)).users().count == 1)
    }

    @Test func serveChecksItsBackupOptions() throws {
        let data = KioskCLI.temporary("data").path
        let badTime = try KioskCLI.run(["serve", "--content", KioskCLI.content, "--data", data, "--port", "0", "--backup-at", "25:00"])
        #expect(badTime.status != 0)
        #expect(badTime.error.contains("--backup-at must be a time of day such as 02:30"), "\(badTime.error)")
        let badKeep = try KioskCLI.run(["serve", "--content", KioskCLI.content, "--data", data, "--port", "0", "--backup-keep=-1"])
        #expect(badKeep.status != 0)
        #expect(badKeep.error.contains("--backup-keep must be 0"), "\(badKeep.error)")
    }
}
