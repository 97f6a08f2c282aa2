import CPangoCairo
import QRCode

extension QRMatrix {
    /// Fills the quiet zone white and the dark modules black on a cairo context, each module `module`
    /// user units square, starting at the current origin.
    func draw(on cr: OpaquePointer, module: Double) {
        let side = Double(size + 2 * Self.quietZone) * module
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, 0, 0, side, side)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && self[x, y] { x += 1 }
                cairo_rectangle(
                    cr, Double(start + Self.quietZone) * module, Double(y + Self.quietZone) * module, Double(x - start) * module, module)
            }
        }
        cairo_fill(cr)
    }

    /// A PNG image, each module `moduleSize` whole pixels, with the quiet zone; no smoothing.
    /// - Throws: ``DrawingError`` when cairo fails.
    public func png(moduleSize: Int) throws -> [UInt8] {
        let side = (size + 2 * Self.quietZone) * moduleSize
        let image = try RasterImage(width: side, height: side)
        try image.draw { cr in
            cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
            draw(on: cr, module: Double(moduleSize))
        }
        return try image.png()
    }

    /// A one-page PDF, the symbol `sidePoints` points square (1 pt = 1/72 in), with the quiet zone.
    /// - Throws: ``DrawingError`` when cairo fails.
    public func pdf(sidePoints: Double = 144) throws -> [UInt8] {
        try Cairo.pdf(width: sidePoints, height: sidePoints) { pages in
            draw(on: pages.cr, module: sidePoints / Double(size + 2 * Self.quietZone))
            pages.showPage()
        }
    }
}
