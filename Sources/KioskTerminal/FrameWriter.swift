/// Turns canvases into what the terminal is sent: only the rows that changed since the last frame, each
/// written over in place (cursor to the row's start, its cells, colours only where they change). Nothing is
/// ever cleared, so nothing flickers; after a resize every row is written again, whole.
struct FrameWriter {
    /// Whether colour escape sequences may be sent.
    let colours: Bool
    private var previous: [String] = []
    private var previousSize: (Int, Int)?

    init(colours: Bool) {
        self.colours = colours
    }

    /// Forgets the last frame, so that the next one is written whole (after the screen was disturbed).
    mutating func invalidate() {
        previous = []
        previousSize = nil
    }

    /// The bytes that bring the terminal from the last frame to `canvas` (empty when nothing changed).
    mutating func update(to canvas: Canvas) -> String {
        let rows = (0..<canvas.height).map { encode(row: $0, of: canvas) }
        let resized = previousSize.map { $0 != (canvas.width, canvas.height) } ?? true
        var out = ""
        for (index, row) in rows.enumerated() where resized || index >= previous.count || previous[index] != row {
            out += "\u{1B}[\(index + 1);1H" + row
        }
        previous = rows
        previousSize = (canvas.width, canvas.height)
        return out
    }

    /// One row: its characters, with an SGR sequence wherever the style changes.
    func encode(row: Int, of canvas: Canvas) -> String {
        var out = ""
        var current: CellStyle?
        for cell in canvas.row(row) {
            if colours && cell.style != current {
                out += Self.sgr(cell.style)
                current = cell.style
            }
            out.append(cell.character)
        }
        if colours { out += "\u{1B}[0m" }
        return out
    }

    static func sgr(_ style: CellStyle) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if let foreground = style.foreground { codes.append("38;5;\(foreground)") }
        if let background = style.background { codes.append("48;5;\(background)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
