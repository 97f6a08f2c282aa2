import Foundation

/// What one connection may take of a server (the centre's or the hub's) before it is cut off. Request bodies have their own
/// limits, per route (``ServerConfiguration/maximumBodySize`` for JSON).
public struct HTTPLimits: Sendable {
    /// A connection that completes nothing for this long is closed: no request head finished (a client
    /// sending its headers a byte at a time), no body part, no new request after the last answer.
    public var idleTimeout: TimeInterval = 30
    /// A request must arrive whole, head and body, within this long of its head, or the connection is
    /// closed (a client trickling its body).
    public var requestTimeout: TimeInterval = 60
    /// The longest header line, name and value, in bytes.
    public var maximumHeaderFieldSize: Int = 16 * 1024
    /// All header lines of a request together, in bytes.
    public var maximumHeaderListSize: Int = 32 * 1024
    /// The most header lines in one request.
    public var maximumHeaderCount: Int = 100

    /// Makes the limits with their default values.
    public init() {}
}
