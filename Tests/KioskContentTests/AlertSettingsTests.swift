import Foundation
import KioskContent
import KioskCore
import Testing

/// The `[alerts]` table of `centre.toml`: today's thresholds by default, and bad values reported on their line.
@Suite struct AlertSettingsTests {
    let check = ContentCheckTests()

    @Test func theSampleSaysTheDefaultsAndLeavingThemOutKeepsThem() throws {
        let sample = try #require(ContentLoader.check(ContentCheckTests.sample).content)
        #expect(sample.centre.alerts == AlertSettings(burstCount: 3, burstMinutes: 60, silentMinutes: 120, hubRefusalDays: 7))
        #expect(sample.centre.alerts == AlertSettings())
        let without = try check.brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: "[alerts]\nburst_count = 3\nburst_minutes = 60\nsilent_minutes = 120\nhub_refusal_days = 7\n", with: "")
        }
        let content = try #require(ContentLoader.check(without).content)
        #expect(content.centre.alerts == AlertSettings())
        let changed = try check.brokenCopy("centre.toml") { $0.replacingOccurrences(of: "silent_minutes = 120", with: "silent_minutes = 45") }
        #expect(ContentLoader.check(changed).content?.centre.alerts.silentMinutes == 45)
    }

    @Test(arguments: [
        ("burst_count = 3", "burst_count = 0", "alerts.burst_count must be between 1 and 1000"),
        ("burst_minutes = 60", "burst_minutes = 2000", "alerts.burst_minutes must be between 1 and 1440"),
        ("silent_minutes = 120", "silent_minutes = -5", "alerts.silent_minutes must be between 1 and 1440"),
        ("hub_refusal_days = 7", "hub_refusal_days = 400", "alerts.hub_refusal_days must be between 1 and 365"),
        ("hub_refusal_days = 7", "hub_refusal_days = 7\nquiet = true", "unknown key 'alerts.quiet'"),
    ])
    func badValuesAreReportedOnTheirLine(original: String, replacement: String, message: String) throws {
        try check.expectReported(message, replacing: original, with: replacement, marker: String(replacement.split(separator: "\n").last!))
    }
}

extension ContentCheckTests {
    /// Replaces `original` with `replacement` in a copy of the sample `centre.toml` and expects an error holding
    /// `message` on the first line that holds `marker`.
    func expectReported(_ message: String, replacing original: String, with replacement: String, marker: String) throws {
        let folder = try brokenCopy("centre.toml") { $0.replacingOccurrences(of: original, with: replacement) }
        let problems = ContentLoader.check(folder).errors
        let problem = try #require(problems.first { $0.message.contains(message) }, "\(problems)")
        #expect(problem.line == (try line(of: marker, in: "centre.toml", of: folder)))
    }
}
