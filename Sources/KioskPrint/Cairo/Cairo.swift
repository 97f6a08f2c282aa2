import CPangoCairo
import QRCode

/// Why cairo could not draw a document or an image: the one drawing error of KioskPrint.
public struct DrawingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ status: cairo_status_t) {
        description = "drawing failed: " + String(cString: cairo_status_to_string(status))
    }

    init(_ message: String) {
        description = "drawing failed: \(message)"
    }

    /// Throws when `surface` is in an error state.
    static func check(_ surface: OpaquePointer) throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw DrawingError(status) }
    }
}

/// KioskPrint's one door to cairo surfaces: PDF documents written to bytes, images in memory, and
/// contexts to measure text on. Contexts and surfaces live only for the call that made them.
enum Cairo {
    /// A PDF whose pages start `width`×`height` points, drawn by `body`; the bytes once it is finished.
    /// - Throws: ``DrawingError`` when cairo fails, or what `body` throws.
    static func pdf(width: Double, height: Double, _ body: (PDFPages) throws -> Void) throws -> [UInt8] {
        let sink = ByteSink()
        try withExtendedLifetime(sink) {
            guard let surface = cairo_pdf_surface_create_for_stream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), width, height)
            else { throw DrawingError("cairo made no PDF surface") }
            defer { cairo_surface_destroy(surface) }
            try DrawingError.check(surface)
            try withContext(on: surface) { cr in try body(PDFPages(surface: surface, cr: cr)) }
            cairo_surface_finish(surface)
            try DrawingError.check(surface)
        }
        return sink.bytes
    }

    /// Runs `body` with a context on a one-pixel image: text measured on it has the metrics of images.
    static func measuring<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try RasterImage(width: 1, height: 1).draw(body)
    }

    /// Runs `body` with a context on a surface that keeps nothing: for measuring what a drawing needs.
    static func recording<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        guard let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, nil) else { throw DrawingError("cairo made no recording surface") }
        defer { cairo_surface_destroy(surface) }
        return try withContext(on: surface, body)
    }

    /// Runs `body` with a new context on `surface` and checks the surface afterwards.
    static func withContext<T>(on surface: OpaquePointer, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let cr = cairo_create(surface) else { throw DrawingError("cairo made no context") }
        defer { cairo_destroy(cr) }
        let result = try body(cr)
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw DrawingError(status) }
        try DrawingError.check(surface)
        return result
    }

    /// Collects what cairo writes to a stream. Lives only for one synchronous call.
    final class ByteSink {
        private(set) var bytes: [UInt8] = []

        /// The C callback cairo calls with each chunk; `closure` is an unretained pointer to a sink.
        static let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
    }
}

/// The pages of a PDF being drawn: its context, the next page's size, the end of a page.
struct PDFPages {
    let surface: OpaquePointer
    /// The context every page is drawn on.
    let cr: OpaquePointer

    /// Sets the size, in points, of the page drawn next.
    func setPageSize(width: Double, height: Double) {
        cairo_pdf_surface_set_size(surface, width, height)
    }

    /// Ends the page; drawing goes on on a new one.
    func showPage() {
        cairo_show_page(cr)
    }
}
