import Foundation

/// One cell of a CSV row: text, which a spreadsheet must never run as a formula, or a number written as one.
public enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case integer(Int)
    /// A decimal number written with `fractionDigits` digits after the point.
    case decimal(Double, fractionDigits: Int)

    /// Makes a text cell from a string literal.
    public init(stringLiteral value: String) { self = .text(value) }
}

/// Writes CSV as every file of the project does: RFC 4180 quoting (a cell holding `,`, `"`, `\n` or
/// `\r`, or starting or ending with a blank, is quoted, quotes doubled), CRLF line ends, UTF-8 with an
/// optional byte-order mark (Excel needs it to keep the diacritics), and text cells neutralised against
/// formula injection.
///
/// A text cell that a spreadsheet would take for a formula (one starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) is written with a leading `'`, as is a text that starts with `'` followed
/// by such a cell, so ``CSVParser/unguarded(_:)`` gives back exactly the text written.
/// Numbers written as ``CSVCell/integer(_:)`` or ``CSVCell/decimal(_:fractionDigits:)`` are not altered.
public struct CSVWriter: Sendable {
    /// The characters that make a spreadsheet read a cell as a formula.
    public static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    private var lines: [String] = []
    private let byteOrderMark: Bool
    private let lineEnd: String

    /// - Parameters:
    ///   - byteOrderMark: start the file with a UTF-8 byte-order mark.
    ///   - unixLineEnds: end rows with LF instead of CRLF (for a terminal's standard output).
    public init(byteOrderMark: Bool = true, unixLineEnds: Bool = false) {
        self.byteOrderMark = byteOrderMark
        self.lineEnd = unixLineEnds ? "\n" : "\r\n"
    }

    /// Adds a row of cells.
    public mutating func append(_ cells: [CSVCell]) {
        lines.append(cells.map(Self.field).joined(separator: ","))
    }

    /// Adds a row of text cells.
    public mutating func append(texts: [String]) {
        append(texts.map(CSVCell.text))
    }

    /// Adds an empty line (between blocks of a report).
    public mutating func appendBlankLine() {
        lines.append("")
    }

    /// The file as text, each row ended by CRLF (or LF), without the byte-order mark.
    public var text: String {
        lines.map { $0 + lineEnd }.joined()
    }

    /// The file as UTF-8 bytes, with the byte-order mark when asked for.
    public var bytes: [UInt8] {
        (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    /// One cell as written in the file: guarded against formulas when it is text, then quoted when needed.
    public static func field(_ cell: CSVCell) -> String {
        let raw: String
        switch cell {
        case .text(let text): raw = guarded(text)
        case .integer(let value): raw = String(value)
        case .decimal(let value, let digits): raw = formatted(value, fractionDigits: digits)
        }
        // Blanks at either end are quoted too, as readers trim them from an unquoted field.
        let needsQuotes =
            raw.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || [raw.first, raw.last].contains(where: { (end: Character?) in end == " " || end == "\t" })
        return needsQuotes ? "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : raw
    }

    /// `text` with a `'` before it when a spreadsheet could take it for a formula.
    public static func guarded(_ text: String) -> String {
        needsGuard(text[...]) ? "'" + text : text
    }

    /// Whether a text starts like a formula, or is a `'` followed by a text that does (so the guard can be undone).
    static func needsGuard(_ text: Substring) -> Bool {
        guard let first = text.first else { return false }
        if formulaStarts.contains(first) { return true }
        return first == "'" && needsGuard(text.dropFirst())
    }

    /// A decimal with a point and a fixed number of digits (`String(format:)` uses the POSIX locale).
    private static func formatted(_ value: Double, fractionDigits: Int) -> String {
        value.isFinite ? String(format: "%.\(max(0, fractionDigits))f", value) : ""
    }
}
