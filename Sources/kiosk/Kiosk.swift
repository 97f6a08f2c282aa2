import ArgumentParser
import Foundation

/// The `kiosk` command: runs the service and the tools a centre's staff and IT officer use.
@main
struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "CitizenKiosk: satisfaction ratings, guidance and figures for a public administrative service centre.",
        subcommands: [
            Serve.self, ContentCommand.self, Stats.self, Import.self, DemoData.self, UserCommand.self, QR.self, SlipCommand.self, Print.self, Dossiers.self, Report.self, Token.self, Kiosks.self, Bench.self, OCOP.self, TerminalCommand.self,
            Verify.self, VoidRating.self, Audit.self, Retention.self,
            Backup.self, Restore.self,
            Hub.self,
        ])
}

/// Options shared by every command that touches the store.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder holding kiosk.sqlite.")
    var data: String = "data"

    var directory: URL { URL(fileURLWithPath: data, isDirectory: true) }
}

/// Options shared by every command that reads the content.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: "The kiosk-content folder.")
    var content: String = "kiosk-content"

    var directory: URL { URL(fileURLWithPath: content, isDirectory: true) }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
