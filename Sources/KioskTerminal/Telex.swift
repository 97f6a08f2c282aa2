import Foundation

/// Vietnamese typing on a keyboard of plain Latin letters (Telex), the same rules as the touch kiosk's
/// `telex.js`: the tests of both type every case of `Tests/fixtures/telex-cases.json`.
///
/// Composition: aa → â, aw → ă, ee → ê, oo → ô, ow → ơ, uw → ư, w alone → ư, dd → đ; uow → ươ (uơ at the end
/// of a word: thuở), uuw → ưu (cứu), giw → giư; w on â or ô changes the hat (aaw → ă). The tone keys s (sắc),
/// f (huyền), r (hỏi), x (ngã), j (nặng) put the tone on the right vowel of the syllable and move it when more
/// letters follow; z removes the tone. A tone key or a mark key typed twice takes the mark back and types the
/// letter ("ass" → "as", "uww" → "uw", "ww" → "w"). Tones go on the last vowel with a hat, breve or horn;
/// otherwise the last vowel when a consonant follows; the middle one of three; the first of two in an open
/// syllable (hòa, thủy). The u of "qu" and the i of "gi" before another vowel belong to the consonant. Each
/// rule is marked with the class of the fixture that checks it, in the same order as in `telex.js`.
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
        let before = text.precomposedStringWithCanonicalMapping
        return bareHornText.withValue { last in
            let remembered = before == last
            let next = step(before, key: key, bareHorn: remembered)
            if next.bareHorn {
                last = next.text
            } else if remembered || next.text == last {
                last = nil
            }
            return next.text
        }
    }

    /// The text after typing each character of `keys` in turn (keeping the same fact from key to key).
    public static func type(_ text: String, keys: String) -> String {
        keys.reduce((text: text, bareHorn: false)) { step($0.text, key: $1, bareHorn: $0.bareHorn) }.text
    }

    /// One key typed at the end of `text`: the new text, and whether its last word now ends in a ư typed as
    /// a w on its own (`bareHorn`, class w-twice), which the next w takes back whole.
    private static func step(_ text: String, key: Character, bareHorn: Bool) -> (text: String, bareHorn: Bool) {
        let text = text.precomposedStringWithCanonicalMapping
        guard text.count < maximumLength else { return (text, bareHorn) }
        guard key.isLetter else { return (text + String(key), false) }
        let word = String(text.reversed().prefix { $0.isLetter }.reversed())
        let typed = applyToWord(word, key: key, bareHorn: bareHorn)
        let bare = lowered(key) == "w" && typed.last.map(lowered) == "ư" && typed.count == word.count + 1
        return (String(text.dropLast(word.count)) + typed, bare)
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

    /// Class u-horn-then-o: ư followed by o, or u followed by ơ, is completed to ươ once another letter
    /// follows (người, được, mướn, nước); the tone then goes on ơ. Until then a w may still come
    /// ("tuwrowng" → "tưởng"), and a lone uơ at the end stays (thuở, huơ). The u of "qu" belongs to the
    /// consonant (quơ).
    private static func completeHorns(_ out: inout [Character], _ lower: inout [Character]) {
        for i in stride(from: 0, to: lower.count - 1, by: 1) {
            if i == 1 && lower[0] == "q" { continue }
            let pair = String([lower[i], lower[i + 1]])
            if (pair == "ưo" || pair == "uơ") && i + 2 < lower.count {
                out[i] = withCase("ư", isUpper(out[i]))
                out[i + 1] = withCase("ơ", isUpper(out[i + 1]))
                lower[i] = "ư"
                lower[i + 1] = "ơ"
            }
        }
    }

    /// The word from its letters and tone, the tone placed on the right vowel.
    private static func compose(_ letters: [Character], _ tone: Unicode.Scalar?) -> String {
        var completed = letters
        var lower = letters.map(lowered)
        completeHorns(&completed, &lower)
        var out = completed.map(String.init)
        if let tone, let n = nucleus(lower) {
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

    /// Class oa-oe-then-o: the o of oa, oă, oe is a glide, not a vowel to put a hat on (khoèo, ngoáo).
    private static func isGlideO(_ lower: [Character], _ n: Nucleus?, _ i: Int) -> Bool {
        guard let n else { return false }
        return lower[i] == "o" && i + 1 < n.end && "aăe".contains(lower[i + 1])
    }

    /// The last word after one more letter key. `bareHorn`: the word ends in a ư typed as a w on its own,
    /// which one more w takes back whole ("ww" → "w").
    private static func applyToWord(_ word: String, key: Character, bareHorn: Bool) -> String {
        let k = lowered(key)
        var (letters, tone) = split(word)
        let lower = letters.map(lowered)
        let n = nucleus(lower)
        func literal() -> String { compose(letters + [key], tone) }
        let last = lower.count - 1

        if let mark = tones[k] {
            guard n != nil else { return literal() }
            if tone == mark { return compose(letters + [key], nil) }  // typed twice: take it back
            return compose(letters, mark)
        }
        switch k {
        case "z":
            return tone != nil ? compose(letters, nil) : literal()
        case "d":
            // Class dd: d after d is đ wherever it stands (SDD → SĐ); d after đ takes it back (DDd → Dd).
            if lower.last == "d" {
                letters[last] = withCase("đ", isUpper(letters[last]))
                return compose(letters, tone)
            }
            if lower.last == "đ" {
                letters[last] = withCase("d", isUpper(letters[last]))
                return compose(letters + [key], tone)
            }
            // A d typed later still makes the first letter đ ("dand" → "đan").
            if lower.first == "d" {
                letters[0] = withCase("đ", isUpper(letters[0]))
                return compose(letters, tone)
            }
            return literal()
        case "a", "e", "o":
            let hat: Character = k == "a" ? "â" : k == "e" ? "ê" : "ô"
            if let i = index(in: lower, n, of: k), !isGlideO(lower, n, i) {
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
            return applyW(letters: letters, lower: lower, nucleus: n, tone: tone, key: key, bareHorn: bareHorn)
        default:
            return literal()
        }
    }

    /// The word after a w: horn or breve on the right vowel, ư on its own, or the mark taken back.
    private static func applyW(
        letters: [Character], lower: [Character], nucleus n: Nucleus?, tone: Unicode.Scalar?, key: Character, bareHorn: Bool
    ) -> String {
        var letters = letters
        let last = lower.count - 1
        func set(_ i: Int, _ character: Character) { letters[i] = withCase(character, isUpper(letters[i])) }
        // Class w-twice: a ư typed as a w on its own is taken back whole ("ww" → "w", "nhww" → "nhw").
        if bareHorn && lower.last == "ư" {
            return compose(Array(letters.dropLast()) + [withCase("w", isUpper(letters[last]))], tone)
        }
        // Class gi-w: the i of gi belongs to the consonant, so w adds ư ("giw" → "giư").
        guard let n, lower != ["g", "i"] else {
            // w alone makes ư ("nhw" → "như"), but not after a w just taken back.
            if lower.last == "w" { return compose(letters + [key], tone) }
            return compose(letters + [withCase("ư", isUpper(key))], tone)
        }
        for i in stride(from: n.start, to: n.end - 1, by: 1) {
            let pair = String([lower[i], lower[i + 1]])
            // Class uo-w: uơ at the end of the word (thuở), ươ when a letter follows (người, mướn).
            if pair == "uo" && i + 2 == lower.count {
                set(i + 1, "ơ")
                return compose(letters, tone)
            }
            if pair == "uo" || pair == "ưo" || pair == "uô" {
                set(i, "ư")
                set(i + 1, "ơ")
                return compose(letters, tone)
            }
            // Class uu-w: the horn goes on the first u (lưu, cứu).
            if pair == "uu" {
                set(i, "ư")
                return compose(letters, tone)
            }
        }
        for i in stride(from: n.start, to: n.end - 1, by: 1) where lower[i] == "o" && lower[i + 1] == "a" {
            set(i + 1, "ă")
            return compose(letters, tone)
        }
        // Classes mark-undo, w-twice: a horn or breve already there is taken back, not doubled
        // ("chuaww" → "chuaw", "thuoww" → "thuow").
        for (from, to) in [("ư", "u"), ("ơ", "o"), ("ă", "a")] as [(Character, Character)] {
            if let i = index(in: lower, n, of: from) {
                set(i, to)
                if from == "ư" && i + 1 < n.end && lower[i + 1] == "ơ" { set(i + 1, "o") }
                return compose(letters + [key], tone)
            }
        }
        // Class marks: w on a vowel with a hat changes the hat ("aaw" → "ă", "oow" → "ơ").
        for (from, to) in [("u", "ư"), ("o", "ơ"), ("a", "ă"), ("ô", "ơ"), ("â", "ă")] as [(Character, Character)] {
            if let i = index(in: lower, n, of: from) {
                set(i, to)
                return compose(letters, tone)
            }
        }
        return compose(letters + [key], tone)
    }

    // MARK: - The one fact kept between keys

    /// The last text `apply` returned whose last word ends in a ư typed as a w on its own. The text alone
    /// cannot tell "w" from "uw" (both give "ư"), so `apply` keeps this one fact about its own output; a
    /// text it did not return is read as it stands.
    private static let bareHornText = LockedText()

    /// Safe as `@unchecked Sendable`: its one stored value is read and written only while holding `lock`.
    private final class LockedText: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String?

        func withValue<T>(_ body: (inout String?) -> T) -> T {
            lock.withLock { body(&value) }
        }
    }
}
