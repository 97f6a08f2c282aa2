import KioskCore

/// The colours and drawing characters of the screen: a white kiosk page with dark text where the
/// terminal shows 256 colours, the terminal's own colours otherwise; box drawing and half blocks where
/// it shows UTF-8, ASCII otherwise.
struct Palette: Sendable {
    let colours: Bool
    let unicode: Bool

    init(_ capabilities: TerminalCapabilities) {
        colours = capabilities.colours256
        unicode = capabilities.unicode
    }

    private func style(_ foreground: UInt8, _ background: UInt8, bold: Bool = false) -> CellStyle {
        colours ? CellStyle(foreground: foreground, background: background, bold: bold) : .plain
    }

    /// The page: black on white.
    var page: CellStyle { style(16, 231) }
    var strong: CellStyle { style(16, 231, bold: true) }
    /// Secondary text: dark grey on white (contrast above 7:1).
    var quiet: CellStyle { style(238, 231) }
    var header: CellStyle { style(231, 24, bold: true) }
    var status: CellStyle { style(16, 254) }
    var keyBar: CellStyle { style(231, 236) }
    var keyCap: CellStyle { style(16, 254, bold: true) }
    var keyBarCap: CellStyle { style(16, 252, bold: true) }
    /// The highlighted choice: black on light blue.
    var highlight: CellStyle { style(16, 153, bold: true) }
    var checked: CellStyle { style(16, 194, bold: true) }
    var overlay: CellStyle { style(16, 229, bold: false) }
    var overlayStrong: CellStyle { style(16, 229, bold: true) }
    /// QR modules: black on white whatever the terminal's colours.
    var qr: CellStyle { style(16, 231) }

    /// The colour of a face: green for the best, red for the worst (always with the face and the word).
    func face(_ face: Face?) -> CellStyle {
        switch face {
        case .veryHappy: style(16, 77, bold: true)
        case .happy: style(16, 150, bold: true)
        case .neutral: style(16, 222, bold: true)
        case .unhappy: style(16, 216, bold: true)
        case .veryUnhappy: style(16, 210, bold: true)
        case nil: page
        }
    }

    // Drawing characters.
    var horizontal: String { unicode ? "─" : "-" }
    var marker: String { unicode ? "▶" : ">" }
    var checkOn: String { unicode ? "[✓]" : "[x]" }
    var checkOff: String { "[ ]" }
    var up: String { unicode ? "▲" : "^" }
    var down: String { unicode ? "▼" : "v" }
    var backKey: String { unicode ? "←" : "<-" }
    var ellipsis: String { unicode ? "…" : "..." }
    var bullet: String { unicode ? "•" : "-" }
    var cursor: String { unicode ? "▏" : "_" }

    /// A bordered box's corners and sides: top-left, top-right, bottom-left, bottom-right, horizontal, vertical.
    var box: (String, String, String, String, String, String) {
        unicode ? ("╭", "╮", "╰", "╯", "─", "│") : ("+", "+", "+", "+", "-", "|")
    }
}
