import Foundation
import KioskCore
import TOMLKit

/// Collects the problems of one content file, each placed on its line.
final class ProblemLog {
    let file: String
    private let index: TOMLLineIndex
    /// Lines of the file before the TOML source (the `+++` line of a help topic's header).
    private let lineOffset: Int
    private(set) var problems: [ContentProblem] = []

    init(file: String, source: String, lineOffset: Int = 0) {
        self.file = file
        self.index = TOMLLineIndex(source: source)
        self.lineOffset = lineOffset
    }

    private func line(_ path: String) -> Int {
        let line = index.line(for: path)
        return line == 0 ? 0 : line + lineOffset
    }

    func error(_ path: String, _ message: String) {
        problems.append(ContentProblem(file: file, line: line(path), message: message))
    }

    /// A problem on a known line of the file.
    func error(line: Int, _ message: String) {
        problems.append(ContentProblem(file: file, line: line, message: message))
    }

    func warning(_ path: String, _ message: String) {
        problems.append(ContentProblem(file: file, line: line(path), message: message, severity: .warning))
    }
}

/// Reads the keys of one TOML table with type checks, and reports keys it was never asked for as unknown.
final class TableReader {
    let table: TOMLTable
    let path: String
    let log: ProblemLog
    private var read: Set<String> = []

    init(_ table: TOMLTable, path: String, log: ProblemLog) {
        self.table = table
        self.path = path
        self.log = log
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func value(_ key: String, required: Bool, expected: String) -> (any TOMLValueConvertible)? {
        read.insert(key)
        guard let value = table[key] else {
            if required { log.error(path.isEmpty ? key : path, "missing \(keyPath(key)) (\(expected))") }
            return nil
        }
        return value
    }

    private func mismatch(_ key: String, _ expected: String, _ value: any TOMLValueConvertible) {
        log.error(keyPath(key), "\(keyPath(key)) must be \(expected), not \(value.type.phrase)")
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required, expected: "a string") else { return nil }
        guard let text = value.string else { mismatch(key, "a string", value); return nil }
        return text.precomposedStringWithCanonicalMapping
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required, expected: "true or false") else { return nil }
        guard let flag = value.bool else { mismatch(key, "true or false", value); return nil }
        return flag
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = value(key, required: required, expected: "a whole number") else { return nil }
        guard let number = value.int else { mismatch(key, "a whole number", value); return nil }
        return number
    }

    func double(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required, expected: "a number") else { return nil }
        if let number = value.double { return number }
        if let number = value.int { return Double(number) }
        mismatch(key, "a number", value)
        return nil
    }

    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let value = value(key, required: required, expected: "an array of strings") else { return nil }
        guard let array = value.array else { mismatch(key, "an array of strings", value); return nil }
        var result: [String] = []
        for item in array {
            guard let text = item.string else { mismatch(key, "an array of strings", value); return nil }
            result.append(text.precomposedStringWithCanonicalMapping)
        }
        return result
    }

    func table(_ key: String, required: Bool = false) -> TableReader? {
        guard let value = value(key, required: required, expected: "a table") else { return nil }
        guard let table = value.table else { mismatch(key, "a table", value); return nil }
        return TableReader(table, path: keyPath(key), log: log)
    }

    /// An array of tables (`[[key]]`), each read by its own reader.
    func tables(_ key: String, required: Bool = false) -> [TableReader] {
        guard let value = value(key, required: required, expected: "one or more [[\(keyPath(key))]] tables") else { return [] }
        guard let array = value.array else { mismatch(key, "an array of tables", value); return [] }
        var readers: [TableReader] = []
        for (index, item) in array.enumerated() {
            guard let table = item.table else {
                log.error("\(keyPath(key))[\(index)]", "\(keyPath(key))[\(index)] must be a table, not \(item.type.phrase)")
                continue
            }
            readers.append(TableReader(table, path: "\(keyPath(key))[\(index)]", log: log))
        }
        return readers
    }

    /// A `{ vi = "…", en = "…" }` label: Vietnamese required, English warned about when missing.
    func localized(_ key: String, required: Bool = false) -> LocalizedText? {
        guard let reader = table(key, required: required) else { return nil }
        defer { reader.finish() }
        let vi = reader.string("vi")
        let en = reader.string("en")
        guard let vi, !vi.trimmingCharacters(in: .whitespaces).isEmpty else {
            log.error(reader.path, "\(reader.path) has no Vietnamese label (vi)")
            return nil
        }
        if en == nil || en?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            log.warning(reader.path, "\(reader.path) has no English label (en); the English screen will show the Vietnamese")
        }
        return LocalizedText(vi: vi, en: en)
    }

    /// Reports every key of the table that no reader asked for.
    func finish() {
        for key in table.keys.sorted() where !read.contains(key) {
            log.error(keyPath(key), "unknown key '\(keyPath(key))'")
        }
    }
}

extension TOMLType {
    /// The type as a phrase for messages ("a string").
    var phrase: String {
        switch self {
        case .string: "a string"
        case .int: "a whole number"
        case .double: "a number"
        case .bool: "true or false"
        case .table: "a table"
        case .array: "an array"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date-time"
        @unknown default: "another type"
        }
    }
}
