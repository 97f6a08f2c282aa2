import Foundation
import Testing

@testable import KioskTerminal

/// Telex in the terminal types exactly what the touch kiosk's telex.js types: both read the same cases.
@Suite struct TelexTests {
    struct Case: Decodable {
        var keys: String
        var text: String
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

    @Test func sharedCasesTypeTheSameText() {
        #expect(Self.cases.count > 80)
        for item in Self.cases {
            let typed = Telex.type("", keys: item.keys)
            #expect(typed == item.text.precomposedStringWithCanonicalMapping, "\(item.keys)")
        }
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

    @Test func stopsAtTheCommentLimit() {
        let full = String(repeating: "x", count: Telex.maximumLength)
        #expect(Telex.apply(full, key: "a") == full)
    }
}
