import KioskCore
import TestSupport
import Testing

/// Thousands of generated phone numbers, ID numbers, e-mail addresses, bank accounts and plates inside
/// Vietnamese sentences: none survives the redactor; and generated benign sentences pass unchanged.
@Suite struct PersonalDataPropertyTests {
    static let cases = 5000

    @Test(arguments: [UInt64(1), 2, 3])
    func noGeneratedPersonalDataSurvives(seed: UInt64) {
        var samples = PersonalDataSamples(seed: seed)
        var failures: [String] = []
        for _ in 0..<Self.cases {
            let sample = samples.sample()
            let text = samples.sentence(with: sample.text)
            let redacted = PersonalDataRedactor.redact(text)
            if Self.leaks(sample, in: redacted) || !redacted.contains(PersonalDataRedactor.marker) {
                failures.append("\(sample.kind): \(text) → \(redacted)")
            }
        }
        #expect(failures.isEmpty, "seed \(seed): \(failures.count) of \(Self.cases) leaked, e.g.\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func benignTextIsKeptUnchanged(seed: UInt64) {
        var samples = PersonalDataSamples(seed: seed)
        var changed: [String] = []
        for _ in 0..<Self.cases {
            let text = samples.benignSentence()
            let redacted = PersonalDataRedactor.redact(text)
            if redacted != text { changed.append("\(text) → \(redacted)") }
        }
        #expect(changed.isEmpty, "seed \(seed): \(changed.count) of \(Self.cases) changed, e.g.\n\(changed.prefix(12).joined(separator: "\n"))")
    }

    /// Whether `text` still holds the sample: as written, or its digits in one run (any separators,
    /// full-width digits counted as digits).
    static func leaks(_ sample: PersonalDataSamples.Sample, in text: String) -> Bool {
        if text.contains(sample.text) { return true }
        guard sample.digits.count >= 6 else { return false }
        return DigitRuns.of(Array(text.utf8)).contains { $0.contains(sample.digits) }
    }
}
