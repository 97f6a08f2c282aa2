import Foundation
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskServer
import KioskStore
import TestSupport
import Testing

/// Generated personal data sent as comments through the real rating API (live server, real SQLite file):
/// none of it is found in the bytes of the database, its WAL file, or a backup taken while serving.
@Suite struct PersonalDataStorageTests {
    static let ratings = 300

    @Test func noPersonalDataReachesTheDatabaseTheWALOrABackup() async throws {
        let configuration = TestServer.configuration()
        let folder = configuration.dataDirectory
        var generator = PersonalDataSamples(seed: 20_261_205)
        let cases = (0..<Self.ratings).map { _ in
            let sample = generator.sample()
            return (sample, generator.sentence(with: sample.text))
        }
        let backup = folder.appendingPathComponent("backups/privacy-test.sqlite")
        let walBytes = LockedBytes()
        try await TestServer.withLiveServer(configuration) { client in
            var answered: [String] = []
            for (index, (_, comment)) in cases.enumerated() {
                let body: [String: Any] = [
                    "id": String(format: "00000000-0000-4000-8000-%012d", index), "survey": "quick",
                    "answers": ["overall": "dissatisfied"], "comment": comment,
                ]
                let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                let response = try await client.postRating(json)
                #expect(response.status == .created, "\(response.text)")
                answered.append(response.text)
            }
            // While the server runs, the newest pages are in the WAL file; a backup is taken meanwhile.
            walBytes.set(
                Array((try? Data(contentsOf: URL(fileURLWithPath: folder.appendingPathComponent(AppDatabase.fileName).path + "-wal"))) ?? Data()))
            _ = try AppDatabase.open(directory: folder).backup(to: backup)
            for (index, (sample, _)) in cases.enumerated() where Self.holds(sample, Array(answered[index].utf8)) {
                Issue.record("the API answered with \(sample.kind) '\(sample.text)'")
            }
        }
        #expect(!walBytes.value.isEmpty, "the WAL file was empty while serving, so this test would prove nothing about it")
        #expect(try AppDatabase.open(directory: folder).ratingCount() == Self.ratings)
        let files: [(String, [UInt8])] = [
            ("database", Array(try Data(contentsOf: folder.appendingPathComponent(AppDatabase.fileName)))),
            ("WAL", walBytes.value),
            ("backup", Array(try Data(contentsOf: backup))),
        ]
        for (name, bytes) in files {
            let runs = Set(DigitRuns.of(bytes))
            let leaked = cases.filter { sample, _ in Self.holds(sample, bytes, runs: runs) }
            #expect(leaked.isEmpty, "\(name): \(leaked.count) leaked, e.g. \(leaked.prefix(5).map { "\($0.0.kind) \($0.0.text)" })")
        }
        // The comments were stored, only without the personal data.
        let stored = try #require(try AppDatabase.open(directory: folder).rating(id: UUID(uuidString: "00000000-0000-4000-8000-000000000000")!))
        #expect(stored.comment?.contains(PersonalDataRedactor.marker) == true)
    }

    /// Whether `bytes` hold the sample as written (UTF-8, or with `\u` escapes as JSON may write it) or
    /// its digits in one run.
    static func holds(_ sample: PersonalDataSamples.Sample, _ bytes: [UInt8], runs: Set<String>? = nil) -> Bool {
        if DigitRuns.bytes(bytes, contain: Array(sample.text.utf8)) { return true }
        guard sample.digits.count >= 6 else { return false }
        return (runs ?? Set(DigitRuns.of(bytes))).contains { $0.contains(sample.digits) }
    }
}

/// Bytes handed out of the server closure (which must be `@Sendable`).
final class LockedBytes: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func set(_ value: [UInt8]) { lock.withLock { bytes = value } }
    var value: [UInt8] { lock.withLock { bytes } }
}
