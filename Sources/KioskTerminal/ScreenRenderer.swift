import Foundation
import KioskCore

/// What the store or the server says, for the screen: ratings still waiting to be sent.
public struct BackendStatus: Sendable, Equatable {
    /// Ratings kept on this machine that the server has not taken yet.
    public var waitingRatings: Int
    /// Whether the last attempt to reach the server failed.
    public var offline: Bool

    /// Makes a status with `waitingRatings` unsent ratings and whether the server was unreachable.
    public init(waitingRatings: Int = 0, offline: Bool = false) {
        self.waitingRatings = waitingRatings
        self.offline = offline
    }
}

/// Draws the kiosk's current screen on a canvas: the header with the centre's name, the screen itself,
/// a status line, the key bar, and the idle countdown over everything when it shows.
struct ScreenRenderer {
    let engine: KioskEngine
    let status: BackendStatus

    var palette: Palette { engine.palette }
    var t: Strings { engine.strings }
    var size: TerminalSize { engine.size }
    /// The left edge and width of the screen's text.
    var column: Int { 2 }
    var width: Int { min(size.width - 4, 100) }

    func render() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height, ascii: !palette.unicode)
        canvas.fill(row: 0, column: 0, width: size.width, height: size.height, style: palette.page)
        guard size.isLargeEnough else {
            let lines = TextWrap.lines(t("terminal.too_small"), width: max(1, size.width - 2))
            for (index, line) in lines.enumerated() { canvas.put(line, row: index, column: 1, style: palette.strong) }
            return canvas
        }
        drawHeader(on: &canvas)
        switch engine.screen {
        case .home: drawHome(on: &canvas)
        case .rating: drawRating(on: &canvas)
        case .thanks: drawThanks(on: &canvas)
        case .helpList: drawHelpList(on: &canvas)
        case .helpTopic(let id): drawTopic(id, on: &canvas)
        case .call: drawCall(on: &canvas)
        }
        drawStatusLine(on: &canvas)
        drawKeyBar(on: &canvas)
        if let seconds = engine.countdown { drawCountdown(seconds, on: &canvas) }
        return canvas
    }

    // MARK: - Frame

    private func drawHeader(on canvas: inout Canvas) {
        canvas.fill(row: 0, column: 0, width: size.width, height: 1, style: palette.header)
        let language = t("lang.name")
        let room = size.width - language.count - 4
        canvas.put(fitted(t(engine.profile.centre.name), room), row: 0, column: 1, style: palette.header, limit: room)
        canvas.put(language, row: 0, column: size.width - language.count - 1, style: palette.header)
    }

    private func drawStatusLine(on canvas: inout Canvas) {
        let row = size.height - 2
        var text = ""
        if let number = Int(engine.digits) {
            text = t("terminal.more_digit", ["number": String(number)])
        } else if let notice = engine.notice {
            text = t(notice.key)
        } else if status.offline && status.waitingRatings > 0 {
            text = t("error.offline", ["count": String(status.waitingRatings)])
        }
        guard !text.isEmpty else { return }
        canvas.fill(row: row, column: 0, width: size.width, height: 1, style: palette.status)
        canvas.put(text, row: row, column: 1, style: palette.status, limit: size.width - 2)
    }

    private func drawKeyBar(on canvas: inout Canvas) {
        let row = size.height - 1
        canvas.fill(row: row, column: 0, width: size.width, height: 1, style: palette.keyBar)
        let callLabel = engine.call.map { $0.status != .cancelled } == true ? t("call.active") : t("call.button")
        var keys: [(String, String)] = []
        let typing = engine.typingComment
        if typing {
            keys.append(("F1", callLabel))
            keys.append((palette.backKey, t("nav.back")))
            keys.append(
                ("Enter", engine.flow.flatMap { engine.profile.flow.step(after: $0.step, for: $0.progress) } == nil ? t("rate.send") : t("rate.next"))
            )
            keys.append(("F2", t("keys.telex")))
        } else {
            keys.append(("0", callLabel))
            if engine.screen != .home { keys.append((palette.backKey, t("nav.back"))) }
            if !engine.menu().isEmpty { keys.append(("Enter", t("terminal.enter"))) }
        }
        var x = 1
        for (key, label) in keys {
            guard x < size.width - 2 else { break }
            x += canvas.put(palette.colours ? " \(key) " : "[\(key)]", row: row, column: x, style: palette.keyBarCap)
            x += 1
            x += canvas.put(label, row: row, column: x, style: palette.keyBar, limit: size.width - x - 1)
            x += 3
        }
    }

    private func drawCountdown(_ seconds: Int, on canvas: inout Canvas) {
        let boxWidth = min(size.width - 8, 66)
        let inner = boxWidth - 4
        let lines: [(String, Bool)] =
            TextWrap.lines(t("idle.question"), width: inner).map { ($0, true) } + [("", false)]
            + TextWrap.lines(t("idle.countdown", ["seconds": String(seconds)]), width: inner).map { ($0, false) } + [("", false)]
            + TextWrap.lines(t("terminal.still_here"), width: inner).map { ($0, true) }
        let boxHeight = lines.count + 4
        let top = max(1, (size.height - boxHeight) / 2)
        let left = (size.width - boxWidth) / 2
        drawBox(on: &canvas, row: top, column: left, width: boxWidth, height: boxHeight, style: palette.overlay)
        for (index, (line, strong)) in lines.enumerated() {
            canvas.put(line, row: top + 2 + index, column: left + 2, style: strong ? palette.overlayStrong : palette.overlay)
        }
    }

    func drawBox(on canvas: inout Canvas, row: Int, column: Int, width: Int, height: Int, style: CellStyle) {
        let (topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical) = palette.box
        canvas.fill(row: row, column: column, width: width, height: height, style: style)
        let line = String(repeating: horizontal, count: max(0, width - 2))
        canvas.put(topLeft + line + topRight, row: row, column: column, style: style)
        canvas.put(bottomLeft + line + bottomRight, row: row + height - 1, column: column, style: style)
        for y in row + 1..<row + height - 1 {
            canvas.put(vertical, row: y, column: column, style: style)
            canvas.put(vertical, row: y, column: column + width - 1, style: style)
        }
    }

    // MARK: - Text

    /// Writes wrapped text from `row`; returns the row after it.
    @discardableResult
    func paragraph(_ text: String, row: Int, on canvas: inout Canvas, style: CellStyle, column: Int? = nil, width: Int? = nil) -> Int {
        var y = row
        for line in TextWrap.lines(text, width: width ?? self.width) {
            canvas.put(line, row: y, column: column ?? self.column, style: style)
            y += 1
        }
        return y
    }

    /// `text` cut to `width` characters, with an ellipsis where it was cut.
    func fitted(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > palette.ellipsis.count else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - palette.ellipsis.count)).trimmingCharacters(in: .whitespaces) + palette.ellipsis
    }

    // MARK: - Menus

    /// The key cap of choice `number` in a list of `count`: ` 1 ` in colour, `[1]` on a plain terminal.
    func keyCap(_ number: Int, count: Int) -> String {
        let digits = String(count).count
        let text = String(repeating: " ", count: digits - String(number).count) + String(number)
        return palette.colours ? " \(text) " : "[\(text)]"
    }

    /// Draws a list of numbered choices between `top` and `bottom` (exclusive); details go on a second
    /// line, or after the label when the list would not fit, and a long list shows the part around the
    /// highlight with ▲ and ▼.
    func drawMenu(_ items: [MenuItem], top: Int, bottom: Int, on canvas: inout Canvas, spaced: Bool = false) {
        guard !items.isEmpty, bottom > top else { return }
        let available = bottom - top
        var twoLines = items.contains { $0.detail != nil }
        var gap = spaced ? 1 : 0
        func height(_ item: MenuItem) -> Int { (twoLines && item.detail != nil ? 2 : 1) + gap }
        if items.map(height).reduce(0, +) - gap > available { gap = 0 }
        if items.map(height).reduce(0, +) > available { twoLines = false }
        // The window of items shown: from the first, or moved so the highlight is in it.
        var first = 0
        let selected = engine.highlight ?? 0
        func fits(from start: Int, through end: Int) -> Bool {
            items[start...end].map(height).reduce(0, +) - gap <= available - (start > 0 ? 1 : 0) - (end < items.count - 1 ? 1 : 0)
        }
        while first < selected && !fits(from: first, through: selected) { first += 1 }
        var y = top
        if first > 0 {
            canvas.put(palette.up, row: y, column: column + 2, style: palette.quiet)
            y += 1
        }
        var index = first
        while index < items.count {
            let item = items[index]
            let rows = height(item) - gap
            let reserve = index < items.count - 1 ? 1 : 0
            if y + rows > bottom - reserve && index > first { break }
            drawItem(item, number: index + 1, count: items.count, row: y, twoLines: twoLines, on: &canvas)
            y += rows + gap
            index += 1
        }
        if index < items.count {
            canvas.put(palette.down, row: min(y, bottom - 1), column: column + 2, style: palette.quiet)
        }
    }

    private func drawItem(_ item: MenuItem, number: Int, count: Int, row: Int, twoLines: Bool, on canvas: inout Canvas) {
        let highlighted = engine.highlight == number - 1
        let rows = twoLines && item.detail != nil ? 2 : 1
        let base = highlighted ? palette.highlight : palette.page
        if highlighted { canvas.fill(row: row, column: column, width: width, height: rows, style: base) }
        canvas.put(highlighted ? palette.marker : " ", row: row, column: column, style: base)
        var x = column + 2
        x += canvas.put(keyCap(number, count: count), row: row, column: x, style: highlighted ? base : palette.keyCap) + 1
        if let checked = item.checked {
            x += canvas.put(checked ? palette.checkOn : palette.checkOff, row: row, column: x, style: checked ? palette.checked : base) + 1
        }
        if let face = item.face {
            x += canvas.put(FaceArt.compact(face, unicode: palette.unicode), row: row, column: x, style: palette.face(face)) + 1
        }
        let limit = column + width - x
        let written = canvas.put(fitted(item.label, limit), row: row, column: x, style: highlighted ? base : palette.strong, limit: limit)
        guard let detail = item.detail else { return }
        let detailStyle = highlighted ? CellStyle(foreground: base.foreground, background: base.background) : palette.quiet
        if twoLines {
            canvas.put(fitted(detail, limit), row: row + 1, column: x, style: detailStyle, limit: limit)
        } else if written + 3 < limit {
            canvas.put(fitted(" – " + detail, limit - written), row: row, column: x + written, style: detailStyle, limit: limit - written)
        }
    }
}
