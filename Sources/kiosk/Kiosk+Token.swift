import ArgumentParser
import Foundation
import KioskStore

extension Kiosk {
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read-only API tokens for integrations (GET /api/v1/stats).", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a token; it is printed once and stored only as a hash.")
            @OptionGroup var data: DataOptions
            @Argument(help: "A name for the token (who uses it).") var name: String
            @Option(help: "Role: head, staff or admin.") var role: String = "head"

            func run() throws {
                guard let role = Role(rawValue: role) else { throw ValidationError("--role must be head, staff or admin") }
                do {
                    let secret = try AppDatabase.open(directory: data.directory).createToken(name: name, role: role, actor: CommandLineActor.current)
                    print(secret)
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")
            @OptionGroup var data: DataOptions

            func run() throws {
                for token in try AppDatabase.open(directory: data.directory).tokens() {
                    print("\(token.name)\t\(token.role.rawValue)\t\(token.revoked ? "revoked" : "live")")
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
            @OptionGroup var data: DataOptions
            @Argument(help: "The token's name.") var name: String

            func run() throws {
                guard try AppDatabase.open(directory: data.directory).revokeToken(name: name, actor: CommandLineActor.current) else {
                    throw ValidationError("no live token named '\(name)'")
                }
                print("token \(name) revoked")
            }
        }
    }
}
