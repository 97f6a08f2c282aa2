import Foundation

/// When presses from one kiosk count as misuse (the `[misuse]` table of `centre.toml`).
///
/// A rating from a kiosk (channel `touch` or `terminal`) is flagged as misuse when at least `burstCount`
/// ratings from the same kiosk were stored before it within `burstSeconds` of its time: the first
/// `burstCount` of a burst count, the rest are kept apart. Paper forms and imports are never bursts.
public struct MisuseSettings: Sendable, Equatable, Codable {
    /// How many ratings one kiosk may send within `burstSeconds` before the next ones are flagged.
    public var burstCount: Int
    /// The length of the window, in seconds.
    public var burstSeconds: Int

    /// The allowed range of `burst_count`.
    public static let countRange = 1...1000
    /// The allowed range of `burst_seconds`.
    public static let secondsRange = 1...3600

    /// Makes the settings; by default a burst is 10 ratings within 60 seconds.
    public init(burstCount: Int = 10, burstSeconds: Int = 60) {
        self.burstCount = burstCount
        self.burstSeconds = burstSeconds
    }

    /// The pause, in seconds, between two ratings of a backlog a kiosk delivers from its outbox (after an
    /// outage). Bursts are judged on the server's receipt time, so a backlog sent at once would be taken
    /// for one; sent at half the rate the rule allows, it never is, and the other half stays for residents
    /// rating at the same kiosk meanwhile. With the defaults, one rating every 12 seconds.
    public var backlogSpacing: Double {
        2 * Double(burstSeconds) / Double(max(1, burstCount))
    }
}

/// How long what a resident typed is kept (the `[privacy]` table of `centre.toml`).
public struct PrivacySettings: Sendable, Equatable, Codable {
    /// Days a comment (and a help call) is kept; older ones are removed by the daily sweep.
    public var commentRetentionDays: Int

    /// The allowed range of `comment_retention_days`: at least a month, keeping forever is not allowed.
    public static let retentionRange = 30...3650

    /// Makes the settings; by default comments are kept 365 days.
    public init(commentRetentionDays: Int = 365) {
        self.commentRetentionDays = commentRetentionDays
    }
}

/// What a dossier code (mã hồ sơ) of the centre looks like (the `[dossiers]` table of `centre.toml`).
///
/// A rating's `dossierCode` must match `codePattern` (after upper-casing) and hold no personal data,
/// so that a phone or ID number typed into the dossier box is refused instead of stored.
public struct DossierSettings: Sendable, Equatable, Codable {
    /// A regular expression (ICU syntax) for a whole, upper-cased dossier code.
    public var codePattern: String

    /// Letters, digits and `. - _ /`, 4 to 50 long, with at least one letter or separator: accepts the
    /// national portal's `H26.05-260115-0001`, refuses a bare number such as `0912345678`.
    public static let defaultCodePattern = #"^(?=.*[A-Z./_-])[A-Z0-9][A-Z0-9./_-]{3,49}$"#

    /// Makes the settings with `codePattern` as the pattern of a dossier code.
    public init(codePattern: String = DossierSettings.defaultCodePattern) {
        self.codePattern = codePattern
    }

    /// The pattern as a regular expression; `nil` when `pattern` is not one.
    public static func compile(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern)
    }

    /// Whether the whole of `code` (already upper-cased) matches the pattern and it holds no personal data.
    /// A pattern that does not compile (content checks refuse it) accepts nothing.
    public func accepts(_ code: String) -> Bool {
        guard let regex = Self.compile(codePattern) else { return false }
        let range = NSRange(code.startIndex..., in: code)
        return regex.firstMatch(in: code, range: range)?.range == range && !PersonalDataRedactor.containsPersonalData(code)
    }
}
