import Foundation

/// Vietnamese typing on a keyboard of plain Latin letters (Telex), the same rules as the touch kiosk's
/// `telex.js`: its tests type the cases of `Tests/fixtures/telex-cases.json`, whose expected text is what
/// `telex.js` types.
///
/// Composition: aa → â, aw → ă, ee → ê, oo → ô, ow → ơ, uw → ư, uow → ươ, w alone → ư, dd → đ; the tone
/// keys s (sắc), f (huyền), r (hỏi), x (ngã), j (nặng) put the tone on the right vowel of the syllable and
/// move it when more letters follow; z removes the tone. A tone key or a vowel key typed twice takes the
/// mark back and types the letter. Tones go on the last vowel with a hat, breve or horn; otherwise the
/// last vowel when a consonant follows; the middle one of three; the first of two in an open syllable
/// (hòa, thủy). The u of "qu" and the i of "gi" before another vowel belong to the consonant.
public enum Telex {
    /// The longest text typed, in characters (the rating's comment limit).
    public static let maximumLength = 1000

    private static let tones: [Character: Unicode.Scalar] = [
        "s": "\u{0301}", "f": "\u{0300}", "r": "\u{0309}", "x": "\u{0303}", "j": "\u{0323}",
    ]
    private static let toneMarks: Set<Unicode.Scalar> = ["\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}"]
    private static let vowels: Set<Character> = Set("aăâeêioôơuưy")
    private static let marked: Set<Character> = Set("ăâêôơư")

    /// The text after typing `key` at its end (NFC).
    public static func apply(_ text: String, key: Character) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        guard text.count < maximumLength else { return text }
        guard key.isLetter else { return text + String(key) }
        let word = String(text.reversed().prefix { $0.isLetter }.reversed())
        return String(text.dropLast(word.count)) + applyToWord(word, key: key)
    }

    /// The text after typing each character of `keys` in turn.
    public static func type(_ text: String, keys: String) -> String {
        keys.reduce(text) { apply($0, key: $1) }
    }

    /// The text without its last letter.
    public static func backspace(_ text: String) -> String {
        String(text.precomposedStringWithCanonicalMapping.dropLast())
    }

    // MARK: - One word

    private struct Nucleus {
        var start: Int
        var end: Int
    }

    private static func isUpper(_ character: Character) -> Bool { String(character) != character.lowercased() }

    private static func withCase(_ character: Character, _ upper: Bool) -> Character {
        upper ? Character(character.uppercased()) : character
    }

    private static func lowered(_ character: Character) -> Character { Character(character.lowercased()) }

    /// A word as its letters without tone (NFC, one letter per item) and its tone mark.
    private static func split(_ word: String) -> (letters: [Character], tone: Unicode.Scalar?) {
        var tone: Unicode.Scalar?
        var rest = String.UnicodeScalarView()
        for scalar in word.decomposedStringWithCanonicalMapping.unicodeScalars {
            if toneMarks.contains(scalar) {
                tone = scalar
            } else {
                rest.append(scalar)
            }
        }
        return (Array(String(rest).precomposedStringWithCanonicalMapping), tone)
    }

    /// The vowels that carry the tone: the last run of vowels, without the u of qu / i of gi.
    private static func nucleus(_ lower: [Character]) -> Nucleus? {
        guard let last = lower.lastIndex(where: vowels.contains) else { return nil }
        let end = last + 1
        var start = last
        while start > 0 && vowels.contains(lower[start - 1]) { start -= 1 }
        if end - start > 1 && start == 1 && ((lower[0] == "q" && lower[1] == "u") || (lower[0] == "g" && lower[1] == "i")) {
            start += 1
        }
        return Nucleus(start: start, end: end)
    }

    /// The word from its letters and tone, the tone placed on the right vowel.
    private static func compose(_ letters: [Character], _ tone: Unicode.Scalar?) -> String {
        var out = letters.map(String.init)
        if let tone, let n = nucleus(letters.map(lowered)) {
            let lower = letters.map(lowered)
            var position = (n.start..<n.end).last { marked.contains(lower[$0]) }
            if position == nil {
                if n.end < out.count {
                    position = n.end - 1  // a final consonant follows
                } else if n.end - n.start >= 3 {
                    position = n.start + 1
                } else {
                    position = n.start
                }
            }
            if let position {
                out[position] = (out[position] + String(Character(tone))).precomposedStringWithCanonicalMapping
            }
        }
        return out.joined().precomposedStringWithCanonicalMapping
    }

    private static func index(in lower: [Character], _ n: Nucleus?, of character: Character) -> Int? {
        guard let n else { return nil }
        return (n.start..<n.end).last { lower[$0] == character }
    }

    /// The last word after one more letter key.
    private static func applyToWord(_ word: String, key: Character) -> String {
        let k = lowered(key)
        var (letters, tone) = split(word)
        let lower = letters.map(lowered)
        let n = nucleus(lower)
        func literal() -> String { compose(letters + [key], tone) }

        if let mark = tones[k] {
            guard n != nil else { return literal() }
            if tone == mark { return compose(letters + [key], nil) }  // typed twice: take it back
            return compose(letters, mark)
        }
        switch k {
        case "z":
            return tone != nil ? compose(letters, nil) : literal()
        case "d":
            if lower.first == "d" {
                letters[0] = withCase("đ", isUpper(letters[0]))
                return compose(letters, tone)
            }
            if lower.first == "đ" && letters.count == 1 {
                return String(withCase("d", isUpper(letters[0]))) + String(key)
            }
            return literal()
        case "a", "e", "o":
            let hat: Character = k == "a" ? "â" : k == "e" ? "ê" : "ô"
            if let i = index(in: lower, n, of: k) {
                letters[i] = withCase(hat, isUpper(letters[i]))
                return compose(letters, tone)
            }
            if let i = index(in: lower, n, of: hat) {
                letters[i] = withCase(k, isUpper(letters[i]))
                return compose(letters + [key], tone)
            }
            if k == "a", let i = index(in: lower, n, of: "ă") {
                letters[i] = withCase("â", isUpper(letters[i]))
                return compose(letters, tone)
            }
            return literal()
        case "w":
            return applyW(letters: letters, lower: lower, nucleus: n, tone: tone, key: key)
        default:
            return literal()
        }
    }

    private static func applyW(letters: [Character], lower: [Character], nucleus n: Nucleus?, tone: Unicode.Scalar?, key: Character) -> String {
        var letters = letters
        guard let n else {
            // w alone makes ư ("nhw" → "như"), but not after a w just taken back.
            if lower.last == "w" { return compose(letters + [key], tone) }
            return compose(letters + [withCase("ư", isUpper(key))], tone)
        }
        func set(_ i: Int, _ character: Character) { letters[i] = withCase(character, isUpper(letters[i])) }
        for i in stride(from: n.start, to: n.end - 1, by: 1) {
            let pair = String([lower[i], lower[i + 1]])
            if pair == "uo" || pair == "ưo" || pair == "uơ" {
                set(i, "ư")
                set(i + 1, "ơ")
                return compose(letters, tone)
            }
        }
        for i in stride(from: n.start, to: n.end - 1, by: 1) where lower[i] == "o" && lower[i + 1] == "a" {
            set(i + 1, "ă")
            return compose(letters, tone)
        }
        for (from, to) in [("u", "ư"), ("o", "ơ"), ("a", "ă")] as [(Character, Character)] {
            if let i = index(in: lower, n, of: from) {
                set(i, to)
                return compose(letters, tone)
            }
        }
        for (from, to) in [("ư", "u"), ("ơ", "o"), ("ă", "a")] as [(Character, Character)] {
            if let i = index(in: lower, n, of: from) {
                set(i, to)
                if from == "ư" && i + 1 < n.end && lower[i + 1] == "ơ" { set(i + 1, "o") }
                return compose(letters + [key], tone)
            }
        }
        return compose(letters + [key], tone)
    }
}
