import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
    /// The labels as PDF: sheets fill A4 pages; on rolls one page per label, the page the label's size.
    static func pdf(_ label: ProductLabel, symbol: QRMatrix, layout: LabelLayout, count: Int) throws -> [UInt8] {
        try Cairo.pdf(width: 210 * pointsPerMM, height: 297 * pointsPerMM) { pages in
            let cr = pages.cr
            if layout.isRoll {
                // Laid out in printer dots, like the ESC/POS job, and scaled to points: the same label on paper.
                let pointsPerDot = pointsPerMM / rollDotsPerMM
                cairo_scale(cr, pointsPerDot, pointsPerDot)
                let plan = try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: rollDotsPerMM, wholeDots: true, cr: cr)
                for _ in 0..<count {
                    pages.setPageSize(width: plan.width * pointsPerDot, height: plan.height * pointsPerDot)
                    draw(plan, on: cr)
                    pages.showPage()
                }
            } else {
                let plan = try self.plan(label, symbol: symbol, layout: layout, dotsPerMM: pointsPerMM, wholeDots: false, cr: cr)
                for index in 0..<count {
                    let place = index % layout.labelsPerPage
                    if index > 0 && place == 0 { pages.showPage() }
                    cairo_save(cr)
                    cairo_translate(
                        cr, Double(place % layout.columns) * plan.width,
                        layout.topMarginMM * pointsPerMM + Double(place / layout.columns) * plan.height)
                    draw(plan, on: cr)
                    cairo_restore(cr)
                }
                pages.showPage()
            }
        }
    }
}
