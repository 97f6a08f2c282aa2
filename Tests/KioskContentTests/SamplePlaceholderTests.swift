import Foundation
import KioskContent
import TestSupport
import Testing

/// The sample content's placeholders are warned about, each on its line, and a reviewed copy has none.
@Suite struct SamplePlaceholderTests {
    @Test func everyKindOfPlaceholderInTheSampleIsWarnedAbout() throws {
        let result = ContentLoader.check(SampleContent.folder)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let warnings = result.problems.filter { $0.severity == .warning }.map(\.description)
        let centre = SampleContent.folder.appendingPathComponent("centre.toml").path
        let lines = try String(contentsOfFile: centre, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ marker: String) throws -> Int { try #require(lines.firstIndex { $0.contains(marker) }) + 1 }
        for expected in [
            "\(centre):\(try line("Nội dung mẫu")): warning: the sample notice \"Nội dung mẫu\" is still here",
            "\(centre):\(try line("phone = ")): warning: 0225 3821 456 is the sample telephone number",
            "\(centre):\(try line("example.vn")): warning: truyxuat.hongbang.example.vn is a placeholder address that reaches no one",
            "\(centre):\(try line("Nguyễn Thị Lan")): warning: \"Nguyễn Thị Lan\" is a sample officer's name",
            "help/vneid.md",
        ] {
            #expect(warnings.contains { $0.contains(expected) }, "no warning with \(expected) in\n\(warnings.joined(separator: "\n"))")
        }
        // One per sample officer, one per help topic's notice.
        #expect(warnings.filter { $0.contains("sample officer's name") }.count == SamplePlaceholders.officerNames.count)
    }

    @Test func aReviewedCopyHasNoPlaceholderLeft() throws {
        let reviewed = try SampleContent.reviewedCopy()
        let result = ContentLoader.check(URL(fileURLWithPath: reviewed))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(SamplePlaceholders.warnings(in: URL(fileURLWithPath: reviewed)).isEmpty)
    }

    @Test func aPlaceholderAnywhereOnAnyLineIsFoundOnThatLine() {
        var generator = SystemRandomNumberGenerator()
        let placeholders = [
            "https://cong.example.vn/a", "http://EXAMPLE.com", "https://x.y.example.org/path?q=1", SamplePlaceholders.phone,
            "Nội dung mẫu", "NỘI DUNG MẪU".decomposedStringWithCanonicalMapping,
        ]
        let fillers = ["a = 1", "# ghi chú", "Quầy số 1", "https://dichvucong.gov.vn", "0225 3999 888", "", "name = \"Ngô Thị Thu\""]
        for _ in 0..<500 {
            var lines = (0..<Int.random(in: 1...12, using: &generator)).map { _ in fillers.randomElement(using: &generator)! }
            let at = Int.random(in: 0..<lines.count, using: &generator)
            let placeholder = placeholders.randomElement(using: &generator)!
            lines[at] += " " + placeholder + " tiếp"
            let found = SamplePlaceholders.warnings(inText: lines.joined(separator: "\n"), file: "f")
            #expect(found.map(\.line) == [at + 1], "\(lines)")
        }
        // Real addresses and names that merely contain a sample word are not placeholders.
        let clean = "url = \"https://examples.gov.vn\"\nname = \"Nguyễn Thị Lan Anh\"\nphone = \"0225 3821 4567x\""
        #expect(SamplePlaceholders.warnings(inText: clean, file: "f").isEmpty)
    }
}
