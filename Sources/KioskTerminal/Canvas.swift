/// How a cell is drawn: colours from the 256-colour palette (or the terminal's own), bold, reverse.
public struct CellStyle: Sendable, Hashable {
    public var foreground: UInt8?
    public var background: UInt8?
    public var bold: Bool

    /// Makes a style; `nil` colours are the terminal's own.
    public init(foreground: UInt8? = nil, background: UInt8? = nil, bold: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
    }

    /// The terminal's own colours.
    public static let plain = CellStyle()
}

/// One character cell of the screen.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: CellStyle

    /// Makes a cell holding `character` drawn in `style`.
    public init(_ character: Character, style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    public static let blank = Cell(" ")
}

/// A whole screen drawn in memory, written to the terminal in one go.
///
/// Every character takes one cell (Vietnamese in NFC, box drawing and half blocks all do). On an ASCII
/// terminal every text put on the canvas is transliterated first, so nothing else can reach it.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Whether only ASCII may be drawn.
    public let ascii: Bool
    private var cells: [Cell]

    /// Makes a blank canvas; negative sizes count as 0, and with `ascii` every text is transliterated to ASCII.
    public init(width: Int, height: Int, ascii: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ascii = ascii
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set {
            guard row >= 0, row < height, column >= 0, column < width else { return }
            cells[row * width + column] = newValue
        }
    }

    /// The cells of one row.
    public func row(_ row: Int) -> ArraySlice<Cell> { cells[row * width..<(row + 1) * width] }

    /// Writes `text` from `column` on `row`, clipped to `limit` cells and to the canvas.
    /// - Returns: the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard row >= 0, row < height else { return 0 }
        let shown = ascii ? Transliteration.ascii(text) : text
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in shown where character != "\n" {
            guard x < end else { break }
            if x >= 0 { self[row, x] = Cell(character, style: style) }
            x += 1
        }
        return max(0, x - column)
    }

    /// Paints a rectangle in `style` with spaces.
    public mutating func fill(row: Int, column: Int, width: Int, height: Int, style: CellStyle) {
        for y in row..<row + height {
            for x in column..<column + width { self[y, x] = Cell(" ", style: style) }
        }
    }

    /// Changes the style of the cells of a rectangle, keeping their characters.
    public mutating func restyle(row: Int, column: Int, width: Int, style: CellStyle) {
        for x in column..<column + width where row >= 0 && row < height && x >= 0 && x < self.width {
            self[row, x].style = style
        }
    }

    /// The characters of a row without trailing spaces.
    public func text(ofRow row: Int) -> String {
        var line = String(self.row(row).map(\.character))
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole screen as text, one line per row (for tests and plain captures).
    public var text: String { (0..<height).map(text(ofRow:)).joined(separator: "\n") }
}
