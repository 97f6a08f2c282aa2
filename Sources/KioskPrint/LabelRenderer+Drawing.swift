import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
    /// A pango layout of the text in the slips' font, without hyphens added at breaks (a link must read exactly).
    static func pangoLayout(_ text: PlacedText, cr: OpaquePointer) -> OpaquePointer {
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
    static func measure(_ text: PlacedText, cr: OpaquePointer) -> Double {
        let layout = pangoLayout(text, cr: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var width: Int32 = 0
        var height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(height) / Double(PANGO_SCALE)
    }

    /// Draws the label with its top-left corner at the current origin.
    static func draw(_ plan: Plan, on cr: OpaquePointer) {
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
