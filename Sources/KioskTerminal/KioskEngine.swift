import Foundation
import KioskCore

/// The terminal kiosk's behaviour without any I/O: keys and the clock in, screens and effects out.
///
/// It follows the touch kiosk: the attract screen, the rating (main question, follow-up questions when
/// their condition holds, an optional comment typed with Telex, the counter, officer and field a hall
/// kiosk asks), the thanks, the help topics, the call for staff and the idle reset. Every choice has a
/// number; arrows move a highlight and Enter takes it; Backspace (or ←) goes back; 0 calls staff.
struct KioskEngine {
    let profile: KioskProfile
    let palette: Palette
    /// Keys this soon after a new screen are the second half of a double press, and ignored.
    var settleSeconds = 0.4
    /// The thanks screen goes back to the start after this long.
    var thanksSeconds = 6.0
    /// A waiting call keeps the call screen (and holds off the idle reset) this long.
    var callWaitSeconds = 600.0
    /// A first digit that could start a two-digit number waits this long for the second.
    var digitSeconds = 3.0
    /// A passing notice stays this long.
    var noticeSeconds = 8.0

    let defaultLanguage: Language
    var language: Language
    var screen: Screen = .home
    var shownAt: Date
    /// The highlighted item of the screen's menu, if any.
    var highlight: Int?
    /// Digits typed so far of a number that may go on (a list of ten or more).
    var digits = ""
    var digitsAt: Date?
    var flow: RatingFlow?
    var thanksAt: Date?
    /// The id of the last rating made.
    var lastRatingID: UUID?
    var topicScroll = 0
    var call: CallState?
    var notice: Notice?
    var lastActivity: Date
    var lastTyped: Date?
    /// Seconds left shown by the idle countdown, while it shows.
    var countdown: Int?
    var size: TerminalSize

    init(profile: KioskProfile, palette: Palette, language: Language = .vi, size: TerminalSize = .minimum, now: Date) {
        self.profile = profile
        self.palette = palette
        self.defaultLanguage = language
        self.language = language
        self.size = size
        self.shownAt = now.addingTimeInterval(-1)
        self.lastActivity = now
        self.highlight = 0
    }

    var strings: Strings { Strings(content: profile.content, language: language) }

    /// The step of the flow shown, while a rating is shown.
    var currentStep: FlowStep? {
        guard screen == .rating, let flow else { return nil }
        return profile.flow.step(flow.step)
    }

    /// Whether the comment is being typed.
    var typingComment: Bool { currentStep?.kind == .comment }

    // MARK: - Keys

    /// Handles one key.
    mutating func handle(_ key: Key, now: Date) -> [KioskEffect] {
        if key == .control("c") { return [.quit] }
        if countdown != nil {
            // Any key answers "I'm still here"; it does nothing else.
            lastActivity = now
            if lastTyped != nil { lastTyped = now }
            countdown = nil
            return []
        }
        lastActivity = now
        if key == .function(1) { return callStaff(now: now) }
        if typingComment { return commentKey(key, now: now) }
        guard now.timeIntervalSince(shownAt) >= settleSeconds else { return [] }

        if let digit = key.digit {
            if digits.isEmpty && digit == 0 { return callStaff(now: now) }
            return typeDigit(digit, now: now)
        }
        switch key {
        case .up: moveHighlight(by: -1)
        case .down: moveHighlight(by: 1)
        case .pageUp: scrollTopic(pages: -1)
        case .pageDown: scrollTopic(pages: 1)
        case .enter:
            if let number = Int(digits) {
                digits = ""
                return activate(number - 1, now: now)
            }
            if let highlight { return activate(highlight, now: now) }
        case .backspace, .left, .escape:
            if !digits.isEmpty {
                digits = ""
                return []
            }
            return back(now: now)
        default:
            break
        }
        return []
    }

    mutating func typeDigit(_ digit: Int, now: Date) -> [KioskEffect] {
        let count = menu().count
        var entry = digits + String(digit)
        if let number = Int(entry), number > count || number == 0 {
            // The digit cannot continue the number: it starts a new one.
            entry = String(digit)
        }
        digits = ""
        guard let number = Int(entry), number >= 1, number <= count else { return [] }
        if number * 10 <= count {
            digits = entry
            digitsAt = now
            highlight = number - 1
            return []
        }
        return activate(number - 1, now: now, byNumber: true)
    }

    mutating func moveHighlight(by step: Int) {
        digits = ""
        if case .helpTopic = screen, scrollTopicByArrow(step) { return }
        let count = menu().count
        guard count > 0 else { return }
        if let current = highlight {
            highlight = min(count - 1, max(0, current + step))
            if case .helpTopic = screen, step < 0, current == 0 { highlight = nil }
        } else {
            highlight = step > 0 ? 0 : count - 1
        }
    }

    // MARK: - Comment

    mutating func commentKey(_ key: Key, now: Date) -> [KioskEffect] {
        guard var flow else { return [] }
        switch key {
        case .character(let character):
            guard flow.comment.count < RatingValidator.maximumCommentLength else { return [] }
            flow.comment = flow.telex ? Telex.apply(flow.comment, key: character) : flow.comment + String(character)
            lastTyped = now
        case .backspace:
            flow.comment = Telex.backspace(flow.comment)
            lastTyped = now
        case .function(2), .control("t"):
            flow.telex.toggle()
        case .enter:
            guard now.timeIntervalSince(shownAt) >= settleSeconds else { return [] }
            self.flow = flow
            return advance(with: .text(flow.comment), now: now)
        case .left, .escape:
            guard now.timeIntervalSince(shownAt) >= settleSeconds else { return [] }
            self.flow = flow
            return back(now: now)
        default:
            break
        }
        self.flow = flow
        return []
    }

    mutating func activate(_ index: Int, now: Date, byNumber: Bool = false) -> [KioskEffect] {
        let items = menu()
        guard items.indices.contains(index) else { return [] }
        let action = items[index].action
        if case .toggle = action, byNumber {
            // A number ticks a reason; the highlight stays on "Next" so that Enter goes on.
        } else {
            highlight = index
        }
        switch action {
        case .startRating: startRating(now: now)
        case .openHelp: openHelp(now: now)
        case .language(let language): setLanguage(language)
        case .choose(let choice):
            return advance(with: choice.map { .chosen([$0]) } ?? FlowAnswer.none, now: now)
        case .toggle(let choice): toggle(choice)
        case .next:
            guard let step = currentStep, let flow else { return [] }
            if !step.optional && flow.chosen(at: step.id).isEmpty { return [] }
            return advance(with: flow.progress.answers[step.id] ?? FlowAnswer.none, now: now)
        case .topic(let id): openTopic(id, now: now)
        case .cancelCall: return cancelCall(now: now)
        case .leaveCall: leaveCall(now: now)
        case .home: return resetToHome(now: now)
        }
        return []
    }

    // MARK: - Screens

    mutating func show(_ screen: Screen, now: Date, highlight: Int? = nil) {
        self.screen = screen
        self.highlight = highlight
        shownAt = now
        digits = ""
    }

    mutating func clearPassingNotice() {
        if notice?.sticky != true { notice = nil }
    }

    mutating func startRating(now: Date) {
        clearPassingNotice()
        flow = RatingFlow(step: profile.flow.main, telex: language == .vi)
        go(to: profile.flow.main, now: now)
    }

    mutating func go(to step: String, now: Date) {
        flow?.step = step
        show(.rating, now: now)
        if let shown = profile.flow.step(step), shown.kind == .multi {
            highlight = shown.choices.count  // "Next"
        }
    }

    /// Gives `answer` at the step shown and moves on: to the next step, or to the thanks when the questions end.
    mutating func advance(with answer: FlowAnswer, now: Date) -> [KioskEffect] {
        guard var flow else { return [] }
        let next = profile.flow.answer(answer, at: flow.step, in: &flow.progress)
        self.flow = flow
        if let next {
            go(to: next.id, now: now)
            return []
        }
        return submit(now: now)
    }

    mutating func submit(now: Date) -> [KioskEffect] {
        guard let flow, !flow.submitted, let body = flow.body(in: profile, walkedAway: false, now: now) else { return [] }
        self.flow = nil
        lastRatingID = flow.id
        thanksAt = now
        show(.thanks, now: now, highlight: 0)
        return [.submit(id: flow.id, body: body)]
    }

    mutating func back(now: Date) -> [KioskEffect] {
        switch screen {
        case .home:
            return []
        case .rating:
            if let flow, let previous = profile.flow.step(before: flow.step, for: flow.progress) {
                go(to: previous.id, now: now)
            } else {
                goHome(now: now)
            }
        case .thanks:
            return resetToHome(now: now)
        case .helpList:
            goHome(now: now)
        case .helpTopic(let id):
            if let parent = profile.content.helpTopic(id)?.parent, profile.content.helpTopic(parent) != nil {
                openTopic(parent, now: now)
            } else {
                openHelp(now: now)
            }
        case .call:
            leaveCall(now: now)
        }
        return []
    }

    mutating func toggle(_ choice: String) {
        guard let step = currentStep, var flow else { return }
        var chosen = flow.chosen(at: step.id)
        if let index = chosen.firstIndex(of: choice) { chosen.remove(at: index) } else { chosen.append(choice) }
        // Kept in the survey's order, not the order of the keys; ticked, not yet moved on from.
        let answer = profile.flow.ordered(.chosen(chosen), at: step.id)
        flow.progress.answers[step.id] = answer == FlowAnswer.none ? nil : answer
        self.flow = flow
    }

    mutating func setLanguage(_ language: Language) {
        self.language = language
        if flow?.comment.isEmpty == true { flow?.telex = language == .vi }
    }

    mutating func goHome(now: Date) {
        clearPassingNotice()
        flow = nil
        show(.home, now: now, highlight: 0)
    }

    /// Back to a fresh attract screen for the next resident. A rating walked away from is kept with the
    /// answers the resident moved on from.
    mutating func resetToHome(now: Date) -> [KioskEffect] {
        var effects: [KioskEffect] = []
        if let flow, !flow.submitted, let body = flow.body(in: profile, walkedAway: true, now: now) {
            effects.append(.submit(id: flow.id, body: body))
        }
        flow = nil
        call = nil
        notice = nil
        countdown = nil
        language = defaultLanguage
        lastActivity = now
        lastTyped = nil
        topicScroll = 0
        show(.home, now: now, highlight: 0)
        return effects
    }

    /// The kiosk is stopping (Ctrl-C, SIGTERM): a rating being made is kept as the idle reset keeps it.
    mutating func stop(now: Date) -> [KioskEffect] {
        guard let flow, !flow.submitted, let body = flow.body(in: profile, walkedAway: true, now: now) else { return [] }
        self.flow = nil
        return [.submit(id: flow.id, body: body)]
    }

    mutating func openHelp(now: Date) {
        flow = nil
        show(.helpList, now: now, highlight: 0)
    }

    mutating func openTopic(_ id: String, now: Date) {
        topicScroll = 0
        show(.helpTopic(id), now: now)
    }

    // MARK: - Help topic scrolling

    func topicLayout() -> TopicLayout? {
        guard case .helpTopic(let id) = screen, let topic = profile.content.helpTopic(id) else { return nil }
        return TopicLayout(
            topic: topic, childCount: profile.content.helpTopics(under: id).count, language: language, palette: palette, size: size)
    }

    /// Arrows scroll the text first; past its end they move onto the sub-topics. Returns whether it scrolled.
    mutating func scrollTopicByArrow(_ step: Int) -> Bool {
        guard let layout = topicLayout() else { return false }
        let page = max(1, layout.bodyRows - 2)
        if step > 0, highlight == nil, topicScroll < layout.maximumScroll {
            topicScroll = min(layout.maximumScroll, topicScroll + page)
            return true
        }
        if step < 0, highlight == nil, topicScroll > 0 {
            topicScroll = max(0, topicScroll - page)
            return true
        }
        return false
    }

    mutating func scrollTopic(pages: Int) {
        guard let layout = topicLayout() else { return }
        topicScroll = min(layout.maximumScroll, max(0, topicScroll + pages * max(1, layout.bodyRows - 2)))
    }

}
