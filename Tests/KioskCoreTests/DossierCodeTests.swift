import Foundation
import KioskCore
import TestSupport
import Testing

/// `dossierCode` must look like a dossier code of the centre (`[dossiers] code_pattern`) and hold no
/// personal data, so a phone or ID number typed into the dossier box is refused, never stored.
@Suite struct DossierCodeTests {
    let now = RFC3339.parse("2026-11-24T10:00:00+07:00")!

    func validate(_ code: String, pattern: String? = nil) throws -> RatingSubmission {
        var content = Fixtures.content
        if let pattern { content.centre.dossiers = DossierSettings(codePattern: pattern) }
        let body =
            #"{"id": "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10", "survey": "quick", "answers": {"overall": "satisfied"}, "dossierCode": "\#(code)"}"#
        return try RatingValidator(content: content).validate(try Fixtures.json(body), now: now)
    }

    @Test(arguments: [
        "H26.05-260115-0001", "h26.05-260115-0001", "000.00.12.H26-260115-0001", "WALK-1A2B3C4D", "H26.05-1", "H26.1", "HS/2026/123",
        "H12.34-E10001-0001", "H12.34-ACB123-0001",
    ])
    func codesOfThePortalAndTheSampleAreAccepted(code: String) throws {
        #expect(try validate(code).dossierCode == code.uppercased())
    }

    @Test(arguments: ["0912345678", "0912-345-678", "84.912.345.678", "031234567", "001203004568", "0225.3821.456", "12345"])
    func phoneAndIDNumbersAreRefusedWithASentence(code: String) throws {
        #expect {
            try validate(code)
        } throws: { error in
            guard case .invalid(let field, let message) = error as? RatingError else { return false }
            return field == "dossierCode" && message.contains("not a dossier code of this centre") && !message.contains(code)
        }
    }

    @Test func theCentresPatternDecides() throws {
        #expect(try validate("HP-2026-0001", pattern: "^HP-[0-9]{4}-[0-9]{4}$").dossierCode == "HP-2026-0001")
        #expect(throws: RatingError.self) { try validate("H26.05-260115-0001", pattern: "^HP-[0-9]{4}-[0-9]{4}$") }
        // A pattern that matches only part of the code does not let the rest through.
        #expect(throws: RatingError.self) { try validate("XHP-2026-0001", pattern: "HP-[0-9]{4}-[0-9]{4}") }
    }

    /// Generated phone and ID numbers written as codes (digits with dots and dashes) are all refused.
    @Test func noGeneratedPhoneOrIDNumberPassesAsACode() throws {
        var samples = PersonalDataSamples(seed: 99)
        var accepted: [String] = []
        for index in 0..<2000 {
            let sample = index % 2 == 0 ? samples.phone() : samples.identityNumber()
            let code = String(sample.text.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "." || $0 == "-" }.map(Character.init))
            guard !code.isEmpty, code.count <= 50 else { continue }
            if (try? validate(code)) != nil { accepted.append(code) }
        }
        #expect(accepted.isEmpty, "\(accepted.prefix(10))")
    }

    /// Codes shaped like the portal's, with random digits and letters in the middle part (as the kiosk tests
    /// scan them), are all accepted: no part of a code passes for a plate, a bank account or a phone.
    @Test func generatedPortalShapedCodesAreAccepted() throws {
        var random = SeededGenerator(seed: 5)
        let alphabet = Array("0123456789ABCDEF")
        var refused: [String] = []
        for _ in 0..<3000 {
            func digits(_ count: Int) -> String { String((0..<count).map { _ in alphabet[Int.random(in: 0..<10, using: &random)] }) }
            let middle = String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
            let code = "H\(digits(2)).\(digits(2))-\(middle)-\(digits(4))"
            if (try? validate(code)) == nil { refused.append(code) }
        }
        #expect(refused.isEmpty, "\(refused.count) refused, e.g. \(refused.prefix(10))")
    }
}
