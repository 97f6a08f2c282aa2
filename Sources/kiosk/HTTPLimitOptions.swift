import ArgumentParser
import KioskHTTP

/// The connection limits of `kiosk serve` and `kiosk hub serve`.
struct HTTPLimitOptions: ParsableArguments {
    @Option(help: "Seconds a connection may complete nothing (no request head, no body part) before it is closed.")
    var idleTimeout: Double = HTTPLimits().idleTimeout
    @Option(help: "Seconds a request may take to arrive whole, head and body, before the connection is closed.")
    var requestTimeout: Double = HTTPLimits().requestTimeout

    /// The limits of these options.
    /// - Throws: `ValidationError` for a timeout of 0 or less.
    func limits() throws -> HTTPLimits {
        guard idleTimeout > 0, requestTimeout > 0 else {
            throw ValidationError("--idle-timeout and --request-timeout must be more than 0 seconds")
        }
        var limits = HTTPLimits()
        limits.idleTimeout = idleTimeout
        limits.requestTimeout = requestTimeout
        return limits
    }
}
