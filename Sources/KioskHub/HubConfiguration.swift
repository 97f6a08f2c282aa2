import Foundation
import KioskCore
import KioskHTTP
import Logging
import PostgresNIO

/// Where the hub listens, its PostgreSQL and how it judges the figures.
public struct HubConfiguration: Sendable {
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`.
    public var postgresURL: String
    public var host = "127.0.0.1"
    public var port = 8090
    /// The city's target and minimum n (the same for every centre at the hub), and the reform cut-off day.
    public var reporting = ReportingSettings()
    public var logLevel: Logger.Level = .info
    /// The most connections the hub opens to PostgreSQL.
    public var maximumConnections = 20
    /// Idle and request timeouts and header sizes of each connection, as the centre's server has them.
    public var http = HTTPLimits()
    /// The city's time zone: the default period ("this year") and the times on the dashboard are read in it.
    /// Vietnam's (`Asia/Ho_Chi_Minh`) by default.
    public var timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// Makes the configuration of a hub whose PostgreSQL database is at `postgresURL`; the other fields keep their defaults.
    public init(postgresURL: String) {
        self.postgresURL = postgresURL
    }

    /// The PostgresNIO client configuration of ``postgresURL``.
    /// - Throws: ``HubError/badPostgresURL(_:)`` when the URL cannot be read.
    public func makeClientConfiguration() throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: postgresURL), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let user = url.user, !user.isEmpty
        else { throw HubError.badPostgresURL(postgresURL) }
        let database = String(url.path.drop { $0 == "/" })
        let query = Dictionary(url.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { $1 })
        var configuration: PostgresClient.Configuration
        if let socket = query["host"], socket.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: socket + "/.s.PGSQL.\(url.port ?? 5432)", username: user, password: url.password,
                database: database.isEmpty ? nil : database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch query["sslmode"] ?? "disable" {
            case "disable": tls = .disable
            case "prefer": tls = .prefer(.makeClientConfiguration())
            case "require": tls = .require(.makeClientConfiguration())
            default: throw HubError.badPostgresURL(postgresURL)
            }
            configuration = .init(
                host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: user, password: url.password,
                database: database.isEmpty ? nil : database, tls: tls)
        }
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }
}

/// What goes wrong at the hub, each with a sentence a person can act on.
public enum HubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PostgreSQL URL is not `postgres://USER@HOST:PORT/DATABASE`.
    case badPostgresURL(String)
    /// A centre code is already registered.
    case centreExists(String)
    /// No centre has this code.
    case unknownCentre(String)
    /// A centre code, name or kind is not acceptable.
    case invalidCentre(String)
    /// A push is larger than the hub accepts, or out of order.
    case invalidBatch(String)
    /// PostgreSQL did not accept a connection.
    case unreachable(String)
    /// A push whose rating chain no longer extends what the centre pushed before.
    case chainBroken(String)

    public var description: String {
        switch self {
        case .badPostgresURL(let url):
            "'\(url)' is not a PostgreSQL URL like postgres://kiosk@127.0.0.1:5432/hub (add ?sslmode=require for TLS)"
        case .centreExists(let code): "a centre with the code \(code) is registered already"
        case .unknownCentre(let code): "no centre has the code \(code) (kiosk hub centres list)"
        case .invalidCentre(let message): message
        case .invalidBatch(let message): message
        case .chainBroken(let message): message
        case .unreachable(let reason):
            "the hub's PostgreSQL cannot be reached (\(reason)): is it running, and are the host, port, user and database of --postgres right?"
        }
    }
}
