import ArgumentParser
import Foundation
import KioskCore
import KioskPrint
import KioskStore

extension Kiosk.OCOP {
    struct Labels: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In tem truy xuất của một lô: mã QR Digital Link, tên, sao OCOP, cơ sở, NSX, HSD (traceability labels of a batch).",
            discussion: """
                Layouts: a4-3x8 (24 labels of 70 × 37 mm), a4-2x5 (10 of 105 × 57 mm), 58mm and 80mm receipt rolls. \
                Formats: pdf (any layout and count), png and svg (one label), escpos (rolls). \
                With --printer the job suits the printer's paper: ESC/POS on a receipt roll, an a4-3x8 PDF on an A4 printer.
                """)

        @OptionGroup var registry: RegistryOptions
        @Argument(help: "The product's id or GTIN.") var product: String
        @Option(help: "The batch the labels are for.") var batch: String
        @Option(help: "How many labels, 1–\(LabelError.maximumCount).") var count = 1
        @Option(help: "a4-3x8, a4-2x5, 58mm or 80mm (default a4-3x8; with --printer, the printer's paper).") var layout: String?
        @Option(help: "pdf, png, escpos or svg (default pdf; with --printer, the printer's kind).") var format: String?
        @Option(help: "Language of the label: vi or en.") var lang = "vi"
        @Option(help: "Write to this file; '-' writes to standard output.") var out: String?
        @Option(help: "Send to this printer of centre.toml instead.") var printer: String?

        func run() throws {
            try runRegistryCommand {
                guard (out == nil) != (printer == nil) else {
                    throw RegistryFailure("give --out FILE (or --out - for standard output) or --printer ID, one of the two")
                }
                let chosenLayout = try layout.map { text in
                    guard let value = LabelLayout(rawValue: text) else {
                        throw RegistryFailure("--layout must be \(LabelLayout.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                    }
                    return value
                }
                let chosenFormat = try format.map { text in
                    guard let value = LabelFormat(rawValue: text) else {
                        throw RegistryFailure("--format must be \(LabelFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                    }
                    return value
                }
                guard let language = Language(rawValue: lang) else { throw RegistryFailure("--lang must be vi or en, not '\(lang)'") }

                let centre = try registry.centre()
                let target = try printer.map { id in
                    guard let config = centre.printer(id) else {
                        throw RegistryFailure("no printer '\(id)' in centre.toml (printers: \(centre.printers.map(\.id).joined(separator: ", ")))")
                    }
                    return config
                }
                let base = try registry.baseURL(override: nil)
                let database = try registry.database()
                let product = try database.registeredProduct(self.product)
                let batch = try database.registeredBatch(self.batch, of: product)
                let label = ProductLabel(product: product, batch: batch, uri: try product.link(batch: batch).uri(base: base), language: language)

                guard let target else {
                    let bytes = try LabelRenderer.render(label, layout: chosenLayout ?? .a4_3x8, format: chosenFormat ?? .pdf, count: count)
                    try writeOutput(bytes, to: out)
                    if let out, out != "-" {
                        print("\(out): \(count) tem lô \(batch.id) của \(product.id) (\(count) label(s), \(bytes.count) bytes)")
                    }
                    return
                }
                let job: [UInt8]
                if chosenLayout == nil && chosenFormat == nil {
                    job = try LabelRenderer.printJob(label, count: count, for: target)
                } else {
                    if let chosenFormat, chosenFormat != .pdf && chosenFormat != .escpos {
                        throw RegistryFailure("a printer takes pdf or escpos, not \(chosenFormat.rawValue)")
                    }
                    let layout = chosenLayout ?? (target.paper == .thermal58 ? .roll58 : target.paper == .thermal80 ? .roll80 : .a4_3x8)
                    job = try LabelRenderer.render(label, layout: layout, format: chosenFormat ?? (layout.isRoll ? .escpos : .pdf), count: count)
                    try PrinterJob.check(job, format: nil, for: target)
                }
                try PrinterClient().send(job, to: target.address)
                print("Đã gửi \(count) tem lô \(batch.id) tới \(target.id) (sent \(job.count) bytes to \(target.address))")
            }
        }
    }
}
