import Foundation
import KioskContent
import KioskCore
import Testing

/// Checks the sample content and, on broken copies of it, that every problem is reported on its line.
@Suite struct ContentCheckTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("kiosk-content")

    /// A copy of the sample content in a temporary folder, with `file` changed by `edit`.
    func brokenCopy(_ file: String, _ edit: (String) -> String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("content-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.sample, to: folder)
        let path = folder.appendingPathComponent(file)
        let text = try String(contentsOf: path, encoding: .utf8)
        let changed = edit(text)
        #expect(changed != text, "the edit must change \(file)")
        try changed.write(to: path, atomically: true, encoding: .utf8)
        return folder
    }

    /// The 1-based line of the first occurrence of `marker` in `file` of `folder`.
    func line(of marker: String, in file: String, of folder: URL) throws -> Int {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(marker) }) + 1
    }

    @Test func sampleContentIsValidAndComplete() throws {
        let result = ContentLoader.check(Self.sample)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let content = try #require(result.content)
        #expect(content.centre.timeZoneIdentifier == "Asia/Ho_Chi_Minh")
        #expect(content.centre.reporting.target == 0.95)
        #expect(content.centre.counters.map(\.id) == (1...10).map { String(format: "Q%02d", $0) })
        let quick = try #require(content.surveys["quick"])
        #expect(quick.main == "overall")
        #expect(quick.mainQuestion?.choices.map(\.id) == ["very_satisfied", "satisfied", "dissatisfied"])
        #expect(quick.mainQuestion?.choices.map(\.satisfied) == [true, true, false])
        #expect(
            quick.question("reasons")?.choices.map(\.id)
                == ["waited_too_long", "had_to_come_back", "unclear_guidance", "attitude", "extra_papers", "other"])
        let detailed = try #require(content.surveys["detailed"])
        #expect(detailed.questions.filter { $0.kind == .scale }.allSatisfy { $0.choices.count == 5 })
        #expect(content.strings[.vi]?.keys.sorted() == content.strings[.en]?.keys.sorted())
        // Vietnamese text is NFC.
        #expect(content.centre.name.vi == content.centre.name.vi.precomposedStringWithCanonicalMapping)
    }

    @Test func duplicateChoiceIDIsReportedOnItsLine() throws {
        let folder = try brokenCopy("surveys/quick.toml") { $0.replacingOccurrences(of: "id = \"satisfied\"", with: "id = \"very_satisfied\"") }
        let problems = ContentLoader.check(folder).errors
        let expectedLine = try line(of: "id = \"very_satisfied\"", in: "surveys/quick.toml", of: folder)
        let duplicate = try #require(problems.first { $0.message.contains("duplicate choice id 'very_satisfied'") })
        #expect(duplicate.file.hasSuffix("surveys/quick.toml"))
        // The second of the two lines is the duplicate.
        #expect(duplicate.line > expectedLine)
        let text = try String(contentsOf: folder.appendingPathComponent("surveys/quick.toml"), encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[duplicate.line - 1].contains("very_satisfied"))
    }

    @Test func unknownKeyIsReportedOnItsLine() throws {
        let folder = try brokenCopy("centre.toml") { $0.replacingOccurrences(of: "[reporting]\n", with: "[reporting]\ntargett = 0.9\n") }
        let problem = try #require(ContentLoader.check(folder).errors.first { $0.message.contains("unknown key 'reporting.targett'") })
        #expect(problem.line == (try line(of: "targett", in: "centre.toml", of: folder)))
        #expect(problem.description.hasPrefix(folder.appendingPathComponent("centre.toml").path + ":\(problem.line): "))
    }

    @Test func targetOutsideZeroToOneIsRefused() throws {
        let folder = try brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: #"target = 0.95"#, with: "target = 95")
        }
        let problem = try #require(ContentLoader.check(folder).errors.first { $0.message.contains("reporting.target") })
        #expect(problem.line == (try line(of: "target = 95", in: "centre.toml", of: folder)))
    }

    @Test func undefinedCounterReferenceIsRefused() throws {
        let folder = try brokenCopy("centre.toml") { $0.replacingOccurrences(of: "counter = \"Q03\"", with: "counter = \"Q42\"") }
        let problem = try #require(ContentLoader.check(folder).errors.first { $0.message.contains("'Q42'") })
        #expect(problem.line == (try line(of: "counter = \"Q42\"", in: "centre.toml", of: folder)))
    }

    @Test func missingVietnameseLabelIsRefused() throws {
        let folder = try brokenCopy("surveys/quick.toml") { text in
            text.replacingOccurrences(of: #"label = { vi = "Hài lòng", "#, with: #"label = { "#)
        }
        let problem = try #require(ContentLoader.check(folder).errors.first { $0.message.contains("no Vietnamese label") })
        let text = try String(contentsOf: folder.appendingPathComponent("surveys/quick.toml"), encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[problem.line - 1].contains("label = {"))
    }

    @Test func syntaxErrorCarriesItsLine() throws {
        let folder = try brokenCopy("locales/en.toml") { $0 + "\nbroken = \"no end\n" }
        let problem = try #require(ContentLoader.check(folder).errors.first { $0.message.contains("TOML syntax error") })
        #expect(problem.line == (try line(of: "broken = ", in: "locales/en.toml", of: folder)))
    }

    @Test func missingEnglishStringIsRefused() throws {
        let folder = try brokenCopy("locales/en.toml") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let index = lines.firstIndex { $0.contains("=") && !$0.hasPrefix("#") }!
            lines.remove(at: index)
            return lines.joined(separator: "\n")
        }
        #expect(ContentLoader.check(folder).errors.contains { $0.message.hasPrefix("missing string") })
    }

    @Test func loadThrowsEveryProblemAtOnce() throws {
        let folder = try brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: "timezone = \"Asia/Ho_Chi_Minh\"", with: "timezone = \"Mars/Olympus\"")
                .replacingOccurrences(of: "target = 0.95", with: "target = -1")
        }
        do {
            _ = try ContentLoader.load(from: folder)
            Issue.record("bad content loaded")
        } catch let error as ContentError {
            #expect(error.problems.filter { $0.severity == .error }.count >= 2)
        }
    }
}
