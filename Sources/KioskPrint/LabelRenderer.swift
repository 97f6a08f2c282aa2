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

    // MARK: - Outputs

    /// Points per millimetre in a PDF.
    static let pointsPerMM = 72 / 25.4
    /// Dots per millimetre of sheet images (300 dpi).
    static let sheetDotsPerMM = 300 / 25.4
    /// Dots per millimetre of receipt heads (203 dpi).
    static let rollDotsPerMM = 8.0

    private static func pdf(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, count: Int) throws -> [UInt8] {
        let sink = CairoByteSink()
        try withExtendedLifetime(sink) {
            let pageWidth = 210 * pointsPerMM
            let pageHeight = 297 * pointsPerMM
            let surface = cairo_pdf_surface_create_for_stream(CairoByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), pageWidth, pageHeight)!
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            if layout.isRoll {
                // Laid out in printer dots, like the ESC/POS job, and scaled to points: the same label on paper.
                let pointsPerDot = pointsPerMM / rollDotsPerMM
                cairo_scale(cr, pointsPerDot, pointsPerDot)
                let plan = try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: rollDotsPerMM, wholeDots: true, cr: cr)
                for _ in 0..<count {
                    cairo_pdf_surface_set_size(surface, plan.width * pointsPerDot, plan.height * pointsPerDot)
                    draw(plan, on: cr)
                    cairo_show_page(cr)
                }
            } else {
                let plan = try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: pointsPerMM, wholeDots: false, cr: cr)
                for index in 0..<count {
                    let place = index % layout.labelsPerPage
                    if index > 0 && place == 0 { cairo_show_page(cr) }
                    cairo_save(cr)
                    cairo_translate(
                        cr, Double(place % layout.columns) * plan.width,
                        layout.topMarginMM * pointsPerMM + Double(place / layout.columns) * plan.height)
                    draw(plan, on: cr)
                    cairo_restore(cr)
                }
                cairo_show_page(cr)
            }
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw LabelError.drawing(String(cString: cairo_status_to_string(status))) }
        }
        return sink.bytes
    }

    private static func png(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout) throws -> [UInt8] {
        try withRaster(label, symbol: symbol, layout: layout) { surface, _, _ in try SlipRenderer.writePNG(surface) }
    }

    private static func escpos(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, count: Int) throws -> [UInt8] {
        let bitmap = try withRaster(label, symbol: symbol, layout: layout) { surface, width, height in
            SlipRenderer.bitmap(of: surface, width: width, height: height)
        }
        let one = ESCPOS.raster(bitmap) + [0x0A, 0x0A, 0x0A] + ESCPOS.feedAndCut
        var job = ESCPOS.initialize + ESCPOS.centre
        job.reserveCapacity(job.count + one.count * count)
        for _ in 0..<count { job += one }
        return job
    }

    /// Draws one label on an image surface at print resolution and hands it to `body`.
    private static func withRaster<T>(
        _ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, _ body: (OpaquePointer, Int, Int) throws -> T
    ) throws -> T {
        let dotsPerMM = layout.isRoll ? rollDotsPerMM : sheetDotsPerMM
        let plan = try withScratchContext { cr in
            try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: dotsPerMM, wholeDots: true, cr: cr)
        }
        let width = Int(plan.width.rounded())
        let height = Int(plan.height.rounded(.up))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        draw(plan, on: cr)
        cairo_destroy(cr)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw LabelError.drawing(String(cString: cairo_status_to_string(status))) }
        return try body(surface, width, height)
    }

    /// A context on a one-pixel image surface: text measured on it has the metrics of image surfaces.
    private static func withScratchContext<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        return try body(cr)
    }

    // MARK: - SVG

    /// One label as SVG, one unit per printer dot: the QR code as whole-unit squares, each text line as
    /// `<text>` where pango broke it, stretched to pango's width so that another font cannot overflow.
    private static func svg(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout) throws -> String {
        try withScratchContext { cr in
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
                        xml:space="preserve">\(escapeXML(line.text))</text>\n
                        """
                }
            }
            return svg + "</g></svg>\n"
        }
    }

    /// The lines pango made of a text: each line's characters, left edge, baseline and width.
    private static func lines(of text: PlacedText, cr: OpaquePointer) -> [(text: String, x: Double, baseline: Double, width: Double)] {
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
    private static func naturalWidth(_ characters: String, like text: PlacedText, cr: OpaquePointer) -> Double {
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

    private static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: - Layout

    /// A line of text at its place: the top-left of its box, the wrapping width, the font size, in the plan's units.
    struct PlacedText {
        enum Role { case name, stars, producer, address, detail, link }

        var role: Role
        var text: String
        var size: Double
        var centred: Bool
        var x: Double = 0
        var y: Double = 0
        var width: Double = 0

        var bold: Bool { role == .name }
        /// The link breaks anywhere; other text between words.
        var anywhere: Bool { role == .link }
    }

    /// One label laid out in one unit (points or dots), its origin at the label's top-left corner.
    struct Plan {
        var width: Double
        var height: Double
        var symbol: QRMatrix
        /// The top-left corner of the symbol's quiet zone.
        var qrX: Double
        var qrY: Double
        var module: Double
        var texts: [PlacedText]
        /// Text never leaves this rectangle: the label less its padding.
        var textClip: (x: Double, y: Double, width: Double, height: Double)
    }

    /// Sizes of one layout in millimetres.
    struct Style {
        /// White kept inside the label's edges.
        var padding: Double
        /// Sheets: the largest share of the inner width the QR code takes. Rolls: the largest QR side in mm.
        var qrLimit: Double
        var name: Double
        var stars: Double
        var producer: Double
        /// Size of the producer's address, or `nil` where there is no room for it.
        var address: Double?
        var detail: Double
        var link: Double

        static func of(_ layout: LabelLayout) -> Style {
            switch layout {
            case .a4_3x8: Style(padding: 3, qrLimit: 0.46, name: 3.4, stars: 3.0, producer: 2.5, address: nil, detail: 2.5, link: 1.6)
            case .a4_2x5: Style(padding: 3, qrLimit: 0.42, name: 4.8, stars: 4.2, producer: 3.4, address: 2.8, detail: 3.4, link: 2.2)
            case .roll58: Style(padding: 1.5, qrLimit: 40, name: 4.2, stars: 3.8, producer: 3.1, address: 2.6, detail: 3.1, link: 2.3)
            case .roll80: Style(padding: 2, qrLimit: 48, name: 4.8, stars: 4.2, producer: 3.4, address: 2.8, detail: 3.4, link: 2.5)
            }
        }
    }

    /// The smallest module a phone reliably reads off a label, in millimetres (2 dots of a 203 dpi head).
    static let minimumModuleMM = 0.25
    /// Text is never set smaller than this, nor the link smaller than ``minimumLinkMM``.
    static let minimumTextMM = 1.6
    static let minimumLinkMM = 1.2

    /// The QR symbol of a label at level Q.
    private static func symbol(for label: ProductLabel, layout: LabelLayout) throws -> QRMatrix {
        do {
            return try QREncoder.encode(label.uri, level: .quartile)
        } catch QRCodeError.tooLong(let bytes, _) {
            throw LabelError.linkTooLong(bytes: bytes, layout: layout)
        } catch {
            throw LabelError.drawing("\(error)")
        }
    }

    /// The texts of a label in order, unplaced, at the style's sizes (in millimetres).
    private static func texts(of label: ProductLabel, style: Style, centred: Bool) -> [PlacedText] {
        var texts = [PlacedText(role: .name, text: label.name, size: style.name, centred: centred)]
        if let stars = label.starsLine { texts.append(PlacedText(role: .stars, text: stars, size: style.stars, centred: centred)) }
        texts.append(PlacedText(role: .producer, text: label.producerName, size: style.producer, centred: centred))
        if let address = style.address, !label.producerAddress.isEmpty {
            texts.append(PlacedText(role: .address, text: label.producerAddress, size: address, centred: centred))
        }
        texts.append(PlacedText(role: .detail, text: label.batchLine, size: style.detail, centred: centred))
        texts.append(PlacedText(role: .detail, text: label.producedLine, size: style.detail, centred: centred))
        if let expires = label.expiresLine { texts.append(PlacedText(role: .detail, text: expires, size: style.detail, centred: centred)) }
        texts.append(PlacedText(role: .link, text: label.uri, size: style.link, centred: centred))
        return texts
    }

    /// Lays out one label in units of `dotsPerMM`, measuring text on `cr`.
    /// - Parameter wholeDots: QR modules and the symbol's corner on whole units (raster output).
    static func plan(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, dotsPerMM: Double, wholeDots: Bool, cr: OpaquePointer) throws
        -> Plan
    {
        let style = Style.of(layout)
        let unit = dotsPerMM
        let padding = style.padding * unit
        let side = Double(symbol.size)
        let quiet = Double(QRMatrix.quietZone)
        let snap: (Double) -> Double = { wholeDots ? $0.rounded(.down) : $0 }
        let onDots: (Double) -> Double = { wholeDots ? $0.rounded() : $0 }
        let width = layout.isRoll ? Double(SlipRenderer.dotWidth(of: layout.paper!)) : onDots(layout.labelWidthMM * unit)

        if layout.isRoll {
            // QR centred on top, its quiet zone inside the label; the text centred under it.
            var module = min(style.qrLimit * unit, width) / (side + 2 * quiet)
            module = snap(module)
            guard module >= minimumModuleMM * unit * 0.999 else { throw LabelError.linkTooLong(bytes: label.uri.utf8.count, layout: layout) }
            let box = (side + 2 * quiet) * module
            let qrX = snap((width - box) / 2)
            var y = box
            var texts = Self.texts(of: label, style: style, centred: true)
            for index in texts.indices {
                texts[index].size *= unit
                texts[index].x = padding
                texts[index].width = width - 2 * padding
                y += texts[index].size * (index == 0 ? 0.1 : 0.3)
                texts[index].y = y
                y += measure(texts[index], cr: cr)
            }
            let height = (y + padding).rounded(.up)
            guard height < 300 * unit else { throw LabelError.drawing("the label is longer than 30 cm; shorten the product's name") }
            return Plan(
                width: width, height: height, symbol: symbol, qrX: qrX, qrY: 0, module: module, texts: texts,
                textClip: (padding, box, width - 2 * padding, height - padding - box))
        }

        // Sheets: QR left, as tall as the label allows; text right, shrunk until it fits.
        let height = onDots(layout.labelHeightMM! * unit)
        let innerWidth = width - 2 * padding
        let innerHeight = height - 2 * padding
        var module = min(innerHeight / side, height / (side + 2 * quiet), style.qrLimit * innerWidth / side)
        module = snap(module)
        guard module >= minimumModuleMM * unit * 0.999 else { throw LabelError.linkTooLong(bytes: label.uri.utf8.count, layout: layout) }
        // The dark modules keep at least the padding, and at least the quiet zone, from every edge.
        let symbolX = snap(max(padding, quiet * module))
        let symbolY = snap((height - side * module) / 2)
        let textX = symbolX + side * module + max(quiet * module, 2 * unit)
        let area = (x: textX, y: padding, width: width - padding - textX, height: innerHeight)
        let texts = fit(Self.texts(of: label, style: style, centred: false), in: area, unit: unit, cr: cr)
        return Plan(
            width: width, height: height, symbol: symbol, qrX: symbolX - quiet * module, qrY: symbolY - quiet * module, module: module,
            texts: texts, textClip: area)
    }

    /// Places a sheet label's texts in `area` at the largest scale at which they fit: the name kept to
    /// three lines and the producer to two (shortened with "…"), the address left out before the text
    /// gets small; the link at the bottom.
    private static func fit(_ texts: [PlacedText], in area: (x: Double, y: Double, width: Double, height: Double), unit: Double, cr: OpaquePointer)
        -> [PlacedText]
    {
        func scaled(_ texts: [PlacedText], by scale: Double) -> [PlacedText] {
            texts.map { text in
                var text = text
                let minimum = text.anywhere ? minimumLinkMM : minimumTextMM
                text.size = max(minimum, text.size * scale) * unit
                text.x = area.x
                text.width = area.width
                return text
            }
        }
        func limited(_ texts: [PlacedText]) -> [PlacedText] {
            texts.map { text in
                guard let lines = [PlacedText.Role.name: 3, .producer: 2][text.role] else { return text }
                var line = text
                line.text = "A"
                let limit = Double(lines) * measure(line, cr: cr) + 0.01 * unit
                guard measure(text, cr: cr) > limit else { return text }
                var shorter = text
                shorter.text = shortened(text, toHeight: limit, cr: cr)
                return shorter
            }
        }
        func gap(_ texts: [PlacedText], _ index: Int) -> Double {
            index == 0 ? 0 : texts[index].size * (texts[index].anywhere ? 0.5 : 0.22)
        }
        func heights(_ texts: [PlacedText]) -> [Double] { texts.map { measure($0, cr: cr) } }
        func total(_ texts: [PlacedText], _ heights: [Double]) -> Double {
            heights.reduce(0, +) + texts.indices.reduce(0) { $0 + gap(texts, $1) }
        }
        func place(_ texts: [PlacedText], _ heights: [Double]) -> [PlacedText] {
            var placed = texts
            var y = area.y
            for index in placed.indices {
                y += gap(placed, index)
                placed[index].y = y
                y += heights[index]
            }
            // The link sits at the bottom of the area when there is room.
            if let last = placed.indices.last, total(placed, heights) <= area.height {
                placed[last].y = area.y + area.height - heights[last]
            }
            return placed
        }

        var candidates: [(texts: [PlacedText], smallest: Double)] = [(texts, 0.6)]
        if let address = texts.firstIndex(where: { $0.role == .address }) {
            var without = texts
            without.remove(at: address)
            candidates = [(texts, 0.8), (without, 0.6)]
        }
        for (candidate, smallest) in candidates {
            for scale in stride(from: 1.2, through: smallest - 0.001, by: -0.05) {
                let sized = limited(scaled(candidate, by: scale))
                let measured = heights(sized)
                if total(sized, measured) <= area.height { return place(sized, measured) }
            }
        }

        // Still too long at the smallest size: shorten the name, then the producer, to fit; clipped at worst.
        var sized = limited(scaled(candidates.last!.texts, by: 0.6))
        for index in [PlacedText.Role.name, .producer].compactMap({ role in sized.firstIndex { $0.role == role } }) {
            let measured = heights(sized)
            let overflow = total(sized, measured) - area.height
            guard overflow > 0 else { break }
            sized[index].text = shortened(sized[index], toHeight: max(0, measured[index] - overflow), cr: cr)
        }
        return place(sized, heights(sized))
    }

    /// The text cut after a word (after a character when even the first word is too long) and ended with
    /// "…", as long as it stays at most `limit` high.
    private static func shortened(_ text: PlacedText, toHeight limit: Double, cr: OpaquePointer) -> String {
        func fits(_ candidate: String) -> Bool {
            var shorter = text
            shorter.text = candidate
            return measure(shorter, cr: cr) <= limit
        }
        /// The largest count in `range` for which `make` fits (the lower bound when none does).
        func longest(_ range: ClosedRange<Int>, _ make: (Int) -> String) -> Int {
            var low = range.lowerBound
            var high = range.upperBound
            while low < high {
                let middle = (low + high + 1) / 2
                if fits(make(middle)) { low = middle } else { high = middle - 1 }
            }
            return low
        }
        let words = text.text.split(separator: " ")
        let byWords: (Int) -> String = { words.prefix($0).joined(separator: " ") + "…" }
        if words.count > 1 && fits(byWords(1)) {
            return byWords(longest(1...words.count - 1, byWords))
        }
        let characters = Array(text.text)
        let byCharacters: (Int) -> String = { String(characters.prefix($0)) + "…" }
        return byCharacters(longest(1...max(1, characters.count - 1), byCharacters))
    }

    // MARK: - Drawing

    /// A pango layout of the text in the slips' font, without hyphens added at breaks (a link must read exactly).
    private static func pangoLayout(_ text: PlacedText, cr: OpaquePointer) -> OpaquePointer {
        let layout = PangoText.layout(
            text.text, cr: cr, width: text.width, size: text.size, bold: text.bold, alignment: text.centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT)
        if text.anywhere { pango_layout_set_wrap(layout, PANGO_WRAP_CHAR) }
        let attributes = pango_attr_list_new()!
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        return layout
    }

    /// The height the text takes in the plan's units.
    private static func measure(_ text: PlacedText, cr: OpaquePointer) -> Double {
        let layout = pangoLayout(text, cr: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var width: Int32 = 0
        var height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(height) / Double(PANGO_SCALE)
    }

    /// Draws the label with its top-left corner at the current origin.
    private static func draw(_ plan: Plan, on cr: OpaquePointer) {
        cairo_save(cr)
        SlipRenderer.fillWhite(cr, width: plan.width, height: plan.height)
        cairo_save(cr)
        cairo_translate(cr, plan.qrX, plan.qrY)
        plan.symbol.draw(on: cr, module: plan.module)
        cairo_restore(cr)
        cairo_rectangle(cr, plan.textClip.x, plan.textClip.y, plan.textClip.width, plan.textClip.height)
        cairo_clip(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for text in plan.texts {
            let layout = pangoLayout(text, cr: cr)
            cairo_move_to(cr, text.x, text.y)
            pango_cairo_show_layout(cr, layout)
            g_object_unref(UnsafeMutableRawPointer(layout))
        }
        cairo_restore(cr)
    }
}
