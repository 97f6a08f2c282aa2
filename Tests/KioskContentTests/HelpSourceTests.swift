import Foundation
import KioskContent
import KioskCore
import TestSupport
import Testing

/// Every topic says where its facts come from and when they were checked; Smart Hải Phòng has its own topic.
@Suite struct HelpSourceTests {
    @Test func everySampleTopicNamesItsSourceAndTheDayItWasChecked() throws {
        let content = try ContentLoader.load(from: SampleContent.folder)
        #expect(content.help.count >= 12)
        for topic in content.help {
            let source = try #require(topic.source, "\(topic.id) names no source")
            #expect(source.checked != nil, "\(topic.id) does not say when it was checked")
        }
        let smart = try #require(content.help.first { $0.id == "smart-hai-phong" })
        #expect(smart.title.vi == "Ứng dụng Smart Hải Phòng")
        #expect(smart.link?.hasPrefix("https://") == true)
        #expect(smart.body.en != nil)
        #expect(smart.steps(in: .vi).contains { $0.contains("VNeID") })
        #expect(smart.source?.line(in: .vi).hasSuffix("kiểm tra ngày 05/12/2026") == true)
        #expect(smart.source?.line(in: .en).hasSuffix("checked 05/12/2026") == true)
    }

    @Test func aCheckedDayThatIsNoDayIsAnErrorOnItsLine() throws {
        for bad in ["2026-13-01", "05/12/2026", "2026-02-30", "hôm qua", ""] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("help-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: SampleContent.folder, to: folder)
            let file = folder.appendingPathComponent("help/vneid.md")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "checked = \"2026-12-05\"", with: "checked = \"\(bad)\"").write(
                to: file, atomically: true, encoding: .utf8)
            let errors = ContentLoader.check(folder).errors
            #expect(errors.count == 1, "\(bad): \(errors)")
            #expect(errors.first?.message.contains("source.checked must be the day the facts were checked") == true)
            #expect(errors.first?.file.hasSuffix("help/vneid.md") == true && errors.first?.line == 6)
        }
    }
}
