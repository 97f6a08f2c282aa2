import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
    /// One label as SVG, one unit per printer dot: the QR code as whole-unit squares, each text line as
    /// `<text>` where pango broke it, stretched to pango's width so that another font cannot overflow.
    static func svg(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout) throws -> String {
        try Cairo.measuring { cr in
            let dotsPerMM = layout.isRoll ? rollDotsPerMM : sheetDotsPerMM
            let plan = try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: dotsPerMM, wholeDots: true, cr: cr)
            let width = Int(plan.width.rounded())
            let height = Int(plan.height.rounded(.up))
            var svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">\
                <clipPath id="text"><rect x="\(number(plan.textClip.x))" y="\(number(plan.textClip.y))" \
                width="\(number(plan.textClip.width))" height="\(number(plan.textClip.height))"/></clipPath>\
                <rect width="\(width)" height="\(height)" fill="#fff"/>\
                <g transform="translate(\(number(plan.qrX)) \(number(plan.qrY)))">\(symbol.svg(moduleSize: Int(plan.module)))</g>\
                <g clip-path="url(#text)" font-family="'\(SlipRenderer.fontFamily)', sans-serif" fill="#000">
                """
            for text in plan.texts {
                for line in lines(of: text, cr: cr) {
                    svg += """
                        <text x="\(number(line.x))" y="\(number(line.baseline))" font-size="\(number(text.size))"\
                        \(text.bold ? " font-weight=\"bold\"" : "") textLength="\(number(line.width))" lengthAdjust="spacingAndGlyphs" \
                        xml:space="preserve">\(SlipHTML.escape(line.text))</text>\n
                        """
                }
            }
            return svg + "</g></svg>\n"
        }
    }

    /// The lines pango made of a text: each line's characters, left edge, baseline and width.
    static func lines(of text: PlacedText, cr: OpaquePointer) -> [(text: String, x: Double, baseline: Double, width: Double)] {
        let layout = pangoLayout(text, cr: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let bytes = Array(String(cString: pango_layout_get_text(layout)).utf8)
        let iterator = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iterator) }
        var lines: [(String, Double, Double, Double)] = []
        repeat {
            let line = pango_layout_iter_get_line_readonly(iterator)!
            let start = Int(line.pointee.start_index)
            let end = min(bytes.count, start + Int(line.pointee.length))
            let characters = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let baseline = text.y + Double(pango_layout_iter_get_baseline(iterator)) / Double(PANGO_SCALE)
            if !characters.isEmpty {
                let width = naturalWidth(characters, like: text, cr: cr)
                let x = text.centred ? text.x + (text.width - width) / 2 : text.x
                lines.append((characters, x, baseline, width))
            }
        } while pango_layout_iter_next_line(iterator) != 0
        return lines
    }

    /// The width of `characters` on one line in the text's font.
    static func naturalWidth(_ characters: String, like text: PlacedText, cr: OpaquePointer) -> Double {
        var single = text
        single.text = characters
        let layout = pangoLayout(single, cr: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        pango_layout_set_width(layout, -1)
        var width: Int32 = 0
        var height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(width) / Double(PANGO_SCALE)
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
