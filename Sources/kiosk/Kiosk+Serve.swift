import ArgumentParser
import Foundation
import Hummingbird
import KioskContent
import KioskServer
import Logging

extension Kiosk {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the kiosk service (web kiosk, rating API, dashboard).")

        @OptionGroup var content: ContentOptions
        @OptionGroup var data: DataOptions
        @Option(help: "Address to listen on (the centre's LAN address for kiosks on other machines).") var host = "127.0.0.1"
        @Option(help: "Port to listen on; 0 picks a free port.") var port = 8080
        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
        @Flag(help: "Mark the session cookie Secure: the service is reached through an https proxy.") var secureCookies = false
        @Option(help: "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable).") var trustedProxy: [String] = []
        @Option(help: "Serve HTTPS with this PEM certificate chain (with --tls-key).") var tlsCert: String?
        @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
        @OptionGroup var connections: HTTPLimitOptions
        @Option(help: "Folder of the daily backups (default: DATA/backups).") var backupDir: String?
        @Option(help: "Daily backups kept, the oldest deleted beyond; 0 makes no daily backup.") var backupKeep = 14
        @Option(help: "Time of the daily backup, HH:MM in the centre's time zone.") var backupAt = "02:30"
        @Option(help: "The city hub to push every rating to (https://hub.example.vn); with --hub-token-file.") var hubUrl: String?
        @Option(help: "The file holding this centre's push token of kiosk hub centres add.") var hubTokenFile: String?
        @Flag(
            help:
                "Serve a demo: fills --data (an empty or demo folder, never a centre's store) with demo ratings, a demo head account and a paired kiosk, and prints the links to open."
        )
        var demo = false

        func run() async throws {
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.contentDirectory = content.directory
            configuration.dataDirectory = data.directory
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.logLevel = level
            configuration.secureCookies = secureCookies
            configuration.trustedProxies = trustedProxy
            configuration.http = try connections.limits()
            switch (tlsCert, tlsKey) {
            case (let cert?, let key?):
                configuration.tls = TLSFiles(certificate: URL(fileURLWithPath: cert), privateKey: URL(fileURLWithPath: key))
            case (nil, nil):
                break
            default:
                throw ValidationError("--tls-cert and --tls-key go together: give both files, or neither for plain HTTP")
            }
            configuration.backup = try backupSchedule()
            configuration.hubPush = try hubPushSettings(url: hubUrl, tokenFile: hubTokenFile)
            LoggingSystem.bootstrapEscaping(level: level)
            let demoSetup = try demo ? DemoSetup.prepare(content: content.directory, data: data.directory) : nil
            let app: any ApplicationProtocol
            do {
                app = try await buildApplication(
                    configuration,
                    onServerRunning: { port in
                        let shown = host == "0.0.0.0" ? "127.0.0.1" : host
                        let scheme = tlsCert == nil ? "http" : "https"
                        let address = "\(scheme)://\(shown):\(port)"
                        let line = "CitizenKiosk is serving \(address)/ (kiosk) and \(address)/dashboard (staff)\n"
                        FileHandle.standardOutput.write(Data(line.utf8))
                        if let demoSetup {
                            FileHandle.standardOutput.write(Data(DemoSetup.announcement(demoSetup, address: address, data: data.data).utf8))
                        }
                    })
            } catch let error as ContentError {
                printError(error.description)
                printError("kiosk serve: the content has errors; fix them (kiosk content check \(content.content)) and start again")
                throw ExitCode(1)
            } catch let error as TLSFilesError {
                printError("kiosk serve: \(error.description)")
                throw ExitCode(1)
            }
            // SIGTERM and SIGINT shut the service down gracefully: requests under way are answered first.
            do {
                try await app.runService()
            } catch is CancellationError {}
            FileHandle.standardOutput.write(Data("CitizenKiosk has stopped; every rating it answered for is stored.\n".utf8))
        }
    }
}
