/// A text shown to residents, in Vietnamese (always present) and English (optional).
public struct LocalizedText: Sendable, Equatable, Hashable, Codable {
    /// The Vietnamese text, NFC-normalised.
    public var vi: String
    /// The English text, when the centre gave one.
    public var en: String?

    /// Makes a text from its Vietnamese and, when given, English versions; both are stored in Unicode NFC.
    public init(vi: String, en: String? = nil) {
        self.vi = vi.precomposedStringWithCanonicalMapping
        self.en = en?.precomposedStringWithCanonicalMapping
    }

    /// The text in `language`, falling back to Vietnamese.
    public func text(in language: Language) -> String {
        switch language {
        case .vi: vi
        case .en: en ?? vi
        }
    }
}

/// The languages of the kiosk screens; Vietnamese first.
public enum Language: String, Sendable, CaseIterable, Codable {
    case vi
    case en
}
