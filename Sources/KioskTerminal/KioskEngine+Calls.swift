import Foundation
import KioskCore

/// The call for staff and the clock: calling, cancelling, following the call's status, the idle reset.
extension KioskEngine {
    // MARK: - Call staff

    mutating func callStaff(now: Date) -> [KioskEffect] {
        countdown = nil
        if var call, call.status != .cancelled {
            if screen != .call { call.returnTo = screen }
            self.call = call
            show(.call, now: now, highlight: call.isWaiting ? 1 : 0)
            return []
        }
        var topic: String?
        if case .helpTopic(let id) = screen { topic = id }
        let call = CallState(id: UUID(), topic: topic, status: .sending, createdAt: now, returnTo: screen)
        self.call = call
        show(.call, now: now, highlight: 1)
        return [.placeCall(id: call.id, topic: topic)]
    }

    /// What the store or server says of the call now.
    mutating func callStatusChanged(id: UUID, to status: CallStatus, now: Date) {
        guard var call, call.id == id, call.status != status else { return }
        let before = call.status
        call.status = status
        self.call = status == .cancelled ? nil : call
        if status == .taken && before != .taken && screen != .call {
            notice = Notice(key: "call.coming", sticky: true, shownAt: now)
        }
        if screen == .call, let highlight, highlight >= menu().count { self.highlight = menu().count - 1 }
    }

    mutating func cancelCall(now: Date) -> [KioskEffect] {
        guard let call else { return [] }
        self.call = nil
        back(to: call.returnTo, now: now)
        notice = Notice(key: "call.cancelled", sticky: false, shownAt: now)
        return [.cancelCall(id: call.id)]
    }

    mutating func leaveCall(now: Date) {
        back(to: call?.returnTo ?? .home, now: now)
    }

    mutating func back(to target: Screen, now: Date) {
        switch target {
        case .rating:
            if let step = flow?.step { go(to: step, now: now) } else { goHome(now: now) }
        case .helpList:
            show(.helpList, now: now, highlight: 0)
        case .helpTopic(let id):
            show(.helpTopic(id), now: now)
        case .home, .thanks, .call:
            goHome(now: now)
        }
    }

    // MARK: - Time

    /// The idle time before the countdown, and the countdown's own length (as on the touch kiosk).
    var countdownSeconds: Double { min(20, profile.idleSeconds / 2) }

    /// When the kiosk goes back to the start: an idle time after the last key, and longer after typing
    /// in the comment, so that nobody is reset while typing.
    var idleDeadline: Date {
        var deadline = lastActivity.addingTimeInterval(profile.idleSeconds)
        if typingComment, let lastTyped {
            deadline = max(deadline, lastTyped.addingTimeInterval(profile.idleSeconds + countdownSeconds))
        }
        return deadline
    }

    /// Moves the clock on: the thanks screen's return, the idle countdown and reset, passing notices.
    mutating func tick(now: Date) -> [KioskEffect] {
        if !digits.isEmpty, let digitsAt, now.timeIntervalSince(digitsAt) >= digitSeconds { digits = "" }
        if let notice, !notice.sticky, now.timeIntervalSince(notice.shownAt) >= noticeSeconds { self.notice = nil }
        if screen == .thanks, let thanksAt, now.timeIntervalSince(thanksAt) >= thanksSeconds {
            return resetToHome(now: now)
        }
        guard idleApplies(at: now) else {
            countdown = nil
            return []
        }
        let remaining = idleDeadline.timeIntervalSince(now)
        if remaining <= 0 { return resetToHome(now: now) }
        countdown = remaining <= countdownSeconds ? Int(remaining.rounded(.up)) : nil
        return []
    }

    func idleApplies(at now: Date) -> Bool {
        switch screen {
        case .thanks: false
        case .home: language != defaultLanguage
        case .call:
            !(call.map { $0.isWaiting && now.timeIntervalSince($0.createdAt) < callWaitSeconds } ?? false)
        default: true
        }
    }
}
