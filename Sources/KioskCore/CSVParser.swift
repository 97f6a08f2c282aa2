/// Reads CSV strictly (RFC 4180), so that a broken file is refused at its line instead of being read
/// into different rows than the ones written.
///
/// Fields are separated by `,`, records by CRLF, LF or CR. A field holding `,`, `"` or a line end
/// is quoted, with quotes doubled inside; a quoted field may span lines. Spaces around an unquoted field
/// are trimmed. Refused, each at its line: a quoted field that is never closed (the line it opened on), a
/// quote inside an unquoted field, and anything but `,` or a line end after a closing quote.
public enum CSVParser {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        /// Makes a record of `fields` that starts on `line`.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// Why the text is not CSV, at a line (1-based).
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public var description: String { "line \(line): \(message)" }
    }

    /// The records of `text`, skipping lines that hold nothing at all.
    /// - Throws: ``Failure`` at the first line that breaks the format.
    public static func parse(_ text: String) throws(Failure) -> [Record] {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        var records: [Record] = []
        while !scanner.atEnd {
            if scanner.skipLineEnd() { continue }  // a blank line
            let line = scanner.line
            records.append(Record(line: line, fields: try scanner.record()))
        }
        return records
    }

    /// A text cell as ``CSVWriter`` wrote it, without the `'` that kept a spreadsheet from running it.
    public static func unguarded(_ text: String) -> String {
        text.first == "'" && CSVWriter.needsGuard(text.dropFirst()) ? String(text.dropFirst()) : text
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        /// Consumes a line end (CRLF, LF or CR) if one is next.
        mutating func skipLineEnd() -> Bool {
            switch current {
            case "\r":
                index += 1
                if current == "\n" { index += 1 }
            case "\n":
                index += 1
            default:
                return false
            }
            line += 1
            return true
        }

        /// Reads one record up to and including its line end.
        mutating func record() throws(Failure) -> [String] {
            var fields: [String] = []
            while true {
                // field() stops only before a `,`, a line end or the end of the text.
                fields.append(try field())
                guard current == "," else {
                    _ = skipLineEnd()
                    return fields
                }
                index += 1
            }
        }

        /// Reads one field, stopping before the `,` or line end that ends it.
        mutating func field() throws(Failure) -> String {
            skipBlanks()
            guard current == "\"" else { return try unquoted() }
            let opened = line
            index += 1
            var value = String.UnicodeScalarView()
            while true {
                guard let scalar = current else {
                    throw Failure(
                        line: opened,
                        message: "the quoted field that starts on line \(opened) is never closed; add the closing quote (\") at the end of the field")
                }
                index += 1
                if scalar == "\"" {
                    if current == "\"" {
                        value.append("\"")
                        index += 1
                        continue
                    }
                    skipBlanks()
                    guard atEnd || current == "," || current == "\r" || current == "\n" else {
                        let opening = opened == line ? "" : " (the field opened on line \(opened))"
                        throw Failure(
                            line: line,
                            message:
                                "a quote ends a quoted field but more text follows it\(opening); write a quote inside a field as two quotes (\"\")")
                    }
                    return String(value)
                }
                if scalar == "\r" || scalar == "\n" {
                    if scalar == "\r" && current == "\n" {
                        value.append("\r")
                        value.append("\n")
                        index += 1
                    } else {
                        value.append(scalar)
                    }
                    line += 1
                    continue
                }
                value.append(scalar)
            }
        }

        mutating func unquoted() throws(Failure) -> String {
            var value = String.UnicodeScalarView()
            while let scalar = current, scalar != ",", scalar != "\r", scalar != "\n" {
                if scalar == "\"" {
                    throw Failure(
                        line: line,
                        message: "a quote inside a field that does not start with a quote; put the field in quotes and write the quote twice (\"\")")
                }
                value.append(scalar)
                index += 1
            }
            return String(value).trimmingBlanks()
        }

        mutating func skipBlanks() {
            while current == " " || current == "\t" { index += 1 }
        }
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
