import Foundation
import KioskCore
import Testing

@testable import KioskTerminal

/// The kiosk's behaviour, key by key, with the clock moved by hand. Every rating it makes passes the
/// validation of the HTTP API.
@Suite struct KioskEngineTests {
    private func validated(_ body: JSONValue, at now: Date = Sample.start.addingTimeInterval(600)) throws -> RatingSubmission {
        try RatingValidator(content: Sample.content).validate(body, now: now)
    }

    @Test func oneSatisfiedKeyOnACounterKiosk() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("1"), .character("2"))
        #expect(kiosk.engine.screen == .thanks)
        let submitted = kiosk.submitted
        try #require(submitted.count == 1)
        let rating = try validated(submitted[0].body)
        #expect(rating.id == submitted[0].id)
        #expect(rating.answers == ["overall": .one("satisfied")])
        #expect(rating.counter == "Q03")
        #expect(rating.kiosk == "kiosk-2")
        #expect(rating.channel == .terminal)
        #expect(rating.createdAt != nil)
    }

    @Test func dissatisfiedWithReasonsCommentCounterOfficerAndField() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("1"), .character("3"))
        #expect(kiosk.screen.text.contains("Điều gì khiến Ông/Bà chưa hài lòng?"))
        kiosk.press(.character("4"), .character("1"), .character("4"), .character("2"))  // 4 on, 1 on, 4 off, 2 on
        kiosk.press(.enter)
        #expect(kiosk.screen.text.contains("Ông/Bà có muốn góp ý thêm không?"))
        kiosk.type("Cans booj raats nhieetj tinhf")
        #expect(kiosk.screen.text.contains("Cán bộ rất nhiệt tình"))
        kiosk.press(.enter)
        #expect(kiosk.screen.text.contains("Ông/Bà được phục vụ tại quầy nào?"))
        kiosk.digits("10")
        #expect(kiosk.screen.text.contains("Cán bộ nào đã phục vụ Ông/Bà?"))
        kiosk.digits("2")
        #expect(kiosk.screen.text.contains("Thủ tục của Ông/Bà thuộc lĩnh vực nào?"))
        kiosk.digits("3")
        #expect(kiosk.engine.screen == .thanks)
        try #require(kiosk.submitted.count == 1)
        let rating = try validated(kiosk.submitted[0].body)
        #expect(rating.answers == ["overall": .one("dissatisfied"), "reasons": .many(["waited_too_long", "had_to_come_back"])])
        #expect(rating.comment == "Cán bộ rất nhiệt tình")
        #expect(rating.counter == "Q10")
        #expect(rating.officer == "cb-05")
        #expect(rating.field == "bao-tro-xa-hoi")
    }

    @Test func veryDissatisfiedSkippingEverything() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("1"), .character("3"))
        kiosk.digits("8")  // skip the reasons
        kiosk.press(.enter)  // no comment
        kiosk.digits("11")  // "I don't remember" the counter: the questions end there
        #expect(kiosk.engine.screen == .thanks)
        try #require(kiosk.submitted.count == 1)
        let rating = try validated(kiosk.submitted[0].body)
        #expect(rating.answers == ["overall": .one("dissatisfied")])
        #expect(rating.comment == nil && rating.counter == nil && rating.field == nil)
    }

    @Test func arrowsAndEnterAloneMakeARating() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.enter)  // the highlighted "Rate our service"
        kiosk.press(.enter)  // nothing is highlighted on the question: nothing happens
        #expect(kiosk.submitted.isEmpty)
        kiosk.press(.down, .down, .enter)
        try #require(kiosk.submitted.count == 1)
        #expect(try validated(kiosk.submitted[0].body).answers == ["overall": .one("satisfied")])
    }

    @Test func aDoublePressNeverMakesTwoRatings() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("1"))
        kiosk.press(.character("1"))
        kiosk.press(.character("1"), gap: 0.05)  // the second half of a double press lands on the thanks: ignored
        #expect(kiosk.engine.screen == .thanks)
        kiosk.press(.enter)
        kiosk.press(.enter, gap: 0.05)  // and on the attract screen: no new rating starts
        #expect(kiosk.engine.screen == .home)
        kiosk.press(.character("1"))
        kiosk.press(.backspace)
        #expect(kiosk.engine.screen == .home)
        #expect(kiosk.submitted.count == 1)
    }

    @Test func backspaceGoesBackKeepingTheAnswers() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("1"), .character("3"), .character("2"))
        kiosk.press(.backspace)
        #expect(kiosk.engine.flow?.step == kiosk.engine.profile.flow.main)
        kiosk.press(.character("3"))
        #expect(kiosk.engine.flow?.chosen(at: "q:reasons") == ["had_to_come_back"])
        kiosk.press(.backspace, .backspace)
        #expect(kiosk.engine.screen == .home)
        #expect(kiosk.submitted.isEmpty)
    }

    @Test func theLanguageSwitchChangesEveryWord() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("3"))
        #expect(kiosk.screen.text.contains("Welcome! What would you like to do?"))
        #expect(kiosk.screen.text.contains("3  Tiếng Việt"))
        kiosk.press(.character("1"))
        #expect(kiosk.screen.text.contains("Are you satisfied with how your administrative procedure was handled today?"))
        #expect(kiosk.screen.text.contains("Very satisfied"))
    }

    @Test func idleCountdownThenResetKeepingTheMainAnswer() throws {
        var kiosk = try Driver(kiosk: "kiosk-1", idle: 20)
        kiosk.press(.character("1"), .character("3"))
        kiosk.wait(9)
        #expect(kiosk.engine.countdown == nil)
        kiosk.wait(2)
        #expect(kiosk.engine.countdown == 9)
        #expect(kiosk.screen.text.contains("Ông/Bà còn đang sử dụng máy không?"))
        kiosk.press(.character("5"))  // any key: "I'm still here", and nothing else
        #expect(kiosk.engine.countdown == nil)
        #expect(kiosk.engine.flow?.progress.answers["q:reasons"] == nil)
        kiosk.wait(20)
        #expect(kiosk.engine.screen == .home)
        try #require(kiosk.submitted.count == 1)
        #expect(try validated(kiosk.submitted[0].body).answers == ["overall": .one("dissatisfied")])
    }

    @Test func typingHoldsTheIdleResetOff() throws {
        var kiosk = try Driver(kiosk: "kiosk-2", idle: 20)
        kiosk.press(.character("1"), .character("3"), .enter)
        kiosk.type("Chowf laau")
        // Without typing the countdown would show 10 s after the last key; after typing it waits a whole idle time more.
        kiosk.wait(15)
        #expect(kiosk.engine.countdown == nil)
        #expect(kiosk.engine.typingComment)
        kiosk.wait(6)
        #expect(kiosk.engine.countdown != nil)
        kiosk.wait(10)
        #expect(kiosk.engine.screen == .home)
        // The comment was not sent on: it is not kept.
        let rating = try validated(kiosk.submitted[0].body)
        #expect(rating.comment == nil)
        #expect(rating.answers == ["overall": .one("dissatisfied")])
    }

    @Test func theAttractScreenInTheDefaultLanguageNeverCountsDown() throws {
        var kiosk = try Driver(kiosk: "kiosk-2", idle: 20)
        kiosk.wait(100)
        #expect(kiosk.engine.countdown == nil)
        kiosk.press(.character("3"))
        kiosk.wait(21)
        #expect(kiosk.engine.language == .vi)
    }

    @Test func thanksGoesBackByItself() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("1"), .character("1"))
        kiosk.wait(6.1)
        #expect(kiosk.engine.screen == .home)
        #expect(kiosk.submitted.count == 1)
    }

    @Test func callingStaffFromAHelpTopicNamesIt() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("2"), .character("1"))
        #expect(kiosk.engine.screen == .helpTopic("vneid"))
        kiosk.press(.character("0"))
        #expect(kiosk.engine.screen == .call)
        guard case .placeCall(let id, let topic)? = kiosk.effects.last else {
            Issue.record("no call placed")
            return
        }
        #expect(topic == "vneid")
        kiosk.engine.callStatusChanged(id: id, to: .waiting, now: kiosk.now)
        #expect(kiosk.screen.text.contains("Đã gọi cán bộ hỗ trợ"))
        kiosk.press(.enter)  // "Back" is highlighted: the call goes on
        #expect(kiosk.engine.screen == .helpTopic("vneid"))
        kiosk.engine.callStatusChanged(id: id, to: .taken, now: kiosk.now)
        #expect(kiosk.screen.text.contains("Cán bộ đang đến hỗ trợ Ông/Bà"))
        kiosk.press(.character("0"))
        #expect(kiosk.engine.screen == .call)
        #expect(kiosk.effects.filter { if case .placeCall = $0 { true } else { false } }.count == 1)
    }

    @Test func cancellingACall() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("0"))
        guard case .placeCall(let id, nil)? = kiosk.effects.last else {
            Issue.record("no call placed")
            return
        }
        kiosk.engine.callStatusChanged(id: id, to: .waiting, now: kiosk.now)
        kiosk.press(.character("1"))
        #expect(kiosk.effects.last == .cancelCall(id: id))
        #expect(kiosk.engine.screen == .home)
        #expect(kiosk.screen.text.contains("Đã huỷ yêu cầu hỗ trợ."))
    }

    @Test func helpTopicsScrollThenReachTheirSubTopics() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("2"), .character("1"))
        let first = kiosk.screen.text
        #expect(first.contains("Bấm mũi tên xuống để đọc tiếp"))
        kiosk.press(.down)
        #expect(kiosk.engine.topicScroll > 0)
        for _ in 0..<20 where kiosk.engine.highlight == nil { kiosk.press(.down) }
        #expect(kiosk.engine.highlight == 0)
        kiosk.press(.down, .enter)
        #expect(kiosk.engine.screen == .helpTopic("vneid-kich-hoat-muc-2"))
        kiosk.press(.backspace)
        #expect(kiosk.engine.screen == .helpTopic("vneid"))
        kiosk.press(.backspace)
        #expect(kiosk.engine.screen == .helpList)
        kiosk.press(.character("2"), .character("3"))
        #expect(kiosk.engine.screen == .helpTopic("dvc-thanh-toan"))
    }

    @Test func aTwoDigitNumberWaitsForItsSecondDigit() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("1"), .character("1"))
        kiosk.digits("1")
        #expect(kiosk.engine.flow?.step == "counter")
        #expect(kiosk.engine.digits == "1")
        #expect(kiosk.screen.text.contains("Bấm thêm một số, hoặc bấm Enter để chọn số 1."))
        kiosk.press(.enter)
        // Quầy số 1 has one officer and one field: nothing more is asked.
        #expect(kiosk.engine.screen == .thanks)
        let rating = try validated(try #require(kiosk.submitted.first).body)
        #expect(rating.counter == "Q01" && rating.officer == "cb-01" && rating.field == "ho-tich")
    }

    @Test func anUnknownKioskIsRefused() {
        #expect(throws: KioskProfile.Problem.unknownKiosk("kiosk-9", known: ["kiosk-1", "kiosk-2"])) {
            try KioskProfile(content: Sample.content, kioskID: "kiosk-9")
        }
    }

    @Test func ctrlCQuits() throws {
        var kiosk = try Driver()
        kiosk.press(.control("c"))
        #expect(kiosk.effects == [.quit])
    }
}
