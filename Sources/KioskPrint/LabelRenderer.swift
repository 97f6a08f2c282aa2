import CPangoCairo
import Foundation
import KioskCore
import QRCode

/// Lays out OCOP traceability labels with pango and cairo: the QR code (level Q) beside the text on
/// sheets, above it on rolls, with the text shrunk, wrapped or shortened until it fits its label.
public enum LabelRenderer {
    /// Makes `count` copies of a label.
    ///
    /// - pdf: every layout; sheets fill left to right, top to bottom, with more pages as needed; on rolls
    ///   one page per label, the page the label's size.
    /// - escpos: 58mm and 80mm only, the labels one after another, each followed by a feed and a cut.
    /// - png, svg: exactly one label at print resolution (rolls 203 dpi in whole dots, sheets 300 dpi).
    /// - Throws: ``LabelError`` for a count outside 1...1000, a format that cannot hold the count or
    ///   the layout, or a link too long for the label.
    public static func render(_ label: ProductLabel, layout: LabelLayout, format: LabelFormat, count: Int = 1) throws -> [UInt8] {
        guard (1...LabelError.maximumCount).contains(count) else { throw LabelError.countOutOfRange(count) }
        if format == .escpos && !layout.isRoll { throw LabelError.escposNeedsRoll(layout) }
        if (format == .png || format == .svg) && count != 1 {
            throw LabelError.oneLabelPerFile(format: format, layout: layout, count: count)
        }
        let symbol = try symbol(for: label, layout: layout)
        switch format {
        case .pdf: return try pdf(label, symbol: symbol, layout: layout, count: count)
        case .png: return try png(label, symbol: symbol, layout: layout)
        case .svg: return Array(try svg(label, symbol: symbol, layout: layout).utf8)
        case .escpos: return try escpos(label, symbol: symbol, layout: layout, count: count)
        }
    }

    /// The job for a printer of `centre.toml`: ESC/POS on its roll for receipt printers, an `a4-3x8`
    /// PDF sheet for A4 printers.
    /// - Throws: ``LabelError/noLayout(printer:paper:)`` for an A6 printer, and what ``render(_:layout:format:count:)`` throws.
    public static func printJob(_ label: ProductLabel, count: Int, for printer: PrinterConfig) throws -> [UInt8] {
        let job: [UInt8]
        switch printer.paper {
        case .thermal58: job = try render(label, layout: .roll58, format: .escpos, count: count)
        case .thermal80: job = try render(label, layout: .roll80, format: .escpos, count: count)
        case .a4: job = try render(label, layout: .a4_3x8, format: .pdf, count: count)
        case .a6: throw LabelError.noLayout(printer: printer.id, paper: printer.paper)
        }
        try PrinterJob.check(job, format: nil, for: printer)
        return job
    }

    /// Points per millimetre in a PDF.
    static let pointsPerMM = 72 / 25.4
    /// Dots per millimetre of sheet images (300 dpi).
    static let sheetDotsPerMM = 300 / 25.4
    /// Dots per millimetre of receipt heads (203 dpi).
    static let rollDotsPerMM = 8.0
}
