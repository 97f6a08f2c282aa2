import Foundation
import KioskCore

/// A help topic's Markdown as lines of plain text for the screen: headings in bold, numbered and bulleted
/// items with a hanging indent, emphasis and link marks reduced to their words.
enum HelpText {
    struct Line: Sendable, Equatable {
        var text: String
        var strong: Bool
    }

    private enum Block {
        case paragraph(String)
        case heading(String)
        case item(marker: String, text: String)
    }

    static func lines(_ markdown: String, width: Int, bullet: String) -> [Line] {
        var lines: [Line] = []
        var afterParagraph = false
        for block in blocks(markdown, bullet: bullet) {
            defer { if case .paragraph = block { afterParagraph = true } else { afterParagraph = false } }
            switch block {
            case .heading(let text):
                if !lines.isEmpty { lines.append(Line(text: "", strong: false)) }
                lines += TextWrap.lines(text, width: width).map { Line(text: $0, strong: true) }
            case .paragraph(let text):
                if !lines.isEmpty { lines.append(Line(text: "", strong: false)) }
                lines += TextWrap.lines(text, width: width).map { Line(text: $0, strong: false) }
            case .item(let marker, let text):
                if afterParagraph { lines.append(Line(text: "", strong: false)) }
                lines += TextWrap.hanging(text, marker: marker, width: width).map { Line(text: $0, strong: false) }
            }
        }
        return lines
    }

    private static func blocks(_ markdown: String, bullet: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var lastWasItem = false
        func endParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(HelpTopic.plain(paragraph.joined(separator: " ")))) }
            paragraph = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                endParagraph()
                continue
            }
            if line.hasPrefix("#") {
                endParagraph()
                blocks.append(.heading(HelpTopic.plain(String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces))))
                lastWasItem = false
            } else if let (marker, text) = item(line, bullet: bullet) {
                endParagraph()
                blocks.append(.item(marker: marker, text: HelpTopic.plain(text)))
                lastWasItem = true
            } else if lastWasItem, raw.hasPrefix("  ") || raw.hasPrefix("\t"), case .item(let marker, let text)? = blocks.last {
                blocks[blocks.count - 1] = .item(marker: marker, text: text + " " + HelpTopic.plain(line))
            } else {
                paragraph.append(line)
                lastWasItem = false
            }
        }
        endParagraph()
        return blocks
    }

    /// `1. text` or `- text`: the marker shown and the text; `nil` for other lines.
    private static func item(_ line: String, bullet: String) -> (String, String)? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 2 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") {
                return ("\(digits). ", String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces))
            }
        }
        for mark in ["- ", "* ", "+ "] where line.hasPrefix(mark) {
            return ("\(bullet) ", String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
