import ArgumentParser
import Foundation
import KioskCore
import KioskStore

extension Kiosk {
    struct VoidRating: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "Withdraw a rating from the figures, with a reason and the head's name (the rating itself stays stored).",
            discussion: """
                The void is a new row, chained like the ratings, and an entry `rating.void` of the audit log. \
                --by must name an active user with the head role. A rating is voided once; nothing undoes a void.
                """)

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Argument(help: "The rating's id (a UUID).") var ratingID: String
        @Option(help: "Why, in at least \(AppDatabase.minimumVoidReason) characters.") var reason: String
        @Option(help: "The user name of the centre head who decided it.") var by: String

        func validate() throws {
            guard UUID(uuidString: ratingID) != nil else { throw ValidationError("'\(ratingID)' is not a rating id (a UUID)") }
        }

        func run() throws {
            let database = try AppDatabase.open(directory: data.directory)
            do {
                let void = try database.void(
                    rating: UUID(uuidString: ratingID)!, reason: reason, by: by, at: Date(), timeZone: centreTimeZone(content),
                    actor: "\(CommandLineActor.current) for \(by)")
                print("rating \(void.ratingID.uuidString.lowercased()) voided by \(void.by): \(void.reason)")
            } catch let error as VoidError {
                printError("kiosk void: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}
