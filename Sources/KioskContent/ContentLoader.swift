import Foundation
import KioskCore
import TOMLKit

/// Reads and validates a `kiosk-content/` folder.
public enum ContentLoader {
    /// What a check found: the content when it has no errors, and every problem (errors and warnings).
    public struct Result: Sendable {
        public var content: CentreContent?
        public var problems: [ContentProblem]

        public var errors: [ContentProblem] { problems.filter { $0.severity == .error } }
    }

    /// Loads the content of `directory`.
    /// - Returns: the content, when it has no errors (warnings are allowed).
    /// - Throws: ``ContentError`` listing every problem when there is at least one error.
    public static func load(from directory: URL) throws -> CentreContent {
        let result = check(directory)
        guard let content = result.content else { throw ContentError(problems: result.problems) }
        return content
    }

    /// Checks every file of `directory` and reports all problems at once.
    public static func check(_ directory: URL) -> Result {
        var problems: [ContentProblem] = []
        let base = directory.path

        func display(_ relative: String) -> String { (base as NSString).appendingPathComponent(relative) }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            return Result(
                content: nil,
                problems: [
                    ContentProblem(
                        file: base, line: 0,
                        message: "no content folder here: run the command where kiosk-content/ is, or give its path with --content DIR")
                ])
        }

        // centre.toml
        var centre: Centre?
        if let (table, log) = parse(display("centre.toml"), problems: &problems) {
            centre = CentreReader.read(TableReader(table, path: "", log: log))
            problems += log.problems
        }

        // surveys/*.toml
        var surveys: [String: Survey] = [:]
        let surveyFolder = display("surveys")
        let surveyFiles = ((try? FileManager.default.contentsOfDirectory(atPath: surveyFolder)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted()
        for name in surveyFiles {
            let path = (surveyFolder as NSString).appendingPathComponent(name)
            guard let (table, log) = parse(path, problems: &problems) else { continue }
            let expectedID = String(name.dropLast(".toml".count))
            if let survey = SurveyReader.read(TableReader(table, path: "", log: log), expectedID: expectedID) {
                surveys[survey.id] = survey
            }
            problems += log.problems
        }
        if !surveyFiles.contains("quick.toml") {
            problems.append(
                ContentProblem(
                    file: (surveyFolder as NSString).appendingPathComponent("quick.toml"), line: 0,
                    message: "missing: the kiosk asks the quick survey, so surveys/quick.toml must exist"))
        }

        // locales/*.toml
        var strings: [Language: [String: String]] = [:]
        var stringLines: [Language: ProblemLog] = [:]
        for language in Language.allCases {
            let path = display("locales/\(language.rawValue).toml")
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append(ContentProblem(file: path, line: 0, message: "missing: every screen string needs a \(language.rawValue) text"))
                continue
            }
            guard let (table, log) = parse(path, problems: &problems) else { continue }
            strings[language] = LocaleReader.read(table, log: log)
            stringLines[language] = log
        }
        if let reference = strings[.vi] {
            for language in Language.allCases where language != .vi {
                guard let other = strings[language], let log = stringLines[language] else { continue }
                for key in reference.keys.sorted() where other[key] == nil {
                    log.error(key, "missing string '\(key)' (it is in vi.toml)")
                }
                for key in other.keys.sorted() where reference[key] == nil {
                    log.error(key, "unknown string '\(key)': vi.toml, the reference, has no such key")
                }
            }
        }
        for language in Language.allCases { problems += stringLines[language]?.problems ?? [] }

        if let centre {
            problems += CentreReader.crossCheck(centre, file: display("centre.toml"))
        }

        // help/*.md
        let help = HelpReader.read(folder: display("help"), centre: centre, problems: &problems)
        problems += SamplePlaceholders.warnings(in: directory)

        let hasErrors = problems.contains { $0.severity == .error }
        let content = hasErrors ? nil : centre.map { CentreContent(centre: $0, surveys: surveys, strings: strings, help: help) }
        return Result(content: content, problems: problems)
    }

    /// Reads and parses one TOML file; a syntax error becomes a problem on its line.
    private static func parse(_ path: String, problems: inout [ContentProblem]) -> (TOMLTable, ProblemLog)? {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(ContentProblem(file: path, line: 0, message: "missing or unreadable"))
            return nil
        }
        guard let source = String(data: data, encoding: .utf8) else {
            problems.append(ContentProblem(file: path, line: 0, message: "not UTF-8 text; save the file as UTF-8"))
            return nil
        }
        do {
            let table = try TOMLTable(string: source)
            return (table, ProblemLog(file: path, source: source))
        } catch let error as TOMLParseError {
            problems.append(ContentProblem(file: path, line: error.source.begin.line, message: "TOML syntax error: \(error.description)"))
            return nil
        } catch {
            problems.append(ContentProblem(file: path, line: 0, message: "TOML syntax error: \(error)"))
            return nil
        }
    }
}

/// Identifier rules shared by every content file.
enum ContentID {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func isCounter(_ id: String) -> Bool {
        id.count == 3 && id.hasPrefix("Q") && id.dropFirst().allSatisfy(\.isNumber)
    }

    /// Reads `HH:MM` as minutes after midnight.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }
}
