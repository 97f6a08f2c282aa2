import CPangoCairo
import Foundation
import KioskCore
import QRCode

/// Lays out a slip with pango and cairo: Vietnamese text shaped and wrapped with a font that has every
/// Vietnamese glyph (Noto Sans), the QR code at whole device pixels, the link under it.
public enum SlipRenderer {
    /// The font family used for every slip.
    public static let fontFamily = "Noto Sans"

    /// Sizes of one paper, in millimetres, and its raster resolution.
    struct Geometry {
        var widthMM: Double
        /// Fixed page height for sheets; `nil` for a roll (as long as the content).
        var heightMM: Double?
        var marginMM: Double
        /// Dots per millimetre when rasterised (203 dpi thermal heads ≈ 8).
        var dotsPerMM: Double
        /// Largest QR side.
        var qrMM: Double
        /// Body text size.
        var textMM: Double

        static func of(_ paper: Paper) -> Geometry {
            switch paper {
            case .thermal58: Geometry(widthMM: 48, heightMM: nil, marginMM: 1.5, dotsPerMM: 8, qrMM: 36, textMM: 3.0)
            case .thermal80: Geometry(widthMM: 72, heightMM: nil, marginMM: 2, dotsPerMM: 8, qrMM: 44, textMM: 3.4)
            case .a6: Geometry(widthMM: 105, heightMM: 148, marginMM: 8, dotsPerMM: 150 / 25.4, qrMM: 40, textMM: 3.2)
            case .a4: Geometry(widthMM: 210, heightMM: 297, marginMM: 18, dotsPerMM: 150 / 25.4, qrMM: 60, textMM: 4.4)
            }
        }
    }

    /// The printable width of a receipt roll in dots: 384 for 58 mm, 576 for 80 mm.
    public static func dotWidth(of paper: Paper) -> Int {
        paper == .thermal58 ? ESCPOS.dots58mm : ESCPOS.dots80mm
    }

    /// The slip as a one-bit image exactly the paper's dot width (receipt rolls) or the page at 150 dpi (sheets).
    public static func bitmap(_ slip: Slip, paper: Paper) throws -> Bitmap {
        try raster(slip, paper: paper).bitmap()
    }

    /// An ESC/POS print job: the whole slip, text included, as one raster image, then feed and cut.
    public static func escpos(_ slip: Slip, paper: Paper) throws -> [UInt8] {
        ESCPOS.document(try bitmap(slip, paper: paper))
    }

    /// A PNG of the slip (receipt width in dots, or the sheet at 150 dpi).
    public static func png(_ slip: Slip, paper: Paper) throws -> [UInt8] {
        try raster(slip, paper: paper).png()
    }

    /// A one-page PDF: the sheet's size for A6/A4, the roll's width and the content's length for receipts.
    public static func pdf(_ slip: Slip, paper: Paper) throws -> [UInt8] {
        let geometry = Geometry.of(paper)
        let pointsPerMM = 72 / 25.4
        let width = geometry.widthMM * pointsPerMM
        // Measure first so that a receipt PDF is exactly as long as its content.
        let height = try geometry.heightMM.map { $0 * pointsPerMM } ?? measure(slip, geometry: geometry, unitsPerMM: pointsPerMM, width: width)
        return try Cairo.pdf(width: width, height: height) { pages in
            fillWhite(pages.cr, width: width, height: height)
            _ = draw(slip, on: pages.cr, geometry: geometry, unitsPerMM: pointsPerMM, width: width, wholeModules: false)
            pages.showPage()
        }
    }

    // MARK: - Drawing

    /// Renders onto an image cropped to the content (rolls) or the page (sheets).
    private static func raster(_ slip: Slip, paper: Paper) throws -> RasterImage {
        let geometry = Geometry.of(paper)
        let width = paper.isThermal ? dotWidth(of: paper) : Int((geometry.widthMM * geometry.dotsPerMM).rounded())
        let unitsPerMM = paper.isThermal ? Double(width) / geometry.widthMM : geometry.dotsPerMM
        let height =
            try geometry.heightMM.map { Int(($0 * geometry.dotsPerMM).rounded()) }
            ?? Int(measure(slip, geometry: geometry, unitsPerMM: unitsPerMM, width: Double(width)).rounded(.up))
        guard height > 0, height < 20_000 else { throw SlipError.tooLong }
        let image = try RasterImage(width: width, height: height)
        try image.draw { cr in
            fillWhite(cr, width: Double(width), height: Double(height))
            _ = draw(slip, on: cr, geometry: geometry, unitsPerMM: unitsPerMM, width: Double(width), wholeModules: true)
        }
        return image
    }

    /// The height the slip needs, drawing it on a throwaway recording surface.
    private static func measure(_ slip: Slip, geometry: Geometry, unitsPerMM: Double, width: Double) throws -> Double {
        try Cairo.recording { cr in draw(slip, on: cr, geometry: geometry, unitsPerMM: unitsPerMM, width: width, wholeModules: true) }
    }

    static func fillWhite(_ cr: OpaquePointer, width: Double, height: Double) {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, 0, 0, width, height)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
    }

    /// Draws the slip top-down and returns the height used.
    private static func draw(_ slip: Slip, on cr: OpaquePointer, geometry: Geometry, unitsPerMM: Double, width: Double, wholeModules: Bool)
        -> Double
    {
        let margin = geometry.marginMM * unitsPerMM
        let textWidth = width - 2 * margin
        let text = geometry.textMM * unitsPerMM
        var y = margin

        y += paragraph(slip.centreName, on: cr, x: margin, y: y, width: textWidth, size: text * 0.85, bold: true, centred: true)
        y += text * 0.3
        cairo_set_line_width(cr, max(1, unitsPerMM * 0.3))
        cairo_move_to(cr, margin, y)
        cairo_line_to(cr, width - margin, y)
        cairo_stroke(cr)
        y += text * 0.6
        y += paragraph(slip.title, on: cr, x: margin, y: y, width: textWidth, size: text * 1.3, bold: true, centred: true)
        y += text * 0.6
        for (index, step) in slip.steps.enumerated() {
            y += paragraph("\(index + 1). \(step)", on: cr, x: margin, y: y, width: textWidth, size: text, bold: false, centred: false)
            y += text * 0.25
        }

        if let link = slip.link, let matrix = try? QREncoder.encode(link, level: .medium) {
            y += text * 0.5
            let modules = Double(matrix.size + 2 * QRMatrix.quietZone)
            var module = min(geometry.qrMM * unitsPerMM, textWidth) / modules
            if wholeModules { module = max(1, module.rounded(.down)) }
            let side = module * modules
            cairo_save(cr)
            cairo_translate(cr, ((width - side) / 2).rounded(.down), y.rounded(.down))
            matrix.draw(on: cr, module: module)
            cairo_restore(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            y += side.rounded(.up)
            y += paragraph(link, on: cr, x: margin, y: y, width: textWidth, size: text * 0.85, bold: false, centred: true)
        }
        y += text * 0.5
        if let source = slip.sourceLine {
            y += paragraph(source, on: cr, x: margin, y: y, width: textWidth, size: text * 0.75, bold: false, centred: true)
        }
        y += paragraph(slip.dateLine, on: cr, x: margin, y: y, width: textWidth, size: text * 0.75, bold: false, centred: true)
        return y + margin
    }

    /// Draws wrapped text and returns its height.
    private static func paragraph(_ text: String, on cr: OpaquePointer, x: Double, y: Double, width: Double, size: Double, bold: Bool, centred: Bool)
        -> Double
    {
        PangoText.draw(text, cr: cr, x: x, y: y, width: width, size: size, bold: bold, alignment: centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT)
    }
}

/// Why a slip could not be made.
public enum SlipError: Error, Sendable, CustomStringConvertible {
    /// The slip would be longer than 20,000 dots.
    case tooLong

    public var description: String {
        switch self {
        case .tooLong: "the slip is too long to print; shorten the topic's steps"
        }
    }
}
