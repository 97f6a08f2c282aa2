import KioskCore

extension KioskEngine {
    /// The numbered choices of the screen shown, in order (choice n is item n − 1).
    func menu() -> [MenuItem] {
        let t = strings
        switch screen {
        case .home:
            let other = Language.allCases.first { $0 != language } ?? language
            return [
                MenuItem(action: .startRating, label: t("home.rate"), detail: t("home.rate_hint")),
                MenuItem(action: .openHelp, label: t("home.help"), detail: t("home.help_hint")),
                MenuItem(action: .language(other), label: Strings(content: profile.content, language: other)("lang.name"), detail: t("lang.label")),
            ]
        case .rating:
            return ratingMenu(t)
        case .thanks:
            return [MenuItem(action: .home, label: t("thanks.back"))]
        case .helpList:
            return profile.content.helpTopics(under: nil).map {
                MenuItem(action: .topic($0.id), label: t($0.title), detail: $0.summary.map { t($0) })
            }
        case .helpTopic(let id):
            return profile.content.helpTopics(under: id).map { MenuItem(action: .topic($0.id), label: t($0.title)) }
        case .call:
            var items: [MenuItem] = []
            if call?.isWaiting == true { items.append(MenuItem(action: .cancelCall, label: t("call.cancel"))) }
            items.append(MenuItem(action: .leaveCall, label: t("nav.back")))
            return items
        }
    }

    private func ratingMenu(_ t: Strings) -> [MenuItem] {
        guard let flow else { return [] }
        switch flow.step {
        case .main:
            return profile.mainQuestion.choices.map { MenuItem(action: .main($0.id), label: t($0.label), face: $0.face) }
        case .question(let id):
            guard let question = profile.survey.question(id) else { return [] }
            let given = flow.answers[id] ?? []
            var items: [MenuItem]
            if question.kind == .multi {
                items = question.choices.map { MenuItem(action: .toggle($0.id), label: t($0.label), checked: given.contains($0.id)) }
                items.append(MenuItem(action: .next, label: flow.next(in: profile) == nil ? t("rate.send") : t("rate.next")))
            } else {
                items = question.choices.map { MenuItem(action: .single($0.id), label: t($0.label), face: $0.face) }
            }
            if question.optional { items.append(MenuItem(action: .skip, label: t("rate.skip"))) }
            return items
        case .comment:
            return []
        case .counter:
            return profile.centre.counters.map { counter in
                let names = profile.officers(at: counter.id).map(\.name).joined(separator: ", ")
                return MenuItem(action: .counter(counter.id), label: t(counter.name), detail: names.isEmpty ? nil : names)
            } + [MenuItem(action: .counter(nil), label: t("counter.dont_know"))]
        case .officer:
            return profile.officers(at: flow.counter).map { MenuItem(action: .officer($0.id), label: $0.name, detail: $0.title.map { t($0) }) }
                + [MenuItem(action: .officer(nil), label: t("officer.dont_know"))]
        case .field:
            return profile.fieldChoices(counter: flow.counter).map { MenuItem(action: .field($0.id), label: t($0.name)) }
                + [MenuItem(action: .field(nil), label: t("field.dont_know"))]
        }
    }
}
