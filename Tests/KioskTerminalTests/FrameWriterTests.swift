import Testing

@testable import KioskTerminal

@Suite struct FrameWriterTests {
    private func canvas(_ lines: [String], width: Int = 10) -> Canvas {
        var canvas = Canvas(width: width, height: lines.count)
        for (row, line) in lines.enumerated() { canvas.put(line, row: row, column: 0, style: CellStyle(foreground: 16, background: 231)) }
        return canvas
    }

    @Test func theFirstFrameIsWrittenWholeWithoutClearing() {
        var writer = FrameWriter(colours: true)
        let out = writer.update(to: canvas(["one", "two", "three"]))
        #expect(out.contains("\u{1B}[1;1H") && out.contains("\u{1B}[2;1H") && out.contains("\u{1B}[3;1H"))
        #expect(!out.contains("\u{1B}[2J") && !out.contains("\u{1B}[K"))
        #expect(out.contains("\u{1B}[0;38;5;16;48;5;231mone\u{1B}[0m       \u{1B}[0m"))
    }

    @Test func onlyChangedRowsAreWrittenAgain() {
        var writer = FrameWriter(colours: true)
        _ = writer.update(to: canvas(["one", "two", "three"]))
        #expect(writer.update(to: canvas(["one", "two", "three"])).isEmpty)
        let out = writer.update(to: canvas(["one", "TWO", "three"]))
        #expect(out.hasPrefix("\u{1B}[2;1H"))
        #expect(!out.contains("\u{1B}[1;1H") && !out.contains("\u{1B}[3;1H"))
    }

    @Test func aResizeRewritesEveryRow() {
        var writer = FrameWriter(colours: false)
        _ = writer.update(to: canvas(["one", "two"]))
        let out = writer.update(to: canvas(["one", "two", "six"], width: 12))
        #expect(out == "\u{1B}[1;1Hone         \u{1B}[2;1Htwo         \u{1B}[3;1Hsix         ")
    }
}
