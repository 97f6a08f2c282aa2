import Foundation
import KioskCore
import TestSupport

/// A small centre and the quick survey, as the sample content defines them.
enum Fixtures {
    static let quick = SampleSurvey.quick

    static let content = CentreContent(
        centre: Centre(
            code: "test", name: LocalizedText(vi: "Trung tâm thử"),
            fields: [ServiceField(id: "ho-tich", name: LocalizedText(vi: "Hộ tịch"))],
            counters: [Counter(id: "Q01", name: LocalizedText(vi: "Quầy 1"), fields: ["ho-tich"])],
            officers: [Officer(id: "cb-01", name: "Nguyễn Văn A", counters: ["Q01"])]),
        surveys: ["quick": quick])

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
