/// The one place that decides what a control character is and what happens to it: refused in fields,
/// removed from free text, escaped in logs and terminal output.
///
/// Control characters are the C0 and C1 controls (`U+0000`–`U+001F`, `U+007F`–`U+009F`), and the bidirectional
/// formatting characters (`U+200E`, `U+200F`, `U+202A`–`U+202E`, `U+2066`–`U+2069`), which can make a
/// text on a page or in a log read differently from what it holds.
public enum ControlCharacters {
    /// Whether `scalar` is a control character in the sense above.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `text` holds any control character.
    public static func occur(in text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// Free text as a resident typed it, with line breaks kept: `\r\n` and `\r` become `\n`, a tab becomes
    /// a space, and every other control character is removed.
    public static func removed(from text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\n" where previous == "\r": continue
            case "\n", "\r": scalars.append("\n")
            case "\t": scalars.append(" ")
            case _ where isControl(scalar): continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// `text` safe to write on one line of a log: `\n`, `\r`, `\t` and `\\` are written as those escapes,
    /// every other control character as `\u{…}`, so that no input can forge a log line or send a terminal
    /// an escape sequence.
    public static func escaped(_ text: String) -> String {
        escape(text, keepingLines: false)
    }

    /// `text` safe to print on a terminal as lines: line breaks and tabs stay as they are and a backslash
    /// is left alone (a listing prints many lines; JSON output keeps its own escapes); an escape sequence,
    /// a carriage return or a backspace stored in a name or a comment is shown as `\u{…}` instead of
    /// acting on the terminal.
    public static func escapedKeepingLines(_ text: String) -> String {
        escape(text, keepingLines: true)
    }

    private static func escape(_ text: String, keepingLines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || (!keepingLines && $0 == "\\") }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where keepingLines, "\t" where keepingLines, "\\" where keepingLines: out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
