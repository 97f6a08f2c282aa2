import ArgumentParser
import Foundation
import KioskCore
import KioskStore

extension Kiosk {
    struct Dossiers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dossiers received per month, for the response rate and the rate of Decision 766.",
            subcommands: [Set.self, Import.self, List.self])

        /// Reads `YYYY-MM`.
        static func month(_ text: String) -> String? {
            guard text.count == 7, let day = LocalDate(text + "-01") else { return nil }
            return day.monthKey
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record the dossiers received in a month.")
            @OptionGroup var data: DataOptions
            @Argument(help: "The month, YYYY-MM.") var month: String
            @Argument(help: "How many dossiers were received.") var dossiers: Int

            func run() throws {
                guard let key = Dossiers.month(month) else { throw ValidationError("'\(month)' is not a month YYYY-MM") }
                guard (0...10_000_000).contains(dossiers) else { throw ValidationError("the dossier count must be between 0 and 10000000") }
                try AppDatabase.open(directory: data.directory).setDossierCount(month: key, dossiers: dossiers)
                print("\(key): \(dossiers) dossier(s)")
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load dossier counts from a CSV with the header month,dossiers; one bad line refuses the file.")
            @OptionGroup var data: DataOptions
            @Argument(help: "The CSV file.") var file: String

            func run() throws {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw ValidationError("cannot read \(file) as UTF-8 text")
                }
                var rows: [(String, Int)] = []
                for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
                    if line.isEmpty { continue }
                    if index == 0 {
                        guard line.replacingOccurrences(of: " ", with: "") == "month,dossiers" else {
                            printError("\(file):1: the header must be month,dossiers")
                            throw ExitCode(1)
                        }
                        continue
                    }
                    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard fields.count == 2, let month = Dossiers.month(fields[0]), let count = Int(fields[1]), count >= 0 else {
                        printError("\(file):\(index + 1): expected a month YYYY-MM and a whole number of dossiers, got '\(line)'")
                        printError("nothing was stored")
                        throw ExitCode(1)
                    }
                    rows.append((month, count))
                }
                try AppDatabase.open(directory: data.directory).setDossierCounts(rows.map { (month: $0.0, dossiers: $0.1) })
                print("\(file): \(rows.count) month(s) stored")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the dossier counts.")
            @OptionGroup var data: DataOptions

            func run() throws {
                for (month, count) in try AppDatabase.open(directory: data.directory).dossierCounts().sorted(by: { $0.key < $1.key }) {
                    print("\(month),\(count)")
                }
            }
        }
    }
}
