import Foundation
import KioskCore
import KioskOCOP

/// Where traceability labels are printed: a sheet of common self-adhesive label paper, or a receipt roll.
public enum LabelLayout: String, CaseIterable, Sendable {
    /// A4 sheet of 24 labels, 3 × 8, each 70 × 37 mm, no gaps, 0.5 mm top and bottom margins.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case a4_3x8 = "a4-3x8"
    /// A4 sheet of 10 labels, 2 × 5, each 105 × 57 mm, no gaps, 6 mm top and bottom margins.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case a4_2x5 = "a4-2x5"
    /// 58 mm receipt roll: 48 mm (384 dots) printable, one label after another.
    case roll58 = "58mm"
    /// 80 mm receipt roll: 72 mm (576 dots) printable.
    case roll80 = "80mm"

    /// Whether labels go on a receipt roll (one label per page, as long as its content).
    public var isRoll: Bool { self == .roll58 || self == .roll80 }

    /// The width of one label in millimetres (the printable width on rolls).
    public var labelWidthMM: Double {
        switch self {
        case .a4_3x8: 70
        case .a4_2x5: 105
        case .roll58: 48
        case .roll80: 72
        }
    }

    /// The height of one label in millimetres; `nil` on rolls, where a label is as long as its content.
    public var labelHeightMM: Double? {
        switch self {
        case .a4_3x8: 37
        case .a4_2x5: 57
        case .roll58, .roll80: nil
        }
    }

    /// Labels across a sheet (1 on rolls).
    public var columns: Int {
        switch self {
        case .a4_3x8: 3
        case .a4_2x5: 2
        case .roll58, .roll80: 1
        }
    }

    /// Labels down a sheet (1 on rolls).
    public var rows: Int {
        switch self {
        case .a4_3x8: 8
        case .a4_2x5: 5
        case .roll58, .roll80: 1
        }
    }

    /// The margin above the first row of a sheet, in millimetres (the same is left below the last).
    public var topMarginMM: Double {
        switch self {
        case .a4_3x8: 0.5
        case .a4_2x5: 6
        case .roll58, .roll80: 0
        }
    }

    /// Labels on one page.
    public var labelsPerPage: Int { columns * rows }

    /// The receipt paper of a roll layout; `nil` for sheets.
    var paper: Paper? {
        switch self {
        case .roll58: .thermal58
        case .roll80: .thermal80
        case .a4_3x8, .a4_2x5: nil
        }
    }
}

/// The files a label can be made as.
public enum LabelFormat: String, CaseIterable, Sendable {
    /// Every layout, any number of labels.
    case pdf
    /// One label at print resolution.
    case png
    /// Receipt rolls only: the labels as raster images, each followed by a cut.
    case escpos
    /// One label, one unit per printer dot.
    case svg
}

/// What a traceability label of one batch shows: the product, its stars, its producer, the batch and its
/// dates, and the Digital Link carried by the QR code.
public struct ProductLabel: Sendable, Equatable {
    /// The product's name in the label's language (Vietnamese when there is no English name).
    public var name: String
    /// OCOP stars; `nil` for a product without certificate, or whose certificate ended before the batch was made.
    public var stars: Int?
    public var producerName: String
    public var producerAddress: String
    /// The batch id as printed (not percent-encoded).
    public var batch: String
    public var produced: LocalDate
    public var expires: LocalDate?
    /// The GS1 Digital Link the QR code carries.
    public var uri: String
    public var language: Language

    /// The label of `batch` of `product`.
    /// - Parameter uri: the batch's Digital Link, as `try product.link(batch: batch).uri(base: ...)` gives it.
    public init(product: OCOPProduct, batch: OCOPBatch, uri: String, language: Language = .vi) {
        name = product.name.text(in: language).precomposedStringWithCanonicalMapping
        // A batch made while the certificate was valid carries its stars; one made after it ended does not.
        stars = product.certificate.flatMap { $0.expires < batch.produced ? nil : $0.stars }
        producerName = product.producer.name.precomposedStringWithCanonicalMapping
        producerAddress = product.producer.address.precomposedStringWithCanonicalMapping
        self.batch = batch.id
        produced = batch.produced
        expires = batch.expires
        self.uri = uri
        self.language = language
    }

    /// "★★★★ OCOP", or `nil` without stars.
    var starsLine: String? {
        stars.map { String(repeating: "★", count: $0) + " OCOP" }
    }

    /// "Lô / Batch: L2026-11" (Vietnamese labels name it in both languages) or "Batch: L2026-11".
    var batchLine: String {
        (language == .vi ? "Lô / Batch: " : "Batch: ") + batch
    }

    /// "NSX: 20/11/2026" or "Produced: 20/11/2026".
    var producedLine: String {
        (language == .vi ? "NSX: " : "Produced: ") + Self.day(produced)
    }

    /// "HSD: 20/11/2028" or "Best before: 20/11/2028"; `nil` without expiry date.
    var expiresLine: String? {
        expires.map { (language == .vi ? "HSD: " : "Best before: ") + Self.day($0) }
    }

    /// dd/MM/yyyy.
    static func day(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }
}

/// Why labels could not be made; every case says what to do instead.
public enum LabelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The count is outside 1...1000.
    case countOutOfRange(Int)
    /// A PNG or SVG was asked for more than one label.
    case oneLabelPerFile(format: LabelFormat, layout: LabelLayout, count: Int)
    /// ESC/POS was asked for a sheet layout.
    case escposNeedsRoll(LabelLayout)
    /// The printer holds paper no label layout fits (A6 sheets).
    case noLayout(printer: String, paper: Paper)
    /// The link makes a QR code too dense to scan at the label's size.
    case linkTooLong(bytes: Int, layout: LabelLayout)
    /// The label would be longer than 30 cm (a roll label with a very long name).
    case tooLong

    /// The most labels one job makes.
    public static let maximumCount = 1000

    public var description: String {
        switch self {
        case .countOutOfRange(let count):
            "a job makes 1 to \(Self.maximumCount) labels, not \(count); choose --count between 1 and \(Self.maximumCount)"
        case .oneLabelPerFile(let format, let layout, let count):
            layout.isRoll
                ? "\(format.rawValue) holds one label; use pdf or escpos for --count \(count)"
                : "\(format.rawValue) holds one label; use pdf for --count \(count) (a sheet of \(layout.labelsPerPage) per page)"
        case .escposNeedsRoll:
            "escpos prints on 58mm or 80mm rolls; choose --layout 58mm or 80mm"
        case .noLayout(let printer, let paper):
            "printer \(printer) holds \(paper.rawValue) sheets, which no label layout fits; print labels on an a4 or receipt printer"
        case .linkTooLong(let bytes, let layout):
            "a link of \(bytes) bytes makes a QR code too dense to scan on a \(layout.rawValue) label; shorten [traceability] base_url or choose a larger layout"
        case .tooLong:
            "the label is longer than 30 cm; shorten the product's name"
        }
    }
}
