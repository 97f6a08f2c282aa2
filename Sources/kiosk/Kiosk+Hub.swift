import ArgumentParser
import Foundation
import Hummingbird
import KioskContent
import KioskCore
import KioskHub
import KioskHubClient
import KioskStore
import Logging

/// Options of every command that talks to the hub's PostgreSQL.
struct HubDatabaseOptions: ParsableArguments {
    @Option(help: "The hub's PostgreSQL: postgres://USER[:PASSWORD]@HOST:PORT/DATABASE[?sslmode=require] (default: $KIOSK_HUB_POSTGRES).")
    var postgres: String?

    func configuration() throws -> HubConfiguration {
        guard let url = postgres ?? ProcessInfo.processInfo.environment["KIOSK_HUB_POSTGRES"], !url.isEmpty else {
            throw ValidationError("give the hub's PostgreSQL with --postgres postgres://USER@HOST:PORT/DATABASE (or KIOSK_HUB_POSTGRES)")
        }
        return HubConfiguration(postgresURL: url)
    }
}

/// The push settings of `kiosk serve --hub-url --hub-token-file` (both or neither).
func hubPushSettings(url: String?, tokenFile: String?) throws -> HubPushSettings? {
    switch (url, tokenFile) {
    case (nil, nil): return nil
    case (let url?, let file?):
        guard let address = URL(string: url), ["http", "https"].contains(address.scheme ?? "") else {
            throw ValidationError("--hub-url '\(url)' is not an http:// or https:// address")
        }
        do {
            return try HubPushSettings(url: address, tokenFile: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("--hub-token-file \(file): \(error)")
        }
    default: throw ValidationError("--hub-url and --hub-token-file go together: give both, or neither to push nowhere")
    }
}

extension Kiosk {
    struct Hub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hub",
            abstract: "The city hub on PostgreSQL: every centre's ratings in one place, the city's figures (docs/hub.md).",
            subcommands: [Run.self, Centres.self, Readers.self, Push.self], defaultSubcommand: Run.self)

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "serve", abstract: "Run the hub: the push API, /hub/v1/stats and the city dashboard /hub/.")

            @OptionGroup var database: HubDatabaseOptions
            @Option(help: "Address to listen on.") var host = "127.0.0.1"
            @Option(help: "Port to listen on; 0 picks a free port.") var port = 8090
            @Option(help: "The city's satisfaction target.") var target = 0.95
            @Option(help: "Below this many valid ratings a rate is too few to judge.") var minN = 30
            @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
            @Option(help: "The city's time zone, for the default period and the dashboard's times.") var timeZone = "Asia/Ho_Chi_Minh"
            @OptionGroup var connections: HTTPLimitOptions

            func run() async throws {
                var configuration = try database.configuration()
                configuration.host = host
                configuration.port = port
                configuration.http = try connections.limits()
                guard target > 0, target <= 1 else { throw ValidationError("--target must be above 0 and at most 1 (0.95 for 95 %)") }
                guard minN >= 1 else { throw ValidationError("--min-n must be at least 1") }
                configuration.reporting = ReportingSettings(target: target, minimumN: minN)
                guard let zone = TimeZone(identifier: timeZone) else {
                    throw ValidationError("--time-zone '\(timeZone)' is not a time zone name like Asia/Ho_Chi_Minh")
                }
                configuration.timeZone = zone
                guard let level = Logger.Level(rawValue: logLevel) else {
                    throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.logLevel = level
                LoggingSystem.bootstrapEscaping(level: level)
                let app = try await buildHubApplication(
                    configuration,
                    onServerRunning: { port in
                        FileHandle.standardOutput.write(Data("CitizenKiosk hub is serving http://\(host):\(port)/hub/\n".utf8))
                    })
                try await app.runService()
            }
        }

        struct Centres: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "centres", abstract: "Register centres and their push tokens.",
                subcommands: [Add.self, List.self, Token.self, AcceptChain.self])

            struct Add: AsyncParsableCommand {
                static let configuration = CommandConfiguration(abstract: "Register a centre; prints its push token once.")
                @OptionGroup var database: HubDatabaseOptions
                @Argument(help: "The centre's code (its code in centre.toml).") var code: String
                @Argument(help: "The centre's name.") var name: String
                @Option(help: "The district (quận, huyện) it belongs to, for grouping.") var district = ""
                @Option(help: "ward, commune or special_zone.") var kind = "ward"
                @Option(help: "Write the token to this file (mode 600) instead of printing it.") var tokenFile: String?

                func run() async throws {
                    guard let kind = CentreKind(rawValue: kind) else {
                        throw ValidationError("--kind must be one of: \(CentreKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let configuration = try database.configuration()
                    let (code, name, district, tokenFile) = (code, name, district, tokenFile)
                    do {
                        let token = try await HubDatabase.with(configuration, logger: Self.quiet) { hub in
                            try await hub.addCentre(code: code, name: name, district: district, kind: kind)
                        }
                        try writeToken(token, to: tokenFile)
                    } catch let error as HubError {
                        printError("kiosk hub centres add: \(error)")
                        throw ExitCode(1)
                    }
                }
                static var quiet: Logger { var logger = Logger(label: "kiosk.hub"); logger.logLevel = .error; return logger }
            }

            struct List: AsyncParsableCommand {
                static let configuration = CommandConfiguration(abstract: "List the centres with their last push.")
                @OptionGroup var database: HubDatabaseOptions

                func run() async throws {
                    let centres = try await HubDatabase.with(try database.configuration(), logger: Add.quiet) { try await $0.centres() }
                    for centre in centres {
                        let pushed = centre.pushedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                        print(
                            "\(centre.code)\t\(centre.name)\t\(centre.district)\t\(centre.kind.rawValue)\tseq \(centre.ratingSeq)\tpushed \(pushed)")
                    }
                }
            }

            struct Token: AsyncParsableCommand {
                static let configuration = CommandConfiguration(abstract: "Give a centre a new push token (the old one stops working).")
                @OptionGroup var database: HubDatabaseOptions
                @Argument(help: "The centre's code.") var code: String
                @Option(help: "Write the token to this file (mode 600) instead of printing it.") var tokenFile: String?

                func run() async throws {
                    let code = code
                    do {
                        let token = try await HubDatabase.with(try database.configuration(), logger: Add.quiet) { try await $0.renewToken(of: code) }
                        try writeToken(token, to: tokenFile)
                    } catch let error as HubError {
                        printError("kiosk hub centres token: \(error)")
                        throw ExitCode(1)
                    }
                }
            }
        }

        struct AcceptChain: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "accept-chain",
                abstract: "Accept a centre's rating chain as it now is, after a push was refused because it no longer extends what the hub saw.")
            @OptionGroup var database: HubDatabaseOptions
            @Argument(help: "The centre's code.") var code: String

            func run() async throws {
                let code = code
                do {
                    try await HubDatabase.with(try database.configuration(), logger: Centres.Add.quiet) { try await $0.acceptChain(of: code) }
                    print("the hub witnesses \(code)'s rating chain again from its next push; the alert is cleared")
                } catch let error as HubError {
                    printError("kiosk hub centres accept-chain: \(error)")
                    throw ExitCode(1)
                }
            }
        }

        struct Readers: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "readers", abstract: "Tokens that may read the city's figures.", subcommands: [Add.self])

            struct Add: AsyncParsableCommand {
                static let configuration = CommandConfiguration(abstract: "Add a reader; prints its token once.")
                @OptionGroup var database: HubDatabaseOptions
                @Argument(help: "Who reads (a department, a person).") var name: String
                @Option(help: "Write the token to this file (mode 600) instead of printing it.") var tokenFile: String?

                func run() async throws {
                    let name = name
                    do {
                        let token = try await HubDatabase.with(try database.configuration(), logger: Centres.Add.quiet) {
                            try await $0.addReader(name: name)
                        }
                        try writeToken(token, to: tokenFile)
                    } catch let error as HubError {
                        printError("kiosk hub readers add: \(error)")
                        throw ExitCode(1)
                    }
                }
            }
        }

        struct Push: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Push this centre's new ratings and voids to the hub now, until nothing is left (a catch-up).")

            @OptionGroup var data: DataOptions
            @OptionGroup var content: ContentOptions
            @Option(help: "The hub's address (https://hub.example.vn).") var hub: String
            @Option(help: "The file holding this centre's push token.") var tokenFile: String
            @Flag(help: "Push everything again from the first rating (the hub keeps each once).") var restart = false

            func run() async throws {
                guard let settings = try hubPushSettings(url: hub, tokenFile: tokenFile) else { return }
                let centre = try loadContent(content).centre
                let zone = centre.timeZone
                let database = try AppDatabase.open(directory: data.directory)
                let pusher = HubPusher(database: database, settings: settings, timeZone: zone)
                if restart { try pusher.restart() }
                do {
                    let summary = try await pusher.pushPending()
                    print("stored \(summary.stored), already there \(summary.duplicates), refused \(summary.refused), voids \(summary.voids)")
                } catch let error as HubPushError {
                    printError("kiosk hub push: \(error); what was answered stays pushed, run it again later")
                    throw ExitCode(1)
                }
                let refusals = try pusher.refusals()
                if !refusals.isEmpty {
                    print("refused by the hub (kept here, not sent again):")
                    for refusal in refusals {
                        print("  \(refusal.kind) \(refusal.id) seq \(refusal.seq): \(refusal.status)\(refusal.message.map { " — \($0)" } ?? "")")
                    }
                }
            }
        }
    }
}

/// Prints a new token, or writes it to a file only its owner reads.
func writeToken(_ token: String, to path: String?) throws {
    guard let path else {
        print(token)
        return
    }
    FileManager.default.createFile(atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
    print("token written to \(path)")
}
