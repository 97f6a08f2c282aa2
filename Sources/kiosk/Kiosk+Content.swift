import ArgumentParser
import Foundation
import KioskContent

extension Kiosk {
    struct ContentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "content", abstract: "Work with the kiosk-content folder.", subcommands: [Check.self])

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the content; prints one 'path:line: message' per problem and exits 1 on any error.")

            @Argument(help: "The content folder.") var directory: String = "kiosk-content"

            func run() throws {
                let result = ContentLoader.check(URL(fileURLWithPath: directory, isDirectory: true))
                for problem in result.problems { print(problem.description) }
                let errors = result.errors.count
                let warnings = result.problems.count - errors
                if errors > 0 {
                    printError("\(errors) error(s), \(warnings) warning(s)")
                    throw ExitCode(1)
                }
                print("\(directory): content is valid (\(warnings) warning(s))")
            }
        }
    }
}
