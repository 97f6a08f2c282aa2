import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Kiosk {
    struct Kiosks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The kiosks allowed to send ratings: add one (a pairing link and a token), list them, revoke one.",
            subcommands: [Add.self, List.self, Revoke.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a kiosk: prints its one-time pairing link and its bearer token, each shown only this once.",
                discussion: """
                    ID is the kiosk's [[kiosks]] id in centre.toml, whose settings it takes. An id not in centre.toml \
                    with --counter is a desk device at that counter; without --counter, a hall kiosk that asks the \
                    counter. Open the pairing link once, within 24 hours, in the kiosk's browser; give the token to \
                    the text-terminal kiosk (kiosk terminal --token) or a script (Authorization: Bearer …). \
                    The link's address is --base, else http://$KIOSK_HOST:$KIOSK_PORT (default: this box's LAN \
                    address, port 8080).
                    """)
            @OptionGroup var data: DataOptions
            @OptionGroup var content: ContentOptions
            @Argument(help: "The kiosk's id (its [[kiosks]] id in centre.toml).") var id: String
            @Option(help: "The counter of a desk device not in centre.toml (e.g. Q03).") var counter: String?
            @Option(help: "The server's address as the kiosk reaches it, e.g. http://192.168.1.10:8080.") var base: String?

            func run() throws {
                let centre = try loadContent(content).centre
                let description: String
                if let known = centre.kiosk(id) {
                    if let counter, counter != known.counter {
                        throw ValidationError("kiosk '\(id)' is described in centre.toml ([[kiosks]]); set its counter there, not with --counter")
                    }
                    description = known.counter.map { "a desk kiosk at counter \($0) (centre.toml)" } ?? "a hall kiosk (centre.toml)"
                } else if let counter {
                    guard centre.counter(counter) != nil else {
                        throw ValidationError(
                            "--counter \(counter) is not a counter of centre.toml (\(centre.counters.map(\.id).joined(separator: ", ")))")
                    }
                    description = "a desk kiosk at counter \(counter)"
                } else {
                    let known = centre.kiosks.map(\.id).joined(separator: ", ")
                    printError(
                        "note: '\(id)' is not a [[kiosks]] id of centre.toml (\(known.isEmpty ? "none" : known)): it will ask the counter, "
                            + "not the field, and print nothing; add a [[kiosks]] table for it, or give --counter for a desk device")
                    description = "a hall kiosk with the default settings"
                }
                let base = try baseURL()
                let credentials: KioskCredentials
                do {
                    credentials = try AppDatabase.open(directory: data.directory)
                        .addKiosk(id: id, counter: centre.kiosk(id) == nil ? counter : nil, actor: CommandLineActor.current)
                } catch let error as KioskDeviceError {
                    throw ValidationError(error.description)
                }
                let until = CommandLineTime.format(credentials.pairingExpiresAt, in: centre)
                print("kiosk \(id) added: \(description)")
                print("pairing link: \(base)/pair?code=\(credentials.pairingCode)")
                print("token: \(credentials.token)")
                print(
                    "Open the pairing link once in the kiosk's browser, before \(until); give the token to a text-terminal kiosk "
                        + "(--token) or a script (Authorization: Bearer …). Neither is shown again.")
            }

            /// `--base` without a trailing slash, or the address the server is configured to listen on.
            func baseURL() throws -> String {
                if let base {
                    let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
                    guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                        url.query == nil, url.fragment == nil
                    else { throw ValidationError("--base must be an address such as http://192.168.1.10:8080, not '\(base)'") }
                    return trimmed
                }
                let environment = ProcessInfo.processInfo.environment
                let port = environment["KIOSK_PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "8080"
                var host = environment["KIOSK_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
                if ["0.0.0.0", "::", "[::]"].contains(host) { host = Self.lanAddress() ?? "127.0.0.1" }
                if host.hasPrefix("127.") || host == "localhost" || host == "::1" {
                    printError(
                        "note: the link names \(host), which only this box reaches; for a kiosk on another machine give --base http://LAN-ADDRESS:\(port)"
                    )
                }
                return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            }

            /// The first IPv4 address of an interface that is up and not the loopback.
            static func lanAddress() -> String? {
                var list: UnsafeMutablePointer<ifaddrs>?
                guard getifaddrs(&list) == 0, let first = list else { return nil }
                defer { freeifaddrs(list) }
                for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
                    let flags = Int32(bitPattern: UInt32(entry.pointee.ifa_flags))
                    guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                        flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
                    else { continue }
                    var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                    if getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 {
                        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    }
                }
                return nil
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the kiosks: counter, paired, last rating, revoked (never a secret).")
            @OptionGroup var data: DataOptions
            @OptionGroup var content: ContentOptions

            func run() throws {
                // The content only adds the counters and the time zone of centre.toml; the list works without it.
                let centre = try? ContentLoader.load(from: content.directory).centre
                let kiosks = try AppDatabase.open(directory: data.directory).kiosks()
                guard !kiosks.isEmpty else {
                    print("no kiosks yet: add one with kiosk kiosks add ID")
                    return
                }
                let now = Date()
                var rows = [["id", "counter", "paired", "last rating", "status"]]
                for kiosk in kiosks {
                    let counter = centre?.kiosk(kiosk.id)?.counter ?? kiosk.counter ?? "-"
                    let paired: String
                    if let at = kiosk.pairedAt {
                        paired = CommandLineTime.format(at, in: centre)
                    } else if kiosk.isRevoked || now > kiosk.pairingExpiresAt {
                        paired = "no (link expired)"
                    } else {
                        paired = "no (link until \(CommandLineTime.format(kiosk.pairingExpiresAt, in: centre)))"
                    }
                    let last = kiosk.lastRatingAt.map { CommandLineTime.format($0, in: centre) } ?? "-"
                    let status = kiosk.revokedAt.map { "revoked \(CommandLineTime.format($0, in: centre))" } ?? "live"
                    rows.append([kiosk.id, counter, paired, last, status])
                }
                let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    let cells = row.enumerated().map { column, text in
                        column == 4 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    }
                    print(cells.joined(separator: "  "))
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke a kiosk: its token, its browser's cookie and an unused pairing link stop working at once.")
            @OptionGroup var data: DataOptions
            @Argument(help: "The kiosk's id.") var id: String

            func run() throws {
                do {
                    try AppDatabase.open(directory: data.directory).revokeKiosk(id: id, actor: CommandLineActor.current)
                } catch let error as KioskDeviceError {
                    throw ValidationError(error.description)
                }
                print("kiosk \(id) revoked: its token, its browser's cookie and any unused pairing link no longer work")
                print("to pair it again: kiosk kiosks add \(id)")
            }
        }
    }
}

/// Who runs a command, as the audit log names them: `cli:` and the login name.
enum CommandLineActor {
    static var current: String {
        let environment = ProcessInfo.processInfo.environment
        return "cli:" + (environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown")
    }
}

/// Times as the CLI prints them: `2026-11-24 10:05` in the centre's time zone (the box's without content).
enum CommandLineTime {
    static func format(_ date: Date, in centre: Centre?) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = centre?.timeZone ?? .current
        return formatter.string(from: date)
    }
}
