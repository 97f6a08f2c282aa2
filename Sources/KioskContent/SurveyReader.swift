import KioskCore

/// Reads `surveys/ID.toml`.
enum SurveyReader {
    static func read(_ root: TableReader, expectedID: String) -> Survey? {
        defer { root.finish() }
        let log = root.log
        let id = root.string("id", required: true) ?? expectedID
        if id != expectedID {
            log.error("id", "survey id '\(id)' must equal the file name '\(expectedID)'")
        }
        let title = root.localized("title", required: true)
        let main = root.string("main", required: true)
        let comment = root.bool("comment") ?? false

        var questions: [Question] = []
        for table in root.tables("questions", required: true) {
            defer { table.finish() }
            guard let questionID = table.string("id", required: true) else { continue }
            if !ContentID.isValid(questionID) {
                log.error(table.keyPath("id"), "question id '\(questionID)' may hold only a-z, 0-9, '-' and '_'")
            }
            if questions.contains(where: { $0.id == questionID }) {
                log.error(table.keyPath("id"), "duplicate question id '\(questionID)'")
            }
            let kindText = table.string("kind", required: true) ?? "scale"
            let kind = QuestionKind(rawValue: kindText)
            if kind == nil {
                log.error(table.keyPath("kind"), "kind '\(kindText)' is not one of: scale, single, multi")
            }
            let prompt = table.localized("prompt", required: true)
            let optional = table.bool("optional") ?? false

            var condition: Condition?
            if let when = table.table("when") {
                let question = when.string("question", required: true) ?? ""
                let choices = when.strings("choices", required: true) ?? []
                when.finish()
                if let earlier = questions.first(where: { $0.id == question }) {
                    for choice in choices where earlier.choice(choice) == nil {
                        log.error(when.keyPath("choices"), "question '\(question)' has no choice '\(choice)'")
                    }
                } else if !question.isEmpty {
                    log.error(when.keyPath("question"), "when.question '\(question)' must name an earlier question of this survey")
                }
                condition = Condition(question: question, choices: choices)
            }

            var choices: [Choice] = []
            for choiceTable in table.tables("choices", required: true) {
                defer { choiceTable.finish() }
                guard let choiceID = choiceTable.string("id", required: true) else { continue }
                if !ContentID.isValid(choiceID) {
                    log.error(choiceTable.keyPath("id"), "choice id '\(choiceID)' may hold only a-z, 0-9, '-' and '_'")
                }
                if choices.contains(where: { $0.id == choiceID }) {
                    log.error(choiceTable.keyPath("id"), "duplicate choice id '\(choiceID)' in question '\(questionID)'")
                }
                let label = choiceTable.localized("label", required: true)
                let faceText = choiceTable.string("face", required: kind == .scale)
                let face = faceText.flatMap(Face.init(rawValue:))
                if let faceText, face == nil {
                    log.error(
                        choiceTable.keyPath("face"), "face '\(faceText)' is not one of: \(Face.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let satisfied = choiceTable.bool("satisfied", required: kind == .scale)
                if kind != .scale && (faceText != nil || satisfied != nil) {
                    log.error(choiceTable.path, "only choices of a scale question have face and satisfied")
                }
                if let label { choices.append(Choice(id: choiceID, label: label, face: face, satisfied: satisfied)) }
            }
            if kind == .scale && !choices.isEmpty {
                if !choices.contains(where: { $0.satisfied == true }) || !choices.contains(where: { $0.satisfied == false }) {
                    log.error(table.keyPath("choices"), "scale question '\(questionID)' needs at least one satisfied and one not-satisfied choice")
                }
            }
            if let kind, let prompt {
                questions.append(Question(id: questionID, kind: kind, prompt: prompt, choices: choices, when: condition, optional: optional))
            }
        }

        if let main {
            if let question = questions.first(where: { $0.id == main }) {
                if question.kind != .scale { log.error("main", "main question '\(main)' must be a scale question") }
                if question.when != nil { log.error("main", "main question '\(main)' must always be asked (no when)") }
            } else {
                log.error("main", "main names question '\(main)', which this survey does not have")
            }
        }
        guard let title, let main else { return nil }
        return Survey(id: id, title: title, main: main, comment: comment, questions: questions)
    }
}
