import Foundation
import Testing

@testable import KioskTerminal

/// Telex in the terminal types exactly what the touch kiosk's telex.js types: both run every case of the same fixture.
@Suite struct TelexTests {
    struct Case: Decodable {
        var keys: String
        var text: String
        var `class`: String
        var source: String?
    }

    struct Cases: Decodable {
        var cases: [Case]
    }

    static let cases: [Case] = {
        let url = Sample.repository.appendingPathComponent("Tests/fixtures/telex-cases.json")
        do {
            return try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url)).cases
        } catch {
            fatalError("Tests/fixtures/telex-cases.json does not load: \(error)")
        }
    }()

    /// The fixture's classes, one test case each.
    static let classes: [String] = Array(Set(cases.map(\.class))).sorted()

    @Test(arguments: classes) func everyCaseOfTheClassTypesItsText(_ name: String) {
        let cases = Self.cases.filter { $0.class == name }
        let failing = cases.filter { Telex.type("", keys: $0.keys) != $0.text.precomposedStringWithCanonicalMapping }
        let report = failing.map { "\($0.keys) gave \(Telex.type("", keys: $0.keys)), not \($0.text)" }
        #expect(failing.isEmpty, "\(failing.count) of \(cases.count) cases of \(name) fail:\n\(report.joined(separator: "\n"))")
    }

    @Test func theFixtureCoversEveryRule() {
        #expect(Self.cases.count > 900)
        let required = [
            "tone-vowel", "tone-nucleus", "tone-after-final", "tone-before-final", "tone-change", "tone-remove", "tone-undo",
            "marks", "mark-undo", "case", "qu-gi", "u-horn-then-o", "uo-w", "uu-w", "oa-oe-then-o", "w-twice", "gi-w", "ua-w",
            "dd", "free-order", "old-style-placement", "passthrough", "sentence",
        ]
        #expect(Set(required).isSubset(of: Set(Self.classes)))
        #expect(Self.cases.allSatisfy { !$0.keys.isEmpty })
    }

    @Test func outputIsNFC() {
        let text = Telex.type("", keys: "Nguyeenx Thij Lan")
        #expect(text == text.precomposedStringWithCanonicalMapping)
        #expect(text.unicodeScalars.count == 14)
    }

    @Test func applyWorksOnTheLastWordOnly() {
        #expect(Telex.apply("Cán bộ tot", key: "s") == "Cán bộ tót")
        #expect(Telex.apply("", key: "a") == "a")
        #expect(Telex.backspace("nhiệt") == "nhiệ")
        #expect(Telex.backspace("") == "")
    }

    /// The terminal calls `apply` key by key: a w typed after a ư that a lone w made takes it back whole,
    /// while a ư it did not type (pasted, or typed as uw) takes back only the horn.
    @Test func aSecondWTakesBackTheLoneW() {
        let lone = Telex.apply("Gọi nh", key: "w")
        #expect(lone == "Gọi như")
        #expect(Telex.apply(lone, key: "w") == "Gọi nhw")
        let typedAsUW = Telex.apply(Telex.apply("Gọi nh", key: "u"), key: "w")
        #expect(typedAsUW == "Gọi như")
        #expect(Telex.apply(typedAsUW, key: "w") == "Gọi nhuw")
        #expect(Telex.apply("Ý kiến: như", key: "w") == "Ý kiến: nhuw")
    }

    @Test func stopsAtTheCommentLimit() {
        let full = String(repeating: "x", count: Telex.maximumLength)
        #expect(Telex.apply(full, key: "a") == full)
    }
}
