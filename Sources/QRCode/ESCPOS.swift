/// ESC/POS commands for receipt printers: images as `GS v 0` raster, cut into bands for printers that
/// take only so many lines at once.
public enum ESCPOS {
    /// Common paper widths in printer dots at 203 dpi.
    public static let dots58mm = 384
    public static let dots80mm = 576
    /// Lines per `GS v 0` band; some printers take no more than 255.
    public static let defaultBandHeight = 255

    /// `ESC @`: resets the printer.
    public static let initialize: [UInt8] = [0x1B, 0x40]
    /// `ESC a 1`: centres what follows.
    public static let centre: [UInt8] = [0x1B, 0x61, 0x01]
    /// `GS V 66 0`: feeds to the cutter and cuts (partial cut where supported).
    public static let feedAndCut: [UInt8] = [0x1D, 0x56, 0x42, 0x00]

    /// `GS v 0` raster commands for `bitmap`, one per band of at most `bandHeight` lines.
    public static func raster(_ bitmap: Bitmap, bandHeight: Int = defaultBandHeight) -> [UInt8] {
        precondition(bandHeight > 0, "a band has at least one line")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(bitmap.bytes.count + 8 * (bitmap.height / bandHeight + 1))
        let widthBytes = bitmap.bytesPerRow
        for start in stride(from: 0, to: bitmap.height, by: bandHeight) {
            let lines = min(bandHeight, bitmap.height - start)
            bytes += [0x1D, 0x76, 0x30, 0x00, UInt8(widthBytes & 0xFF), UInt8(widthBytes >> 8), UInt8(lines & 0xFF), UInt8(lines >> 8)]
            bytes += bitmap.bytes[start * widthBytes..<(start + lines) * widthBytes]
        }
        return bytes
    }

    /// A whole print job: reset, centre, the image in bands, feed and cut.
    public static func document(_ bitmap: Bitmap, bandHeight: Int = defaultBandHeight, cut: Bool = true) -> [UInt8] {
        initialize + centre + raster(bitmap, bandHeight: bandHeight) + [0x0A, 0x0A, 0x0A] + (cut ? feedAndCut : [])
    }

    /// The images of a job's `GS v 0` commands, stacked in order (for checking what a printer received).
    /// Bytes between commands are skipped; a truncated command ends the reading.
    public static func rasterImage(from job: [UInt8]) -> Bitmap? {
        var bands: [Bitmap] = []
        var index = 0
        while index + 8 <= job.count {
            guard job[index] == 0x1D, job[index + 1] == 0x76, job[index + 2] == 0x30 else { index += 1; continue }
            let widthBytes = Int(job[index + 4]) | Int(job[index + 5]) << 8
            let lines = Int(job[index + 6]) | Int(job[index + 7]) << 8
            let start = index + 8
            guard widthBytes > 0, lines > 0, start + widthBytes * lines <= job.count else { break }
            var band = Bitmap(width: widthBytes * 8, height: lines)
            for y in 0..<lines {
                for x in 0..<widthBytes * 8 where job[start + y * widthBytes + x / 8] & (0x80 >> UInt8(x % 8)) != 0 {
                    band[x, y] = true
                }
            }
            bands.append(band)
            index = start + widthBytes * lines
        }
        guard let first = bands.first else { return nil }
        var image = Bitmap(width: first.width, height: bands.reduce(0) { $0 + $1.height })
        var y = 0
        for band in bands {
            for row in 0..<band.height {
                for x in 0..<min(band.width, image.width) where band[x, row] { image[x, y + row] = true }
            }
            y += band.height
        }
        return image
    }
}
