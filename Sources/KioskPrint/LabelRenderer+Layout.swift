import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
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
    static func symbol(for label: ProductLabel, layout: LabelLayout) throws -> QRMatrix {
        do {
            return try QREncoder.encode(label.uri, level: .quartile)
        } catch QRCodeError.tooLong(let bytes, _) {
            throw LabelError.linkTooLong(bytes: bytes, layout: layout)
        }
    }

    /// The texts of a label in order, unplaced, at the style's sizes (in millimetres).
    static func texts(of label: ProductLabel, style: Style, centred: Bool) -> [PlacedText] {
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
            guard height < 300 * unit else { throw LabelError.tooLong }
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
}
