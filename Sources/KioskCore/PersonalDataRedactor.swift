import Foundation

/// Removes personal data from free text before it is stored: phone numbers (0… and +84 forms, with
/// spaces, dots or dashes), 9- and 12-digit identity numbers, and e-mail addresses.
public enum PersonalDataRedactor {
    /// What replaces each piece of personal data.
    public static let marker = "[đã ẩn]"

    // Order matters: e-mail first (it may hold digits), then phones (which may have separators),
    // then bare identity numbers.
    private static let patterns = [
        #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#,
        #"(?<![\p{L}\p{N}])(?:\+\s?84|0084|0)(?:[\s.\-]?\d){8,10}(?!\d)"#,
        #"(?<!\d)(?:\d{12}|\d{9})(?!\d)"#,
    ]

    /// `text` with every phone number, identity number and e-mail address replaced by ``marker``.
    public static func redact(_ text: String) -> String {
        var result = text
        for pattern in patterns {
            // The patterns are constants that compile; a failure here is a programming error.
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(result.startIndex..., in: result)
            result = regex.stringByReplacingMatches(
                in: result, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: marker))
        }
        return result
    }
}
