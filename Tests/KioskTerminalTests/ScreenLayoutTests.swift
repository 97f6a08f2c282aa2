import Foundation
import KioskCore
import QRCode
import Testing

@testable import KioskTerminal

/// Every screen laid out at 80 × 24, in colour with UTF-8 and on a plain ASCII terminal.
@Suite struct ScreenLayoutTests {
    /// Walks to every screen and hands each canvas to `visit`.
    private func everyScreen(_ capabilities: TerminalCapabilities, size: TerminalSize = .minimum, _ visit: (String, Canvas) -> Void) throws {
        var kiosk = try Driver(kiosk: "kiosk-1", capabilities: capabilities, size: size)
        visit("home", kiosk.screen)
        kiosk.press(.character("1"))
        visit("rate", kiosk.screen)
        kiosk.press(.character("3"), .character("1"))
        visit("reasons", kiosk.screen)
        kiosk.press(.enter)
        kiosk.type("Cans booj raats nhieetj tinhf")
        visit("comment", kiosk.screen)
        kiosk.press(.enter)
        visit("counter", kiosk.screen)
        kiosk.digits("10")  // Quầy số 10 has two officers
        visit("officer", kiosk.screen)
        kiosk.digits("2")
        visit("field", kiosk.screen)
        kiosk.digits("1")
        visit("thanks", kiosk.screen)
        kiosk.press(.enter, .character("2"))
        visit("help", kiosk.screen)
        kiosk.press(.character("1"))
        visit("topic", kiosk.screen)
        kiosk.press(.character("0"))
        visit("call", kiosk.screen)
    }

    @Test func everyScreenFitsAndNumbersEveryChoice() throws {
        try everyScreen(Sample.colour) { name, canvas in
            #expect(canvas.width == 80 && canvas.height == 24)
            let text = canvas.text
            #expect(text.hasPrefix(" Trung tâm Phục vụ hành chính công phường Hồng Bàng"), "\(name)")
            let keys = canvas.text(ofRow: 23)
            #expect(keys.contains("0  Gọi cán bộ hỗ trợ") || keys.contains("F1  Gọi cán bộ hỗ trợ") || keys.contains("0  Đã gọi cán bộ"), "\(name)")
        }
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("1"), .character("1"))
        let counters = kiosk.screen.text
        for number in 1...11 { #expect(counters.contains(" \(String(format: "%2d", number))  "), "counter \(number)") }
        #expect(counters.contains("Quầy số 10 – Ưu tiên"))
        #expect(counters.contains("Không nhớ"))
    }

    @Test func theMainQuestionShowsFaceColourAndWord() throws {
        var kiosk = try Driver(kiosk: "kiosk-2")
        kiosk.press(.character("1"))
        let canvas = kiosk.screen
        let rows = (0..<24).map(canvas.text(ofRow:))
        let very = try #require(rows.firstIndex { $0.contains("Rất hài lòng") })
        #expect(rows[very].contains("1    │ ^ ^ │   Rất hài lòng"))
        #expect(rows[very + 1].contains("│╰───╯│"))
        let unhappy = try #require(rows.firstIndex { $0.contains("Không hài lòng") })
        #expect(rows[unhappy + 1].contains("│ ╭─╮ │"))
        // The face has its colour; the word is there too, so colour is never alone.
        let faceCell = canvas[very, 11]
        #expect(faceCell.style.background == 77)
        #expect(canvas[unhappy, 11].style.background == 216)
    }

    @Test func aPlainTerminalGetsAsciiAndNoColour() throws {
        try everyScreen(Sample.plain) { name, canvas in
            #expect(canvas.text.allSatisfy { $0.isASCII }, "\(name)")
            for row in 0..<canvas.height {
                #expect(canvas.row(row).allSatisfy { $0.style == .plain }, "\(name)")
            }
            var writer = FrameWriter(colours: false)
            let sent = writer.update(to: canvas).replacing(/\x1B\[\d+;1H/, with: "")
            #expect(!sent.contains("\u{1B}"), "nothing but cursor moves on \(name)")
        }
        var kiosk = try Driver(kiosk: "kiosk-2", capabilities: Sample.plain)
        kiosk.press(.character("1"))
        let text = kiosk.screen.text
        #expect(text.contains("[1]   | ^ ^ |   Rat hai long"))
        #expect(text.contains("|\\___/|"))
        #expect(text.contains("Ong/Ba co hai long voi viec giai quyet thu tuc hanh chinh hom nay khong?"))
    }

    @Test func aPlainTerminalWritesTheLinkInsteadOfTheQRCode() throws {
        var kiosk = try Driver(kiosk: "kiosk-1", capabilities: Sample.plain)
        kiosk.press(.character("2"), .character("1"))
        #expect(kiosk.screen.text.contains("Mo tren dien thoai: https://vneid.gov.vn"))
    }

    @Test func theTopicsQRCodeIsDrawnInHalfBlocks() throws {
        var kiosk = try Driver(kiosk: "kiosk-1")
        kiosk.press(.character("2"), .character("1"))
        let canvas = kiosk.screen
        let expected = try QREncoder.encode("https://vneid.gov.vn", level: .medium).terminalText().split(separator: "\n").map(String.init)
        let column = 80 - expected[0].count - 1
        for (index, line) in expected.enumerated() {
            let drawn = String(canvas.row(2 + index).dropFirst(column).prefix(line.count).map(\.character))
            #expect(drawn == line, "QR row \(index)")
            #expect(canvas[2 + index, column].style == CellStyle(foreground: 16, background: 231))
        }
        #expect(canvas.text(ofRow: 2 + expected.count).hasSuffix("https://vneid.gov.vn"))
    }

    @Test func largerScreensUseTheRoom() throws {
        try everyScreen(Sample.colour, size: TerminalSize(width: 132, height: 43)) { name, canvas in
            #expect(canvas.text(ofRow: 42).contains("gọi cán bộ") || canvas.text(ofRow: 42).contains("Gọi cán bộ"), "\(name)")
        }
        var kiosk = try Driver(kiosk: "kiosk-1", size: TerminalSize(width: 132, height: 43))
        kiosk.press(.character("1"), .character("1"))
        // Two lines per counter fit now: the officers under each counter's name.
        #expect(kiosk.screen.text.contains("Quầy số 2\n"))
    }

    @Test func aScreenTooSmallSaysSo() throws {
        let kiosk = try Driver(size: TerminalSize(width: 60, height: 20))
        #expect(kiosk.screen.text.contains("Cửa sổ quá nhỏ."))
    }
}
