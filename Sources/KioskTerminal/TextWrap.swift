/// Word wrapping for the fixed-width screen.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters, at spaces where it can; a word longer
    /// than a line is cut. Explicit line breaks are kept.
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                if line.isEmpty {
                    while word.count > width {
                        lines.append(String(word.prefix(width)))
                        word = word.dropFirst(width)
                    }
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    while word.count > width {
                        lines.append(String(word.prefix(width)))
                        word = word.dropFirst(width)
                    }
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Lines with a hanging indent: the first starts with `marker`, the others with as many spaces.
    static func hanging(_ text: String, marker: String, width: Int) -> [String] {
        let indent = String(repeating: " ", count: marker.count)
        return lines(text, width: max(1, width - marker.count)).enumerated().map { index, line in
            (index == 0 ? marker : indent) + line
        }
    }
}
