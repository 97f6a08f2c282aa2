import Crypto
import Foundation

/// The Content-Security-Policy of the service: scripts, styles, images and connections from the
/// service itself only; no inline script anywhere, no framing, no `<base>`, forms posted back here.
public enum ContentSecurityPolicy {
    /// The policy of every response that does not set its own.
    public static let standard = policy(styleSources: ["'self'"])

    /// The policy of a page that carries its own stylesheet in `<style>` elements (the public product
    /// page, whose host forwards only `/01/…` and `/ocop/…`, the slip print view, the HTML report):
    /// the standard policy with the SHA-256 of each of those stylesheets allowed, and nothing else inline.
    ///
    /// Only for pages composed by the server from templates and escaped text: every `<style>` of such a
    /// page is the server's own, since escaped text cannot open an element.
    /// - Parameter html: the page as it is sent.
    /// - Returns: the header value.
    public static func allowingStyles(of html: String) -> String {
        let hashes = inlineStylesheets(in: html).map { "'sha256-\(Data(SHA256.hash(data: Data($0.utf8))).base64EncodedString())'" }
        return policy(styleSources: ["'self'"] + Array(Set(hashes)).sorted())
    }

    /// The text of each `<style>` element of a page, exactly as the browser hashes it.
    static func inlineStylesheets(in html: String) -> [String] {
        var sheets: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<style", options: .caseInsensitive),
            let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
            let close = rest[rest.index(after: tagEnd)...].range(of: "</style", options: .caseInsensitive)
        {
            sheets.append(String(rest[rest.index(after: tagEnd)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return sheets
    }

    private static func policy(styleSources: [String]) -> String {
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src \(styleSources.joined(separator: " "))",
            "img-src 'self' data:",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ].joined(separator: "; ")
    }
}
