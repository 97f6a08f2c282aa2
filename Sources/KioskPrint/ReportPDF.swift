import CPangoCairo
import Foundation
import QRCode

/// Typesets a ``ReportDocument`` on A4 pages with pango and cairo (Noto Sans, every Vietnamese glyph).
public enum ReportPDF {
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let margin = 50.0

    /// The report as A4 pages of PDF, numbered at the foot.
    /// - Throws: ``DrawingError`` when cairo fails.
    public static func render(_ document: ReportDocument) throws -> [UInt8] {
        try Cairo.pdf(width: pageWidth, height: pageHeight) { pages in
            var writer = PageWriter(cr: pages.cr)
            writer.text(document.title, size: 18, bold: true)
            for line in document.subtitle { writer.text(line, size: 10.5) }
            for section in document.sections {
                writer.gap(10)
                writer.needs(60)
                writer.text(section.heading, size: 13, bold: true)
                writer.rule()
                for paragraph in section.paragraphs { writer.text(paragraph, size: 10) }
                if let table = section.table { writer.table(table) }
            }
            writer.finish()
        }
    }

    /// Lays text out top-down and starts a new page when the next block does not fit.
    struct PageWriter {
        let cr: OpaquePointer
        var y = ReportPDF.margin
        var page = 1
        let width = ReportPDF.pageWidth - 2 * ReportPDF.margin

        init(cr: OpaquePointer) {
            self.cr = cr
            cairo_set_source_rgb(cr, 0, 0, 0)
        }

        mutating func needs(_ height: Double) {
            if y + height > ReportPDF.pageHeight - ReportPDF.margin { newPage() }
        }

        mutating func newPage() {
            footer()
            cairo_show_page(cr)
            page += 1
            y = ReportPDF.margin
        }

        mutating func finish() {
            footer()
            cairo_show_page(cr)
        }

        func footer() {
            _ = PangoText.draw(
                "\(page)", cr: cr, x: ReportPDF.margin, y: ReportPDF.pageHeight - ReportPDF.margin + 14, width: width, size: 8,
                bold: false, alignment: PANGO_ALIGN_CENTER)
        }

        mutating func gap(_ height: Double) { y += height }

        mutating func rule() {
            cairo_set_line_width(cr, 0.6)
            cairo_move_to(cr, ReportPDF.margin, y)
            cairo_line_to(cr, ReportPDF.margin + width, y)
            cairo_stroke(cr)
            y += 4
        }

        mutating func text(_ text: String, size: Double, bold: Bool = false) {
            let height = PangoText.measure(text, cr: cr, width: width, size: size, bold: bold)
            needs(height)
            y += PangoText.draw(text, cr: cr, x: ReportPDF.margin, y: y, width: width, size: size, bold: bold, alignment: PANGO_ALIGN_LEFT) + 2
        }

        mutating func table(_ table: ReportDocument.Table) {
            let count = table.columns.count
            let weights = table.widths.count == count ? table.widths : Array(repeating: 1, count: count)
            let total = weights.reduce(0, +)
            let widths = weights.map { width * $0 / total }
            func row(_ cells: [String], bold: Bool) {
                let heights = zip(cells, widths).map { PangoText.measure($0, cr: cr, width: $1 - 6, size: 9, bold: bold) }
                let height = (heights.max() ?? 12) + 4
                needs(height)
                var x = ReportPDF.margin
                for (index, (cell, cellWidth)) in zip(cells, widths).enumerated() {
                    _ = PangoText.draw(
                        cell, cr: cr, x: x + 3, y: y + 2, width: cellWidth - 6, size: 9, bold: bold,
                        alignment: index == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT)
                    x += cellWidth
                }
                y += height
                cairo_set_line_width(cr, bold ? 0.8 : 0.3)
                cairo_move_to(cr, ReportPDF.margin, y)
                cairo_line_to(cr, ReportPDF.margin + width, y)
                cairo_stroke(cr)
            }
            row(table.columns, bold: true)
            for cells in table.rows { row(cells, bold: false) }
            y += 6
        }
    }
}
