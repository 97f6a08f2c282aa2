import Foundation
import KioskContent
import KioskCore
import Testing

/// The `[misuse]` and `[privacy]` tables of `centre.toml`: their defaults, and bad values reported on their line.
@Suite struct SafeguardSettingsTests {
    let check = ContentCheckTests()

    @Test func theSampleSaysTheDefaultsAndLeavingThemOutKeepsThem() throws {
        let sample = try #require(ContentLoader.check(ContentCheckTests.sample).content)
        #expect(sample.centre.misuse == MisuseSettings(burstCount: 10, burstSeconds: 60))
        #expect(sample.centre.privacy == PrivacySettings(commentRetentionDays: 365))
        let without = try check.brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: "[misuse]\nburst_count = 10\nburst_seconds = 60\n", with: "")
                .replacingOccurrences(of: "[privacy]\ncomment_retention_days = 365\n", with: "")
        }
        let content = try #require(ContentLoader.check(without).content)
        #expect(content.centre.misuse == MisuseSettings())
        #expect(content.centre.privacy == PrivacySettings())
        let changed = try check.brokenCopy("centre.toml") { $0.replacingOccurrences(of: "burst_count = 10", with: "burst_count = 5") }
        #expect(ContentLoader.check(changed).content?.centre.misuse.burstCount == 5)
    }

    @Test(arguments: [
        ("burst_count = 10", "burst_count = 0", "misuse.burst_count must be between 1 and 1000"),
        ("burst_seconds = 60", "burst_seconds = 7200", "misuse.burst_seconds must be between 1 and 3600"),
        ("comment_retention_days = 365", "comment_retention_days = 0", "comments are never kept forever"),
        ("comment_retention_days = 365", "comment_retention_days = 29", "must be between 30 and 3650 days"),
        ("burst_seconds = 60", "burst_seconds = 60\nburst_window = 5", "unknown key 'misuse.burst_window'"),
    ])
    func badValuesAreReportedOnTheirLine(original: String, replacement: String, message: String) throws {
        let marker = String(replacement.split(separator: "\n").last!.split(separator: " ").first!)
        try check.expectReported(message, replacing: original, with: replacement, marker: marker)
    }
}
