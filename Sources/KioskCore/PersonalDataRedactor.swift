import Foundation

/// Removes personal data from free text before it is stored: phone numbers, 9- and 12-digit identity
/// numbers (and any other bare run of nine or more digits), e-mail addresses, bank account numbers next
/// to a bank word, and vehicle licence plates.
///
/// The text is matched in its NFKC form, so full-width digits (`０９１２…`), non-breaking spaces and
/// similar look-alikes count as what they look like; the parts that are kept stay exactly as typed.
/// Kept on purpose: dates, times, small numbers, money amounts followed by a unit (`50.000 đồng`,
/// `50k`) and dossier codes (`H26.05-260115-0001`). A dossier code names a case, not a person, the
/// rating already carries it in its own field, and staff need it to follow a complaint up.
public enum PersonalDataRedactor {
    /// What replaces each piece of personal data.
    public static let marker = "[đã ẩn]"

    /// `text` with every piece of personal data replaced by ``marker``; everything else is unchanged.
    public static func redact(_ text: String) -> String {
        let source = NormalisedText(text)
        let spans = PersonalDataFinder.spans(in: source.normalised)
        guard !spans.isEmpty else { return text }
        var hidden = [Bool](repeating: false, count: source.characters.count)
        for span in spans {
            guard let range = source.characterRange(ofUTF16: span) else { continue }
            for index in range { hidden[index] = true }
        }
        var result = ""
        var index = 0
        while index < source.characters.count {
            if hidden[index] {
                result += marker
                while index < source.characters.count && hidden[index] { index += 1 }
            } else {
                result.append(source.characters[index])
                index += 1
            }
        }
        return result
    }

    /// Whether `text` holds anything ``redact(_:)`` would hide.
    public static func containsPersonalData(_ text: String) -> Bool {
        !PersonalDataFinder.spans(in: NormalisedText(text).normalised).isEmpty
    }
}

/// A text in its NFKC form, with the way back from each UTF-16 offset of that form to the character
/// of the original text it came from.
struct NormalisedText {
    let characters: [Character]
    let normalised: String
    /// For each UTF-16 unit of `normalised`, the index in `characters` it was made from.
    private let origin: [Int]

    init(_ text: String) {
        var characters: [Character] = []
        var normalised = ""
        var origin: [Int] = []
        for character in text {
            let form = String(character).precomposedStringWithCompatibilityMapping
            origin.append(contentsOf: repeatElement(characters.count, count: form.utf16.count))
            normalised += form
            characters.append(character)
        }
        self.characters = characters
        self.normalised = normalised
        self.origin = origin
    }

    /// The original characters behind the UTF-16 `range` of the normalised text.
    func characterRange(ofUTF16 range: NSRange) -> ClosedRange<Int>? {
        guard range.length > 0, range.location >= 0, range.location + range.length <= origin.count else { return nil }
        return origin[range.location]...origin[range.location + range.length - 1]
    }
}
