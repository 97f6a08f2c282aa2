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
        guard let flow, let step = currentStep else { return [] }
        switch step.kind {
        case .scale, .single:
            var items = step.choices.map { MenuItem(action: .choose($0.id), label: t($0.label), face: $0.face) }
            if step.optional && step.id != profile.flow.main { items.append(MenuItem(action: .choose(nil), label: t("rate.skip"))) }
            return items
        case .multi:
            let given = flow.chosen(at: step.id)
            var items = step.choices.map { MenuItem(action: .toggle($0.id), label: t($0.label), checked: given.contains($0.id)) }
            let last = profile.flow.step(after: step.id, for: flow.progress) == nil
            items.append(MenuItem(action: .next, label: last ? t("rate.send") : t("rate.next")))
            if step.optional { items.append(MenuItem(action: .choose(nil), label: t("rate.skip"))) }
            return items
        case .comment:
            return []
        case .counter, .officer, .field:
            let unknown =
                ["counter": "counter.dont_know", "officer": "officer.dont_know", "field": "field.dont_know"][step.kind.rawValue] ?? "rate.skip"
            return step.choices.map { MenuItem(action: .choose($0.id), label: t($0.label), detail: $0.detail.map { t($0) }) }
                + [MenuItem(action: .choose(nil), label: t(unknown))]
        }
    }
}
