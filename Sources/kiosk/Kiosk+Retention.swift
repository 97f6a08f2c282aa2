import ArgumentParser
import Foundation
import KioskCore
import KioskStore

extension Kiosk {
    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove comments and help calls older than the centre's comment_retention_days.", subcommands: [Run.self])

        struct Run: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run the retention sweep now (the server runs it each night; use this from cron or after a long stop).")

            @OptionGroup var data: DataOptions
            @OptionGroup var content: ContentOptions
            @Flag(help: "Run even though no rating was received in the last 60 days (after checking the box's clock).")
            var clockChecked = false

            func run() throws {
                let loaded = try loadContent(content)
                let days = loaded.centre.privacy.commentRetentionDays
                let database = try AppDatabase.open(directory: data.directory)
                let result: RetentionResult
                do {
                    result = try database.runRetention(
                        keepingDays: days, now: Date(), timeZone: loaded.centre.timeZone, actor: CommandLineActor.current, clockChecked: clockChecked)
                } catch let error as RetentionError {
                    printError("kiosk retention run: \(error)")
                    throw ExitCode(1)
                }
                print(
                    "retention: \(result.comments) comment(s) removed, \(result.helpCalls) help call(s) deleted (kept from \(result.keptFrom), \(days) days)"
                )
            }
        }
    }
}
