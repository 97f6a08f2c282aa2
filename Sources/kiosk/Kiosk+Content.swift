import ArgumentParser
import Foundation
import KioskContent

extension Kiosk {
    struct ContentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "content", abstract: "Work with the kiosk-content folder.", subcommands: [Check.self])

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the content; prints one 'path:line: message' per problem and exits 1 on any error.",
                discussion: """
                    Warnings name what works but should be fixed, among them every placeholder of the sample content still in \
                    place (example.vn addresses, the "Nội dung mẫu" notice, the sample telephone number and officers). \
                    With --strict a warning fails the check too: run it so before a centre opens.
                    """)

            @Argument(help: "The content folder.") var directory: String = "kiosk-content"
            @Flag(help: "Treat warnings (sample placeholders among them) as errors.") var strict = false

            func run() throws {
                let result = ContentLoader.check(URL(fileURLWithPath: directory, isDirectory: true))
                for problem in result.problems { print(problem.description) }
                let errors = result.errors.count
                let warnings = result.problems.count - errors
                if errors > 0 || (strict && warnings > 0) {
                    printError("\(errors) error(s), \(warnings) warning(s)")
                    throw ExitCode(1)
                }
                print("\(directory): content is valid (\(warnings) warning(s))")
            }
        }
    }
}
