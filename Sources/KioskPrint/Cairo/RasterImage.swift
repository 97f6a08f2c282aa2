import CPangoCairo
import QRCode

/// An RGB image in memory, `width`×`height` pixels, freed with the value.
final class RasterImage {
    let surface: OpaquePointer
    let width: Int
    let height: Int

    /// - Throws: ``DrawingError`` when cairo cannot make the image (a size it refuses, no memory).
    init(width: Int, height: Int) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw DrawingError("cairo made no image")
        }
        self.surface = surface
        self.width = width
        self.height = height
        try DrawingError.check(surface)
    }

    deinit { cairo_surface_destroy(surface) }

    /// Draws on the image with a new context.
    func draw<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try Cairo.withContext(on: surface, body)
    }

    /// The image as PNG.
    func png() throws -> [UInt8] {
        let sink = Cairo.ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, Cairo.ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw DrawingError(status) }
        return sink.bytes
    }

    /// The image as one bit per pixel: dark pixels black.
    func bitmap() throws -> Bitmap {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw DrawingError("the image has no pixels") }
        var bitmap = Bitmap(width: width, height: height)
        for y in 0..<height {
            let row = data + y * stride
            for x in 0..<width {
                // RGB24: blue, green, red, unused, little-endian.
                let pixel = row + x * 4
                let luminance = (Int(pixel[2]) * 299 + Int(pixel[1]) * 587 + Int(pixel[0]) * 114) / 1000
                if luminance < 140 { bitmap[x, y] = true }
            }
        }
        return bitmap
    }
}
