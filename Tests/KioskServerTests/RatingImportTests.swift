import Foundation
import KioskContent
import KioskCore
import KioskServer
import KioskStore
import Testing

/// `kiosk import` on real files and a real store: broken quoting, line ends and encodings are refused at
/// their line with nothing stored, and random damage to a CSV file never imports a row silently wrong.
@Suite struct RatingImportTests {
    static let header = RatingImporter.csvColumns.joined(separator: ",")
    static let content = try! ContentLoader.load(from: TestServer.content)

    static func file(_ bytes: [UInt8], _ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func store() throws -> AppDatabase {
        try AppDatabase.open(directory: FileManager.default.temporaryDirectory.appendingPathComponent("import-data-\(UUID().uuidString)"))
    }

    static func row(_ id: Int, comment: String) -> String {
        "\(String(format: "00000000-0000-4000-8000-%012d", id)),2026-11-20T09:00:00+07:00,quick,satisfied,Q01,,,,,\(comment)"
    }

    @Test func anUnterminatedQuoteIsAnErrorAtItsLineAndNothingIsStored() throws {
        let text = [Self.header, Self.row(1, comment: "\"no end quote"), Self.row(2, comment: "ổn"), ""].joined(separator: "\n")
        let url = try Self.file(Array(text.utf8), "paper.csv")
        let database = try Self.store()
        #expect {
            try RatingImporter(content: Self.content, now: TestServer.now).importFile(url, into: database)
        } throws: { error in
            let failure = error as? RatingImporter.Failure
            return failure?.line == 2 && failure?.message.contains("never closed") == true
                && failure?.description.hasPrefix("\(url.path):2: ") == true
        }
        #expect(try database.ratingCount() == 0)
    }

    @Test func ndjsonWithCRLFLineEndsAndFilesWithAUTF8ByteOrderMarkAreAccepted() throws {
        let lines = (1...3).map {
            #"{"id": "\#(String(format: "00000000-0000-4000-8000-%012d", $0))", "survey": "quick", "answers": {"overall": "satisfied"}}"#
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let files = [
            try Self.file(Array(lines.joined(separator: "\r\n").utf8) + [0x0D, 0x0A], "crlf.ndjson"),
            try Self.file(bom + Array(lines.joined(separator: "\r\n").utf8), "bom.ndjson"),
            try Self.file(
                bom + Array(([Self.header, Self.row(7, comment: "\"tốt, nhanh\""), Self.row(8, comment: "ổn")].joined(separator: "\r\n")).utf8),
                "bom.csv"),
        ]
        for (url, count) in zip(files, [3, 3, 2]) {
            let database = try Self.store()
            #expect(
                try RatingImporter(content: Self.content, now: TestServer.now).importFile(url, into: database) == count, "\(url.lastPathComponent)")
            #expect(try database.ratingCount() == count)
        }
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func utf16IsRefusedWithASentence(byteOrderMark: Bool, littleEndian: Bool) throws {
        let text = [Self.header, Self.row(1, comment: "ổn")].joined(separator: "\r\n")
        var bytes: [UInt8] = byteOrderMark ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for unit in text.utf16 {
            bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let url = try Self.file(bytes, "unicode.csv")
        let database = try Self.store()
        #expect {
            try RatingImporter(content: Self.content, now: TestServer.now).importFile(url, into: database)
        } throws: { error in
            let failure = error as? RatingImporter.Failure
            return failure?.line == 1 && failure?.message.contains("UTF-16") == true && failure?.message.contains("save it as UTF-8") == true
        }
        #expect(try database.ratingCount() == 0)
    }

    /// Random damage (a quote, comma or line end put in or taken out, characters doubled or swapped) to
    /// CSV files written by ``CSVWriter``: the import either fails at a line, or every row it returns is a
    /// row of the file, with its own id, and no comment holds another row.
    @Test(arguments: [UInt64(7), 8])
    func damagedCSVNeverImportsARowSilentlyWrong(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let importer = RatingImporter(content: Self.content, now: TestServer.now)
        var outcomes = (refused: 0, imported: 0)
        var problems: [String] = []
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for round in 0..<1500 {
            let rows = Int.random(in: 2...6, using: &random)
            let ids = (0..<rows).map { String(format: "00000000-0000-4000-8000-%012d", round * 10 + $0) }
            var writer = CSVWriter(byteOrderMark: Bool.random(using: &random))
            writer.append(texts: RatingImporter.csvColumns)
            for id in ids {
                writer.append(texts: [id, "2026-11-20T09:00:00+07:00", "quick", "satisfied", "Q01", "", "", "", "", Self.comment(&random)])
            }
            var text = Array(writer.text.unicodeScalars)
            for _ in 0..<Int.random(in: 1...2, using: &random) { Self.damage(&text, &random) }
            let damaged = String(String.UnicodeScalarView(text))
            let url = folder.appendingPathComponent("f\(round).csv")
            try Data(damaged.utf8).write(to: url)
            do {
                let read = try importer.read(url)
                outcomes.imported += 1
                let returned = read.map { $0.rating.rating.id.uuidString.lowercased() }
                // Every line that starts with an id comes back, under that id; nothing else does.
                let expected = damaged.components(separatedBy: .newlines).compactMap { line -> String? in
                    let start = String(line.prefix(36))
                    return line.dropFirst(36).first == "," && UUID(uuidString: start) != nil ? start.lowercased() : nil
                }
                if Set(returned) != Set(expected) || returned.count != read.count {
                    problems.append("rows \(returned) instead of \(expected) from:\n\(damaged)")
                }
                for entry in read {
                    if let comment = entry.rating.rating.comment, ids.contains(where: comment.contains) || comment.contains("2026-11-20T") {
                        problems.append("a row swallowed into the comment on line \(entry.line):\n\(damaged)")
                    }
                }
            } catch let failure as RatingImporter.Failure {
                outcomes.refused += 1
                let lines = damaged.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).count
                if !(1...max(1, lines)).contains(failure.line) || !failure.description.hasPrefix("\(url.path):\(failure.line): ") {
                    problems.append("error at line \(failure.line) of \(lines): \(failure.message)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, e.g.\n\(problems.prefix(3).joined(separator: "\n---\n"))")
        // Both paths are exercised (control characters in a field are refused, so most damaged files are).
        #expect(outcomes.refused > 100 && outcomes.imported > 50, "\(outcomes)")
    }

    static func comment(_ random: inout SeededGenerator) -> String {
        let pieces = ["Chờ lâu", ", ", "\"", "quá", " ", "'", "=", "-5 sao", "tốt", "@", "ổn", "\t", "\"\"", "cảm ơn"]
        return (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
    }

    static func damage(_ text: inout [Unicode.Scalar], _ random: inout SeededGenerator) {
        guard !text.isEmpty else { return }
        let at = Int.random(in: 0..<text.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: text.insert("\"", at: at)
        case 1: text.remove(at: at)
        case 2: text.insert(",", at: at)
        case 3: text.insert("\n", at: at)
        case 4: text.insert("\r", at: at)
        case 5: text.insert(text[at], at: at)
        default: if at + 1 < text.count { text.swapAt(at, at + 1) }
        }
    }
}
