import CPangoCairo

/// Collects what cairo writes to a stream (PNG or PDF bytes). Lives only for one synchronous call.
public final class CairoByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The C callback cairo calls with each chunk; `closure` is an unretained pointer to a sink.
    public static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<CairoByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}

/// Why cairo could not draw.
public struct CairoError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ status: cairo_status_t) {
        description = "drawing failed: " + String(cString: cairo_status_to_string(status))
    }
}

extension QRMatrix {
    /// Fills the quiet zone white and the dark modules black on a cairo context, each module `module`
    /// user units square, starting at the current origin.
    public func draw(on cr: OpaquePointer, module: Double) {
        let side = Double(size + 2 * Self.quietZone) * module
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, 0, 0, side, side)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                let start = x
                while x < size && self[x, y] { x += 1 }
                cairo_rectangle(
                    cr, Double(start + Self.quietZone) * module, Double(y + Self.quietZone) * module, Double(x - start) * module, module)
            }
        }
        cairo_fill(cr)
    }

    /// A PNG image, each module `moduleSize` whole pixels, with the quiet zone; no smoothing.
    public func png(moduleSize: Int) throws -> [UInt8] {
        let side = Int32((size + 2 * Self.quietZone) * moduleSize)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side)!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        draw(on: cr, module: Double(moduleSize))
        cairo_destroy(cr)
        let sink = CairoByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, CairoByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(status) }
        return sink.bytes
    }

    /// A one-page PDF, the symbol `sidePoints` points square (1 pt = 1/72 in), with the quiet zone.
    public func pdf(sidePoints: Double = 144) throws -> [UInt8] {
        let sink = CairoByteSink()
        try withExtendedLifetime(sink) {
            let surface = cairo_pdf_surface_create_for_stream(
                CairoByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), sidePoints, sidePoints)!
            let cr = cairo_create(surface)!
            draw(on: cr, module: sidePoints / Double(size + 2 * Self.quietZone))
            cairo_show_page(cr)
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(status) }
        }
        return sink.bytes
    }
}
