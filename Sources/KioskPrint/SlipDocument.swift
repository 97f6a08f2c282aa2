import KioskCore

/// One entry point for every slip format, so the CLI and the staff page make the same bytes.
public enum SlipDocument {
    /// The bytes of `slip` in `format` for `paper`; `language` is used by the HTML page.
    /// - Throws: when the slip cannot be rendered in that format.
    public static func render(_ slip: Slip, paper: Paper, format: SlipFormat, language: Language) throws -> [UInt8] {
        switch format {
        case .escpos: try SlipRenderer.escpos(slip, paper: paper)
        case .pdf: try SlipRenderer.pdf(slip, paper: paper)
        case .png: try SlipRenderer.png(slip, paper: paper)
        case .html: Array(SlipHTML.render(slip, paper: paper, language: language).utf8)
        }
    }

    /// The format a printer takes: ESC/POS on receipt paper, PDF for sheets (through CUPS).
    public static func format(for printer: PrinterConfig) -> SlipFormat {
        printer.paper.isThermal ? .escpos : .pdf
    }
}

/// Checks that a job suits its printer before it is sent.
public enum PrinterJob {
    /// A job that does not suit its printer, with the sentence that says why.
    public struct Mismatch: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// - Throws: ``Mismatch`` when a receipt printer would get a PDF or HTML, or a sheet printer ESC/POS.
    public static func check(_ job: [UInt8], format: SlipFormat?, for printer: PrinterConfig) throws {
        let isPDF = job.starts(with: Array("%PDF".utf8))
        let isText = job.starts(with: Array("<!doctype".utf8)) || job.starts(with: Array("<".utf8))
        if printer.paper.isThermal && (isPDF || isText || format == .png) {
            throw Mismatch(
                description: "printer \(printer.id) takes ESC/POS (\(printer.paper.rawValue) receipts); make the file with --format escpos")
        }
        if !printer.paper.isThermal && !isPDF {
            throw Mismatch(description: "printer \(printer.id) prints \(printer.paper.rawValue) sheets from PDF; make the file with --format pdf")
        }
    }
}
