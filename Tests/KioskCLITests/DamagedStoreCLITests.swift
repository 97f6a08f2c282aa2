import Foundation
import KioskCore
import TestSupport
import Testing

/// The commands on a data folder whose `kiosk.sqlite` is not a database any more: a sentence naming the file
/// and what to do, never a bare SQLite error, and the file left as it was.
@Suite struct DamagedStoreCLITests {
    @Test func aGarbageStoreFileIsNamedWithWhatToDo() throws {
        var random = SeededGenerator(seed: 3)
        for size in [512, 4096, 100_000] {
            let data = KioskCLI.temporary("garbage")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let file = data.appendingPathComponent("kiosk.sqlite")
            let bytes = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &random) })
            try bytes.write(to: file)
            for command in [["verify"], ["stats"], ["backup", "--to", data.appendingPathComponent("copy.sqlite").path]] {
                let result = try KioskCLI.run(command + ["--data", data.path] + (command[0] == "verify" ? ["--content", KioskCLI.content] : []))
                #expect(result.status != 0, "\(command)")
                #expect(result.error.contains("\(file.path) is damaged"), "\(command): \(result.error)")
                #expect(result.error.contains("kiosk restore"), "\(command): \(result.error)")
            }
            #expect(try Data(contentsOf: file) == bytes)
        }
    }
}
