import Testing

@testable import KioskTerminal

@Suite struct KeyDecoderTests {
    private func decode(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    private func decode(_ text: String) -> [Key] { decode(Array(text.utf8)) }

    @Test func digitsEnterAndBackspace() {
        #expect(decode("12\r\u{7F}\u{08}") == [.character("1"), .character("2"), .enter, .backspace, .backspace])
    }

    @Test func crLfIsOneEnter() {
        #expect(decode("\r\n") == [.enter])
        #expect(decode("\n") == [.enter])
    }

    @Test func arrowsOfVT100XtermAndApplicationMode() {
        #expect(decode("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(decode("\u{1B}OA\u{1B}OB") == [.up, .down])
        #expect(decode("\u{1B}[1;5A") == [.up])
    }

    @Test func functionKeysOfXtermAndTheLinuxConsole() {
        #expect(decode("\u{1B}OP\u{1B}OQ") == [.function(1), .function(2)])
        #expect(decode("\u{1B}[11~\u{1B}[12~") == [.function(1), .function(2)])
        #expect(decode("\u{1B}[[A\u{1B}[[B") == [.function(1), .function(2)])
        #expect(decode("\u{1B}[3~\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[4~") == [.delete, .pageUp, .pageDown, .home, .end])
    }

    @Test func numericKeypadInApplicationMode() {
        #expect(decode("\u{1B}Op\u{1B}Oq\u{1B}Oy\u{1B}OM") == [.character("0"), .character("1"), .character("9"), .enter])
    }

    @Test func controlKeys() {
        #expect(decode([0x03, 0x14]) == [.control("c"), .control("t")])
    }

    @Test func vietnameseTextFromAnInputMethod() {
        #expect(decode("Hồng Bàng") == "Hồng Bàng".map(Key.character))
    }

    @Test func aSequenceSplitAcrossReadsWaitsForItsEnd() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.isWaiting)
        #expect(decoder.feed(Array("[".utf8)).isEmpty)
        #expect(decoder.feed(Array("B".utf8)) == [.down])
        let bytes = Array("ộ".utf8)
        #expect(decoder.feed(bytes.prefix(1)).isEmpty)
        #expect(decoder.feed(bytes.dropFirst()) == [.character("ộ")])
    }

    @Test func aLoneEscapeIsKnownOnFlush() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isWaiting)
    }

    @Test func digitsOfKeys() {
        #expect(Key.character("7").digit == 7)
        #expect(Key.character("a").digit == nil)
        #expect(Key.enter.digit == nil)
    }
}
