import ArgumentParser
import Foundation
import HummingbirdBcrypt
import KioskStore

extension Kiosk {
    struct UserCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage staff accounts.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a person; the password is read from standard input (one line).")

            @OptionGroup var data: DataOptions
            @Argument(help: "Sign-in name (letters, digits, '.', '_', '-').") var name: String
            @Option(help: "Role: staff, head or admin.") var role: String = "staff"

            func run() throws {
                guard let role = Role(rawValue: role) else { throw ValidationError("--role must be staff, head or admin") }
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw ValidationError("no password on standard input; pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | kiosk user add ...")
                }
                guard line.count >= 10 else { throw ValidationError("the password must have at least 10 characters") }
                let database = try AppDatabase.open(directory: data.directory)
                do {
                    try database.addUser(name: name, role: role, passwordHash: Bcrypt.hash(line, cost: 12))
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
                print("user \(name) added with role \(role.rawValue)")
            }
        }
    }
}
