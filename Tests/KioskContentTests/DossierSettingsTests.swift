import Foundation
import KioskContent
import KioskCore
import Testing

/// The `[dossiers]` table of `centre.toml`: the sample's pattern, the default, and a bad pattern reported on its line.
@Suite struct DossierSettingsTests {
    let check = ContentCheckTests()

    @Test func theSampleSaysTheDefaultAndLeavingItOutKeepsIt() throws {
        let sample = try #require(ContentLoader.check(ContentCheckTests.sample).content)
        #expect(sample.centre.dossiers == DossierSettings())
        let without = try check.brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: "[dossiers]\n", with: "").replacingOccurrences(of: "code_pattern = ", with: "# code_pattern = ")
        }
        #expect(try #require(ContentLoader.check(without).content).centre.dossiers == DossierSettings())
        let changed = try check.brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: #"code_pattern = '^(?=.*[A-Z./_-])[A-Z0-9][A-Z0-9./_-]{3,49}$'"#, with: #"code_pattern = '^HP-[0-9]{8}$'"#)
        }
        #expect(ContentLoader.check(changed).content?.centre.dossiers.codePattern == "^HP-[0-9]{8}$")
    }

    @Test func aPatternThatIsNotARegularExpressionIsAnErrorOnItsLine() throws {
        let folder = try check.brokenCopy("centre.toml") { text in
            text.replacingOccurrences(of: #"code_pattern = '^(?=.*[A-Z./_-])[A-Z0-9][A-Z0-9./_-]{3,49}$'"#, with: #"code_pattern = '^[A-Z(0-9$'"#)
        }
        let problems = ContentLoader.check(folder).errors
        let problem = try #require(problems.first { $0.message.contains("dossiers.code_pattern") }, "\(problems)")
        #expect(problem.message.contains("is not a regular expression"))
        #expect(problem.line == (try check.line(of: "code_pattern", in: "centre.toml", of: folder)))
        #expect(problem.description.hasPrefix(folder.appendingPathComponent("centre.toml").path + ":\(problem.line): "))
    }
}
