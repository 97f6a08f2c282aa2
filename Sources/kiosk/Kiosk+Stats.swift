import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskStore

extension Kiosk {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the satisfaction figures of a period, from the rollups.",
            discussion: "Days are the centre's local days; --to is inclusive; no dates means all time.")

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "A named period: 2026-11, 2026-W48, 2026-Q3, 2026-H1, 2026, reform-2026-Q1, reform-2026-H1, reform-2026-9M, reform-2026.")
        var period: String?
        @Option(help: "First day, YYYY-MM-DD (inclusive).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD (inclusive).") var to: String?
        @Option(help: "Break down by: \(Grouping.allCases.map(\.rawValue).joined(separator: "|")).") var by: String?
        @Option(help: "Output: table, json or csv.") var format: OutputFormat = .table
        @Option(help: "Only this survey (default: every survey's main question).") var survey: String?
        @Option(help: "Figures of this question of --survey instead of its main question.") var question: String?

        func validate() throws {
            if let from, LocalDate(from) == nil { throw ValidationError("--from '\(from)' is not a day YYYY-MM-DD") }
            if let to, LocalDate(to) == nil { throw ValidationError("--to '\(to)' is not a day YYYY-MM-DD") }
            if let from = from.flatMap(LocalDate.init), let to = to.flatMap(LocalDate.init), to < from {
                throw ValidationError("--to \(to) is before --from \(from)")
            }
            if let by, Grouping(rawValue: by) == nil {
                throw ValidationError("--by '\(by)' is not one of: \(Grouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if question != nil && survey == nil { throw ValidationError("--question needs --survey") }
            if period != nil && (from != nil || to != nil) { throw ValidationError("give either --period or --from/--to, not both") }
        }

        func run() async throws {
            // The centre's own target, minimum n and cut-off; bad content is reported rather than replaced by defaults.
            let reporting = try loadContent(content).centre.reporting
            let database = try AppDatabase.open(directory: data.directory)
            let grouping = by.flatMap(Grouping.init(rawValue:))
            let report: FiguresReport
            if let named = try namedPeriod(reporting) {
                report = try await database.figures(of: named, by: grouping, reporting: reporting, survey: survey, question: question)
            } else {
                let filter = TallyFilter(from: from.flatMap(LocalDate.init), to: to.flatMap(LocalDate.init), survey: survey, question: question)
                report = try await database.figures(filter, by: grouping, reporting: reporting)
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            case .csv:
                var writer = CSVWriter(byteOrderMark: false, unixLineEnds: true)
                writer.append(texts: [
                    "key", "total", "valid", "excluded", "satisfied", "rate", "ci95_low", "ci95_high", "needed_to_target", "too_few_to_judge",
                ])
                for row in [report.overall] + (report.groups ?? []) { writer.append(Self.csvCells(row)) }
                print(writer.text, terminator: "")
            case .table:
                print(Self.table(report))
            }
        }

        /// The period of `--period`, or of `--from` and `--to` when both are given (so it can be compared).
        func namedPeriod(_ reporting: ReportingSettings) throws -> ReportingPeriod? {
            if let period {
                do {
                    return try ReportingPeriod.parse(period, settings: reporting)
                } catch let error as ReportingPeriod.ParseError {
                    throw ValidationError(error.description)
                }
            }
            if let first = from.flatMap(LocalDate.init), let last = to.flatMap(LocalDate.init) {
                return ReportingPeriod(name: "\(first)..\(last)", first: first, last: last)
            }
            return nil
        }

        /// One row of `--format csv`: the group's key as text, the figures as numbers.
        static func csvCells(_ figures: SatisfactionFigures) -> [CSVCell] {
            func decimal(_ value: Double?) -> CSVCell { value.map { .decimal($0, fractionDigits: 6) } ?? "" }
            return [
                .text(figures.key ?? "ALL"), .integer(figures.total), .integer(figures.valid), .integer(figures.excluded.values.reduce(0, +)),
                .integer(figures.satisfied), decimal(figures.rate), decimal(figures.ci95?[0]), decimal(figures.ci95?[1]),
                figures.neededToTarget.map(CSVCell.integer) ?? "", .integer(figures.tooFewToJudge ? 1 : 0),
            ]
        }

        static func table(_ report: FiguresReport) -> String {
            func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
            let span = "\(report.from?.description ?? "start") .. \(report.to?.description ?? "now")"
            var lines = [
                "Period \(report.period.map { "\($0): " } ?? "")\(span), target \(percent(report.target)), judged from n >= \(report.minimumN)"
            ]
            if let previous = report.previous {
                let change = previous.change.map { String(format: "%+.1f points", $0 * 100) } ?? "-"
                lines.append(
                    "Previous \(previous.from) .. \(previous.to): \(percent(previous.figures.rate)) (n = \(previous.figures.valid)), change \(change)"
                )
            }
            if let reasons = report.reasons, !reasons.isEmpty {
                lines.append("Reasons: " + reasons.map { "\($0.id) \($0.count)" }.joined(separator: ", "))
            }
            let header = ["", "total", "valid", "excluded", "satisfied", "rate", "95% interval", "needed"]
            var rows = [header]
            for figures in [report.overall] + (report.groups ?? []) {
                let interval = figures.ci95.map { "\(percent($0[0]))-\(percent($0[1]))" } ?? "-"
                let rate = percent(figures.rate) + (figures.tooFewToJudge && figures.rate != nil ? " (few)" : "")
                rows.append([
                    figures.key.map { $0.isEmpty ? "(none)" : $0 } ?? "all", "\(figures.total)", "\(figures.valid)",
                    "\(figures.excluded.values.reduce(0, +))", "\(figures.satisfied)", rate, interval,
                    figures.neededToTarget.map(String.init) ?? "-",
                ])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                lines.append(
                    row.enumerated().map { index, cell in
                        index == 0
                            ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[index] - cell.count) + cell
                    }.joined(separator: "  "))
            }
            return lines.joined(separator: "\n")
        }
    }
}
