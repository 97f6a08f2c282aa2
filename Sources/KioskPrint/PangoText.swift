import CPangoCairo

/// Wrapped text drawn with pango on a cairo context, in the slips' and reports' font.
enum PangoText {
    static func layout(_ text: String, cr: OpaquePointer, width: Double, size: Double, bold: Bool, alignment: PangoAlignment) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cr)!
        let font = pango_font_description_new()!
        pango_font_description_set_family(font, SlipRenderer.fontFamily)
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(font, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_text(layout, text.precomposedStringWithCanonicalMapping, -1)
        return layout
    }

    static func measure(_ text: String, cr: OpaquePointer, width: Double, size: Double, bold: Bool) -> Double {
        let layout = layout(text, cr: cr, width: width, size: size, bold: bold, alignment: PANGO_ALIGN_LEFT)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        return Double(h)
    }

    static func draw(_ text: String, cr: OpaquePointer, x: Double, y: Double, width: Double, size: Double, bold: Bool, alignment: PangoAlignment)
        -> Double
    {
        let layout = layout(text, cr: cr, width: width, size: size, bold: bold, alignment: alignment)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        return Double(h)
    }
}
