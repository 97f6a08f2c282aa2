import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskPrint
import KioskStore

extension Kiosk {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The satisfaction report of a period (quarterly, 6-month, annual) as PDF, CSV, HTML or JSON.")

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "The period: 2026-Q3, 2026-H1, 2026, reform-2026-Q1, reform-2026-H1, reform-2026-9M, reform-2026, 2026-11, …")
        var period: String
        @Option(help: "Format: pdf, csv (UTF-8 with BOM, for Excel), html or json.") var format: String = "pdf"
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            guard PeriodReport.formats.contains(format) else { throw ValidationError("--format must be pdf, csv, html or json") }
            let loaded = try loadContent(content)
            let named: ReportingPeriod
            do {
                named = try ReportingPeriod.parse(period, settings: loaded.centre.reporting)
            } catch let error as ReportingPeriod.ParseError {
                throw ValidationError(error.description)
            }
            let database = try AppDatabase.open(directory: data.directory)
            let report = try await PeriodReport(period: named, content: loaded, database: database)
            try writeOutput(try report.render(format), to: out)
            try database.audit(AuditEvent(action: "export.report", actor: CommandLineActor.current, detail: "\(named.name) \(format)", at: Date()))
        }
    }
}
