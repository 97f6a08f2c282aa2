import ArgumentParser
import Foundation
import HummingbirdBcrypt
import KioskStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Kiosk {
    struct UserCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Manage staff accounts (whoever runs this has the shell, and with it the data folder).",
            subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a person; the password is read from standard input (one line, at least 10 characters).")

            @OptionGroup var data: DataOptions
            @Argument(help: "Sign-in name (letters, digits, '.', '_', '-').") var name: String
            @Option(help: "Role: staff, head or admin.") var role: String = "staff"

            func run() throws {
                guard let role = Role(rawValue: role) else { throw ValidationError("--role must be staff, head or admin") }
                let password = try PasswordInput.read(for: "kiosk user add")
                let database = try AppDatabase.open(directory: data.directory)
                do {
                    try database.addUser(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: 12), actor: CommandLineActor.current)
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
                print("user \(name) added with role \(role.rawValue)")
            }
        }

        struct Passwd: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a person's password (read from standard input); ends their sessions and lifts a sign-in lock.")

            @OptionGroup var data: DataOptions
            @Argument(help: "Sign-in name.") var name: String

            func run() throws {
                let password = try PasswordInput.read(for: "kiosk user passwd")
                let database = try AppDatabase.open(directory: data.directory)
                do {
                    try database.setPassword(of: name, passwordHash: Bcrypt.hash(password, cost: 12), actor: CommandLineActor.current)
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
                print("password of \(name) changed; their sessions have ended")
            }
        }

        struct Disable: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop a person from signing in; ends their sessions at once.")

            @OptionGroup var data: DataOptions
            @Argument(help: "Sign-in name.") var name: String

            func run() throws {
                do {
                    try AppDatabase.open(directory: data.directory).setDisabled(true, name: name, actor: CommandLineActor.current)
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
                print("user \(name) disabled; their sessions have ended")
            }
        }

        struct Enable: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Let a disabled person sign in again.")

            @OptionGroup var data: DataOptions
            @Argument(help: "Sign-in name.") var name: String

            func run() throws {
                do {
                    try AppDatabase.open(directory: data.directory).setDisabled(false, name: name, actor: CommandLineActor.current)
                } catch let error as UserError {
                    throw ValidationError(error.description)
                }
                print("user \(name) enabled")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List every person: name, role, whether disabled, last sign-in.")

            @OptionGroup var data: DataOptions

            func run() throws {
                let users = try AppDatabase.open(directory: data.directory).users()
                let stamp = DateFormatter()
                stamp.locale = Locale(identifier: "en_US_POSIX")
                stamp.dateFormat = "yyyy-MM-dd HH:mm"
                let rows =
                    [["NAME", "ROLE", "DISABLED", "LAST LOGIN"]]
                    + users.map { [$0.name, $0.role.rawValue, $0.disabled ? "yes" : "no", $0.lastLogin.map { stamp.string(from: $0) } ?? "never"] }
                let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    print(
                        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                            .trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }
}

/// A password typed by a person: never an argument (it would show in `ps` and the shell's history).
enum PasswordInput {
    static let minimumLength = UserAccount.minimumPasswordLength

    /// Reads one line from standard input; at a terminal asks twice, without echoing.
    /// - Throws: `ValidationError` when there is no password, it is shorter than 10 characters, or the two differ.
    static func read(for command: String) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            let first = try silentLine(prompt: "Password (at least \(minimumLength) characters): ")
            let second = try silentLine(prompt: "Again: ")
            guard first == second else { throw ValidationError("the two passwords differ; nothing was changed") }
            password = first
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        guard !password.isEmpty else {
            throw ValidationError("no password on standard input; pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | \(command) ...")
        }
        guard password.count >= minimumLength else { throw ValidationError("the password must have at least \(minimumLength) characters") }
        return password
    }

    /// One line typed at the terminal with echo turned off.
    private static func silentLine(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
