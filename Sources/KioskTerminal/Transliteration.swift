import Foundation

/// Plain ASCII for terminals that cannot show UTF-8: Vietnamese without its marks ("Hồng Bàng" →
/// "Hong Bang", đ → d) and typographic signs as their ASCII look-alikes.
public enum Transliteration {
    private static let replacements: [Character: String] = [
        "đ": "d", "Đ": "D", "–": "-", "—": "-", "‑": "-", "…": "...", "“": "\"", "”": "\"", "„": "\"",
        "‘": "'", "’": "'", "×": "x", "→": "->", "←": "<-", "↑": "^", "↓": "v", "•": "*", "·": "-",
        "\u{00A0}": " ", "≥": ">=", "≤": "<=", "°": "o",
    ]

    /// `text` in ASCII; a character with no ASCII form becomes "?".
    public static func ascii(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isASCII {
                out.append(character)
            } else if let replacement = replacements[character] {
                out += replacement
            } else {
                let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.filter(\.isASCII)
                out += base.isEmpty ? "?" : String(String.UnicodeScalarView(base))
            }
        }
        return out
    }
}
