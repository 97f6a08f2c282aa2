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
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let app: any ApplicationProtocol
            do {
                app = try await buildApplication(configuration, onServerRunning: { port in
                    let shown = host == "0.0.0.0" ? "127.0.0.1" : host
                    let line = "CitizenKiosk is serving http://\(shown):\(port)/ (kiosk) and http://\(shown):\(port)/dashboard (staff)\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                })
            } catch let error as ContentError {
                printError(error.description)
                printError("kiosk serve: the content has errors; fix them (kiosk content check \(content.content)) and start again")
                throw ExitCode(1)
            }
            try await app.runService()
        }
    }
}
