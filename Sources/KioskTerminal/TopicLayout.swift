import KioskCore
import QRCode

/// The size of the terminal in character cells.
public struct TerminalSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    /// Makes a size of `width` columns and `height` rows.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The smallest screen the kiosk is laid out for.
    public static let minimum = TerminalSize(width: 80, height: 24)

    public var isLargeEnough: Bool { width >= Self.minimum.width && height >= Self.minimum.height }

    /// The first row under the header and the number of rows above the status line and key bar.
    var contentTop: Int { 2 }
    var contentRows: Int { height - 4 }
}

/// Where the parts of a help topic go: its title, its text (scrolled), its sub-topics and its QR code
/// drawn in half blocks at the right, with the link and a caption under it.
struct TopicLayout {
    /// The QR code as half-block rows (four modules of quiet zone around it), when it is drawn.
    let qrRows: [String]?
    let qrColumn: Int
    let textColumn: Int
    let textWidth: Int
    let titleLines: [String]
    let bodyLines: [HelpText.Line]
    /// The first row and the number of rows of the scrolled text.
    let bodyTop: Int
    let bodyRows: Int
    /// The row of the "More on this" heading (sub-topics follow it), if there are sub-topics.
    let childrenTop: Int?
    /// The link written out, where the QR code cannot be drawn.
    let linkBelowTitle: Bool

    var maximumScroll: Int { max(0, bodyLines.count - bodyRows) }

    init(topic: HelpTopic, childCount: Int, language: Language, palette: Palette, size: TerminalSize) {
        let top = size.contentTop
        let rows = size.contentRows
        var qr: [String]?
        if palette.unicode, let link = topic.link, let matrix = try? QREncoder.encode(link, level: .medium) {
            let lines = matrix.terminalText().split(separator: "\n").map(String.init)
            let width = lines.first?.count ?? 0
            // The code, the link and a caption under it, beside at least 40 columns of text.
            if lines.count + 3 <= rows && width + 44 <= size.width { qr = lines }
        }
        qrRows = qr
        let qrWidth = qr?.first?.count ?? 0
        qrColumn = size.width - qrWidth - 1
        textColumn = 2
        textWidth = qr == nil ? min(size.width - 4, 100) : qrColumn - 2 - textColumn
        titleLines = TextWrap.lines(topic.title.text(in: language), width: textWidth)
        linkBelowTitle = qr == nil && topic.link != nil
        bodyLines = HelpText.lines(topic.body.text(in: language), width: textWidth, bullet: palette.bullet)

        let childRows = childCount == 0 ? 0 : childCount + 2  // a blank row, the heading, one row per sub-topic
        bodyTop = top + titleLines.count + 1 + (linkBelowTitle ? 2 : 0)
        // One row is kept for the "read on" hint under the text.
        bodyRows = max(1, top + rows - childRows - 1 - bodyTop)
        childrenTop = childCount == 0 ? nil : bodyTop + bodyRows + 2
    }
}
