import Foundation
import KioskHTTP
import KioskHubClient
import KioskStore
import Logging

/// How `kiosk serve` runs; every field has a documented default.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; `127.0.0.1` by default, the centre's LAN address on a kiosk box.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (tests).
    public var port: Int = 8080
    /// The `kiosk-content/` folder.
    public var contentDirectory: URL = URL(fileURLWithPath: "kiosk-content")
    /// The data folder holding `kiosk.sqlite`.
    public var dataDirectory: URL = URL(fileURLWithPath: "data")
    /// Largest accepted request body, in bytes.
    public var maximumBodySize: Int = 64 * 1024
    /// A staff session ends after this long without a request.
    public var sessionIdleLimit: TimeInterval = 30 * 60
    /// A staff session ends this long after sign-in however busy it is (12 hours).
    public var sessionLifetime: TimeInterval = 12 * 60 * 60
    /// Marks the session cookie `Secure`: set it when an https proxy serves the service (it is set anyway
    /// when the service speaks TLS itself). Off by default.
    public var secureCookies = false
    /// Failed sign-ins that lock an account (5 in 15 minutes) or a client address (20 in 15 minutes).
    public var loginLimits = LoginLimits()
    /// Addresses of reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Host` are believed; empty by
    /// default, so the client is the connection's peer and those headers are ignored.
    public var trustedProxies: [String] = []
    /// The longest a print job may take before the printer is reported unreachable.
    public var printTimeout: TimeInterval = 5
    public var logLevel: Logger.Level = .info
    /// Limits on connections and request heads: see ``HTTPLimits``.
    public var http = HTTPLimits()
    /// The certificate and key files when the service speaks HTTPS itself; nil for plain HTTP.
    public var tls: TLSFiles?
    /// The daily backup of the store; nil (no daily backup) here, while `kiosk serve` turns it on with the
    /// defaults of ``BackupSchedule`` (`DATA/backups`, 14 kept, 02:30).
    public var backup: BackupSchedule?
    /// The city hub this centre pushes its ratings to; nil (no pushing) unless `--hub-url` is given.
    public var hubPush: HubPushSettings?

    /// Makes the configuration with every field at its default.
    public init() {}
}
