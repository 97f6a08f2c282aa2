import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
    /// One label as PNG at print resolution.
    static func png(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout) throws -> [UInt8] {
        try raster(label, symbol: symbol, layout: layout).png()
    }

    /// `count` labels as one ESC/POS job, each a raster image followed by a feed and a cut.
    static func escpos(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, count: Int) throws -> [UInt8] {
        let bitmap = try raster(label, symbol: symbol, layout: layout).bitmap()
        let one = ESCPOS.raster(bitmap) + [0x0A, 0x0A, 0x0A] + ESCPOS.feedAndCut
        var job = ESCPOS.initialize + ESCPOS.centre
        job.reserveCapacity(job.count + one.count * count)
        for _ in 0..<count { job += one }
        return job
    }

    /// One label drawn on an image at print resolution.
    static func raster(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout) throws -> RasterImage {
        let dotsPerMM = layout.isRoll ? rollDotsPerMM : sheetDotsPerMM
        let plan = try Cairo.measuring { cr in
            try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: dotsPerMM, wholeDots: true, cr: cr)
        }
        let image = try RasterImage(width: Int(plan.width.rounded()), height: Int(plan.height.rounded(.up)))
        try image.draw { cr in draw(plan, on: cr) }
        return image
    }
}
