import ArgumentParser
import Foundation
import KioskCore
import KioskStore

extension Kiosk {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the audit log: sign-ins, exports, voids, user and kiosk changes, retention sweeps (newest first).")

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "Only entries from this local day (YYYY-MM-DD) or time (RFC 3339) on.") var since: String?
        @Option(help: "Only this action and the ones under it (login also shows login.failed).") var action: String?
        @Option(help: "At most this many entries.") var limit: Int = 200
        @Option(help: "Output: table or json.") var format: OutputFormat = .table

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
            if let since, LocalDate(since) == nil, RFC3339.parse(since) == nil {
                throw ValidationError("--since '\(since)' is neither a day YYYY-MM-DD nor a time such as 2026-11-24T08:00:00+07:00")
            }
        }

        func run() throws {
            let zone = centreTimeZone(content)
            let start = since.flatMap { LocalDate($0)?.start(in: zone) ?? RFC3339.parse($0) }
            let database = try AppDatabase.open(directory: data.directory)
            let events = try database.auditLog(limit: limit, actionPrefix: action, since: start)
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .custom { date, encoder in
                    var container = encoder.singleValueContainer()
                    try container.encode(RFC3339.format(date, in: zone))
                }
                print(String(decoding: try encoder.encode(events), as: UTF8.self))
            case .table:
                // One entry, one line: a line break stored in a name or a detail is shown escaped.
                let rows = events.map {
                    [RFC3339.format($0.at, in: zone), $0.action, $0.actor ?? "-", $0.address ?? "-", $0.detail ?? ""].map(ControlCharacters.escaped)
                }
                let header = ["at", "action", "actor", "address", "detail"]
                let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
                for row in [header] + rows {
                    let padded = (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    print((padded + [row[4]]).joined(separator: "  ").trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }
}
