import ArgumentParser
import Foundation
import KioskCore

/// The `kiosk` command: runs the service and the tools a centre's staff and IT officer use.
@main
struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "CitizenKiosk: satisfaction ratings, guidance and figures for a public administrative service centre.",
        subcommands: [
            Serve.self, ContentCommand.self, Stats.self, Import.self, DemoData.self, UserCommand.self, QR.self, SlipCommand.self, Print.self,
            Dossiers.self, Report.self, Token.self, Kiosks.self, Bench.self, OCOP.self, TerminalCommand.self,
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

/// Writes a line to standard error, with control characters escaped as ``print(_:separator:terminator:)`` does.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((ControlCharacters.escapedKeepingLines(text) + "\n").utf8))
}

/// Every command's output to standard output. Text read from the store or a file (a product's name, an
/// audit entry, a comment) is printed with its control characters escaped
/// (``ControlCharacters/escapedKeepingLines(_:)``), so that nothing stored can send the terminal an
/// escape sequence; line breaks and tabs print as they are. Bytes meant for the terminal (a QR code,
/// a PNG) are written with `FileHandle` directly.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(ControlCharacters.escapedKeepingLines(text), terminator: terminator)
}
