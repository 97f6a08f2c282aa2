import Foundation

/// Finds the line on which a key of a TOML document is written.
///
/// TOMLKit reports positions for syntax errors only, so this index scans the source once and maps
/// every key path it sees (`counters[2].fields`, `questions[0].choices[1].label.vi`) to its line.
struct TOMLLineIndex {
    private var lines: [String: Int] = [:]

    init(source: String) {
        var prefix = ""
        var arrayCounts: [String: Int] = [:]
        var inMultilineString = false
        var bracketDepth = 0
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = Self.stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if inMultilineString {
                if line.contains("\"\"\"") || line.contains("'''") { inMultilineString = false }
                continue
            }
            if bracketDepth > 0 {
                bracketDepth += Self.depthChange(line)
                continue
            }
            if line.hasPrefix("[[") && line.hasSuffix("]]") {
                let name = Self.resolve(String(line.dropFirst(2).dropLast(2)), counts: arrayCounts)
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                prefix = "\(name)[\(index)]"
                lines[prefix] = number
                lines[name] = lines[name] ?? number
            } else if line.hasPrefix("[") && line.hasSuffix("]") {
                prefix = Self.resolve(String(line.dropFirst().dropLast()), counts: arrayCounts)
                lines[prefix] = number
            } else if let equals = line.firstIndex(of: "=") {
                let key = Self.normalise(String(line[..<equals]))
                guard !key.isEmpty else { continue }
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                lines[path] = lines[path] ?? number
                let value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("{") {
                    for inner in Self.inlineKeys(value) { lines["\(path).\(inner)"] = lines["\(path).\(inner)"] ?? number }
                }
                if value.hasPrefix("\"\"\"") || value.hasPrefix("'''") {
                    inMultilineString = value.count < 6 || !(value.dropFirst(3).contains("\"\"\"") || value.dropFirst(3).contains("'''"))
                }
                bracketDepth = max(0, Self.depthChange(value))
            }
        }
    }

    /// The line of `path`, or of its nearest enclosing key that has one; 0 when none is known.
    func line(for path: String) -> Int {
        var candidate = path
        while !candidate.isEmpty {
            if let line = lines[candidate] { return line }
            if candidate.hasSuffix("]"), let bracket = candidate.lastIndex(of: "[") {
                candidate = String(candidate[..<bracket])
            } else if let dot = candidate.lastIndex(of: ".") {
                candidate = String(candidate[..<dot])
            } else {
                break
            }
        }
        return 0
    }

    /// Turns a header name such as `questions.choices` into its path under the latest array elements
    /// (`questions[1].choices`).
    private static func resolve(_ header: String, counts: [String: Int]) -> String {
        let parts = header.split(separator: ".").map { normalise(String($0)) }
        var path = ""
        for (index, part) in parts.enumerated() {
            path = path.isEmpty ? part : "\(path).\(part)"
            // An enclosing array of tables means its latest element; the header's own name stays plain.
            if index < parts.count - 1, let count = counts[path], count > 0 { path += "[\(count - 1)]" }
        }
        return path
    }

    private static func normalise(_ key: String) -> String {
        key.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }

    private static func inlineKeys(_ value: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var current = ""
        var inString = false
        for character in value {
            if character == "\"" { inString.toggle() }
            if inString { continue }
            switch character {
            case "{": depth += 1; current = ""
            case "}": depth -= 1; current = ""
            case ",": current = ""
            case "=": if depth == 1 { keys.append(normalise(current)) }; current = ""
            default: current.append(character)
            }
        }
        return keys.filter { !$0.isEmpty }
    }

    private static func depthChange(_ text: String) -> Int {
        var depth = 0
        var inString = false
        for character in text {
            if character == "\"" { inString.toggle() }
            guard !inString else { continue }
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
        }
        return depth
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (index, character) in zip(line.indices, line) {
            if character == "\"" { inString.toggle() }
            if character == "#" && !inString { return String(line[..<index]) }
        }
        return line
    }
}
