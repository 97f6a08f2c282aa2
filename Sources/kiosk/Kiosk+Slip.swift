import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskPrint

extension Kiosk {
    struct SlipCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slip", abstract: "Render a guidance slip of a help topic, or print it.")

        @OptionGroup var content: ContentOptions
        @Argument(help: "The topic id (a file name of kiosk-content/help/ without .md).") var topic: String
        @Option(help: "Paper: 58mm, 80mm, a6 or a4 (default: the printer's, or 80mm).") var paper: String?
        @Option(help: "Format: escpos, pdf, png or html (default: escpos for receipt paper, pdf for sheets).") var format: String?
        @Option(help: "Language: vi or en.") var lang: String = "vi"
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Option(name: .customLong("print"), help: "Print on this printer of centre.toml instead of writing a file.") var printer: String?

        func run() throws {
            let loaded = try loadContent(content)
            guard let topic = loaded.helpTopic(self.topic) else {
                let known = loaded.help.map(\.id).joined(separator: ", ")
                throw ValidationError("no help topic '\(self.topic)' (topics: \(known))")
            }
            guard let language = Language(rawValue: lang) else { throw ValidationError("--lang must be vi or en") }
            var target: PrinterConfig?
            if let printer {
                guard let config = loaded.centre.printer(printer) else {
                    throw ValidationError(
                        "no printer '\(printer)' in centre.toml (printers: \(loaded.centre.printers.map(\.id).joined(separator: ", ")))")
                }
                target = config
            }
            let chosenPaper: Paper
            if let paper {
                guard let value = Paper(rawValue: paper) else { throw ValidationError("--paper must be 58mm, 80mm, a6 or a4") }
                chosenPaper = value
            } else {
                chosenPaper = target?.paper ?? .thermal80
            }
            let chosenFormat: SlipFormat
            if let format {
                guard let value = SlipFormat(rawValue: format) else { throw ValidationError("--format must be escpos, pdf, png or html") }
                chosenFormat = value
            } else {
                chosenFormat = chosenPaper.isThermal ? .escpos : .pdf
            }
            let zone = loaded.centre.timeZone
            let slip = Slip(topic: topic, centre: loaded.centre, language: language, date: LocalDate.of(Date(), in: zone).date)
            let bytes = try SlipDocument.render(slip, paper: chosenPaper, format: chosenFormat, language: language)
            if let target {
                try PrinterJob.check(bytes, format: chosenFormat, for: target)
                do {
                    try PrinterClient().send(bytes, to: target.address)
                } catch let error as PrintError {
                    printError(error.description)
                    throw ExitCode(1)
                }
                print("sent \(bytes.count) bytes to \(target.id) (\(target.address))")
            } else {
                try writeOutput(bytes, to: out)
            }
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a file (ESC/POS or PDF) to a printer of centre.toml.")

        @OptionGroup var content: ContentOptions
        @Option(help: "The printer's id in centre.toml.") var printer: String
        @Argument(help: "The file to print.") var file: String

        func run() throws {
            let loaded = try loadContent(content)
            guard let target = loaded.centre.printer(printer) else {
                throw ValidationError(
                    "no printer '\(printer)' in centre.toml (printers: \(loaded.centre.printers.map(\.id).joined(separator: ", ")))")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let bytes = [UInt8](data)
            try PrinterJob.check(bytes, format: nil, for: target)
            do {
                try PrinterClient().send(bytes, to: target.address)
            } catch let error as PrintError {
                printError(error.description)
                throw ExitCode(1)
            }
            print("sent \(bytes.count) bytes to \(target.id) (\(target.address))")
        }
    }
}

/// Loads the content or prints its problems and exits 1.
func loadContent(_ options: ContentOptions) throws -> CentreContent {
    do {
        return try ContentLoader.load(from: options.directory)
    } catch let error as ContentError {
        printError(error.description)
        throw ExitCode(1)
    }
}
