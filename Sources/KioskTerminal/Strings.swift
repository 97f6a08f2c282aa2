import KioskCore

/// The screen strings of `kiosk-content/locales/` in one language (Vietnamese where a string is missing).
struct Strings: Sendable {
    let content: CentreContent
    let language: Language

    /// The string `key` ("table.key") with its `{name}` places filled in.
    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = content.strings[language]?[key] ?? content.strings[.vi]?[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// A content text (a survey's or the centre's) in this language.
    func callAsFunction(_ text: LocalizedText) -> String { text.text(in: language) }
}
