import ArgumentParser
import Foundation
import KioskPrint
import QRCode

extension Kiosk {
    struct QR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qr", abstract: "Make a QR code as SVG, PNG, PDF, terminal text, ESC/POS or PBM.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case svg, png, pdf, txt, escpos, pbm }
        // The levels are named as the QR standard names them, and typed so on the command line (--ec M).
        // swift-format-ignore: AlwaysUseLowerCamelCase
        enum Level: String, ExpressibleByArgument, CaseIterable { case L, M, Q, H }

        /// Image sizes a request may ask for, in pixels (points for PDF).
        static let sizes = 32...4096

        @Option(help: "Output format: svg, png, pdf, txt, escpos or pbm.") var format: Format = .svg
        @Option(help: "Error correction: L (7 %), M (15 %), Q (25 %) or H (30 %).") var ec: Level = .M
        @Option(help: "Image side in pixels (PDF: points), \(sizes.lowerBound)–\(sizes.upperBound); modules stay whole pixels.")
        var size: Int = 256
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Flag(help: "Terminal text for a light-on-dark terminal.") var lightOnDark = false
        @Argument(help: "The text to encode; '-' reads standard input.") var text: String

        func validate() throws {
            guard Self.sizes.contains(size) else {
                throw ValidationError("--size must be between \(Self.sizes.lowerBound) and \(Self.sizes.upperBound), not \(size)")
            }
        }

        func run() throws {
            var payload = text
            if text == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                guard data.count <= 8192 else { throw ValidationError("standard input holds \(data.count) bytes; a QR code holds at most 2953") }
                payload = String(decoding: data, as: UTF8.self)
                if payload.hasSuffix("\n") { payload.removeLast() }
            }
            let level: ErrorCorrection =
                switch ec {
                case .L: .low
                case .M: .medium
                case .Q: .quartile
                case .H: .high
                }
            let matrix: QRMatrix
            do {
                matrix = try QREncoder.encode(payload, level: level)
            } catch let error as QRCodeError {
                throw ValidationError(error.description)
            }
            let module = matrix.moduleSize(fitting: size)
            let bytes: [UInt8]
            switch format {
            case .svg: bytes = Array(matrix.svg(moduleSize: module).utf8)
            case .png: bytes = try matrix.png(moduleSize: module)
            case .pdf: bytes = try matrix.pdf(sidePoints: Double(size))
            case .txt: bytes = Array(matrix.terminalText(lightOnDark: lightOnDark).utf8)
            case .escpos: bytes = ESCPOS.document(matrix.bitmap(moduleSize: min(module, ESCPOS.dots80mm / (matrix.size + 8))))
            case .pbm: bytes = matrix.bitmap(moduleSize: module).pbm()
            }
            try writeOutput(bytes, to: out)
        }
    }
}

/// Writes bytes to a file, or to standard output when `path` is `nil` or `-`.
func writeOutput(_ bytes: [UInt8], to path: String?) throws {
    if let path, path != "-" {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    } else {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
