import Foundation
import TOMLKit

/// Reads `locales/LANG.toml` into strings keyed `table.key`.
enum LocaleReader {
    static func read(_ table: TOMLTable, log: ProblemLog) -> [String: String] {
        var strings: [String: String] = [:]
        flatten(table, prefix: "", into: &strings, log: log)
        return strings
    }

    private static func flatten(_ table: TOMLTable, prefix: String, into strings: inout [String: String], log: ProblemLog) {
        for key in table.keys.sorted() {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard let value = table[key] else { continue }
            if let nested = value.table {
                flatten(nested, prefix: path, into: &strings, log: log)
            } else if let text = value.string {
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    log.error(path, "string '\(path)' is empty")
                } else {
                    strings[path] = text.precomposedStringWithCanonicalMapping
                }
            } else {
                log.error(path, "string '\(path)' must be text in quotes, not \(value.type.phrase)")
            }
        }
    }
}
