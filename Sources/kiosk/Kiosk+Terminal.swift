import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskTerminal

extension Kiosk {
    struct TerminalCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "terminal",
            abstract: "Run the resident kiosk full-screen in a text terminal (numeric keypad or keyboard).",
            discussion: """
                Ratings go to the store of --data (default: data), or with --server to a running `kiosk serve`; \
                ratings not yet sent wait in the outbox file and are sent again, in order, when the server answers. \
                Keys: digits choose, arrows move, Enter takes, Backspace or ← goes back, 0 calls staff, Ctrl-C quits. \
                Guide: docs/terminal.md
                """)

        @OptionGroup var content: ContentOptions
        @Option(help: "The data folder holding kiosk.sqlite, where ratings are stored (default: data; not with --server).")
        var data: String?
        @Option(help: "Send ratings and calls to the server at this address, e.g. http://192.168.1.10:8080.")
        var server: String?
        @Option(help: "The kiosk's token, sent as 'Authorization: Bearer …' (default: $KIOSK_TOKEN).")
        var token: String?
        @Option(help: "With --server: the SQLite file of ratings waiting to be sent (default: data/terminal-outbox.sqlite).")
        var outbox: String?
        @Option(help: "This kiosk's id in centre.toml ([[kiosks]]): its counter, questions and idle time.")
        var kiosk: String?
        @Option(help: "The language a resident starts in: vi or en.")
        var lang: String = "vi"
        @Option(help: "Seconds without a key before the idle countdown (default: the kiosk's idle_seconds).")
        var idle: Double?
        @Option(help: "The log file (default: terminal.log beside the store or the outbox).")
        var log: String?

        func validate() throws {
            if data != nil && server != nil {
                throw ValidationError("give either --data (ratings stored here) or --server (ratings sent there), not both")
            }
            if let server {
                guard let url = URL(string: server), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw ValidationError("--server must be an address such as http://192.168.1.10:8080, not '\(server)'")
                }
            } else if token != nil || outbox != nil {
                throw ValidationError("--token and --outbox go with --server")
            }
            guard Language(rawValue: lang) != nil else {
                throw ValidationError("--lang must be one of: \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let idle, !(5...3600).contains(idle) {
                throw ValidationError("--idle must be between 5 and 3600 seconds")
            }
        }

        func run() async throws {
            let loaded: CentreContent
            do {
                loaded = try ContentLoader.load(from: content.directory)
            } catch let error as ContentError {
                printError(error.description)
                printError("kiosk terminal: the content has errors; fix them (kiosk content check \(content.content)) and start again")
                throw ExitCode(1)
            }
            let environment = ProcessInfo.processInfo.environment
            let destination: TerminalKioskConfiguration.Destination
            let logFolder: URL
            if let server, let url = URL(string: server) {
                let outboxURL = URL(fileURLWithPath: outbox ?? "data/terminal-outbox.sqlite")
                destination = .server(url: url, token: token ?? environment["KIOSK_TOKEN"], outbox: outboxURL)
                logFolder = outboxURL.deletingLastPathComponent()
            } else {
                let folder = URL(fileURLWithPath: data ?? "data", isDirectory: true)
                destination = .store(directory: folder)
                logFolder = folder
            }
            var configuration = TerminalKioskConfiguration(
                destination: destination, kioskID: kiosk,
                logFile: log.map { URL(fileURLWithPath: $0) } ?? logFolder.appendingPathComponent("terminal.log"), environment: environment)
            configuration.language = Language(rawValue: lang) ?? .vi
            configuration.idleSeconds = idle
            do {
                try await TerminalKiosk.run(configuration, content: loaded)
            } catch let problem as KioskProfile.Problem {
                printError("kiosk terminal: \(problem)")
                throw ExitCode(1)
            } catch let problem as TerminalDeviceError {
                printError("kiosk terminal: \(problem)")
                throw ExitCode(1)
            }
        }
    }
}
