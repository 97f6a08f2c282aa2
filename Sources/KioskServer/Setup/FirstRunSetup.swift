import Crypto
import Foundation

/// The one-time link that makes the first account of a new centre: made while the store has no account,
/// printed on the box's console and shown by `/` to a browser on the box itself, valid for ``lifetime``,
/// and dead once used. No default password exists at any time.
public actor FirstRunSetup {
    /// How long a link stays valid; a new one is made when it has lapsed and there is still no account.
    public static let lifetime: TimeInterval = 30 * 60

    private var code: String?
    private var expires = Date.distantPast
    private var finished = false

    /// Makes the setup with no code yet; the first ``currentCode(now:)`` makes one.
    public init() {}

    /// The current code, made anew when there is none or it has lapsed; `nil` once the setup is done.
    public func currentCode(now: Date) -> String? {
        guard !finished else { return nil }
        if code == nil || now >= expires {
            code = Data((0..<24).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            expires = now.addingTimeInterval(Self.lifetime)
        }
        return code
    }

    /// Whether `candidate` is the live code (compared in constant time).
    public func isValid(_ candidate: String, now: Date) -> Bool {
        guard !finished, let code, now < expires else { return false }
        return Self.digest(candidate) == Self.digest(code)
    }

    /// Uses the code up: true once, for the live code; every later call, and any other code, gets false.
    public func consume(_ candidate: String, now: Date) -> Bool {
        guard isValid(candidate, now: now) else { return false }
        finish()
        return true
    }

    /// Ends the setup for good (an account exists).
    public func finish() {
        finished = true
        code = nil
    }

    private static func digest(_ text: String) -> SHA256.Digest { SHA256.hash(data: Data(text.utf8)) }
}
