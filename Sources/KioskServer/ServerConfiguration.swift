import Foundation
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
    /// The longest a print job may take before the printer is reported unreachable.
    public var printTimeout: TimeInterval = 5
    public var logLevel: Logger.Level = .info
    /// Limits on connections and request heads: see ``HTTPLimits``.
    public var http = HTTPLimits()
    /// The certificate and key files when the service speaks HTTPS itself; nil for plain HTTP.
    public var tls: TLSFiles?

    public init() {}
}
