import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskStore

extension Kiosk {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load ratings from NDJSON or CSV (paper forms); one bad row refuses the whole file.",
            discussion: "CSV header: \(RatingImporter.csvColumns.joined(separator: ","))")

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Argument(help: "The file to load (.ndjson/.jsonl or .csv).") var file: String

        func run() throws {
            let loaded: CentreContent
            do {
                loaded = try ContentLoader.load(from: content.directory)
            } catch let error as ContentError {
                printError(error.description)
                throw ExitCode(1)
            }
            let database = try AppDatabase.open(directory: data.directory)
            do {
                let stored = try RatingImporter(content: loaded).importFile(URL(fileURLWithPath: file), into: database)
                print("\(file): \(stored) rating(s) stored")
            } catch let failure as RatingImporter.Failure {
                printError("\(failure.description)")
                printError("nothing was stored")
                throw ExitCode(1)
            }
        }
    }
}
