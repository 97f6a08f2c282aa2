import Foundation
import KioskCore

/// A small centre and the quick survey, as the sample content defines them.
enum Fixtures {
    static let quick = Survey(
        id: "quick", title: LocalizedText(vi: "Đánh giá", en: "Rating"), main: "overall", comment: true,
        questions: [
            Question(
                id: "overall", kind: .scale, prompt: LocalizedText(vi: "Ông/Bà có hài lòng?"),
                choices: [
                    Choice(id: "very_satisfied", label: LocalizedText(vi: "Rất hài lòng"), face: .veryHappy, satisfied: true),
                    Choice(id: "satisfied", label: LocalizedText(vi: "Hài lòng"), face: .happy, satisfied: true),
                    Choice(id: "dissatisfied", label: LocalizedText(vi: "Không hài lòng"), face: .unhappy, satisfied: false),
                ]),
            Question(
                id: "reasons", kind: .multi, prompt: LocalizedText(vi: "Vì sao?"),
                choices: [
                    Choice(id: "waited_too_long", label: LocalizedText(vi: "Phải chờ quá lâu")),
                    Choice(id: "attitude", label: LocalizedText(vi: "Thái độ")),
                ],
                when: Condition(question: "overall", choices: ["dissatisfied"]), optional: true),
        ])

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
