import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskStore

extension Kiosk {
    struct DemoData: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-data", abstract: "Store realistic synthetic ratings, for demos and benchmarks.")

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "How many ratings.") var ratings: Int = 1000
        @Option(help: "Seed: the same seed makes the same ratings.") var seed: UInt64 = 1
        @Option(help: "Spread over this many days.") var days: Int = 365
        @Option(help: "Last day, YYYY-MM-DD (default: today in the centre's time zone).") var end: String?

        func validate() throws {
            guard (1...10_000_000).contains(ratings) else { throw ValidationError("--ratings must be between 1 and 10000000") }
            guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
            if let end, LocalDate(end) == nil { throw ValidationError("--end '\(end)' is not a day YYYY-MM-DD") }
        }

        func run() throws {
            let loaded = try ContentLoader.load(from: content.directory)
            let lastDay = end.flatMap(LocalDate.init) ?? LocalDate.of(Date(), in: loaded.centre.timeZone).date
            let database = try AppDatabase.open(directory: data.directory)
            let stored = try Self.store(ratings, of: loaded, seed: seed, lastDay: lastDay, days: days, in: database)
            print("\(stored) demo rating(s) stored in \(data.data) (seed \(seed), \(days) days to \(lastDay))")
        }

        /// Stores `count` demo ratings of the quick survey, `days` days up to `lastDay`, in chunks of 5,000.
        /// - Returns: how many were stored.
        static func store(_ count: Int, of content: CentreContent, seed: UInt64, lastDay: LocalDate, days: Int, in database: AppDatabase) throws
            -> Int
        {
            let generator = DemoRatings(content: content)
            let survey = content.surveys["quick"]!
            var stored = 0
            try generator.make(count: count, seed: seed, lastDay: lastDay, days: days, chunkSize: 5000) { chunk in
                stored += try database.recordAll(chunk.map { PreparedRating($0, survey: survey, timeZone: generator.timeZone) })
            }
            return stored
        }
    }
}
