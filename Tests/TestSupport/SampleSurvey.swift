import KioskCore

/// The quick survey as the sample content defines it (three levels, then reasons after "dissatisfied"),
/// for tests that need a survey without reading kiosk-content/.
public enum SampleSurvey {
    public static let quick = Survey(
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
}
