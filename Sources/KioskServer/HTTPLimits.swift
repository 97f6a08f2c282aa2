import Foundation

/// What one connection may take of the server before it is cut off. Request bodies have their own
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

    public init() {}
}

/// The PEM files of `kiosk serve --tls-cert FILE --tls-key FILE`.
public struct TLSFiles: Sendable {
    /// The certificate chain, the server's own certificate first.
    public var certificate: URL
    /// The private key of that certificate.
    public var privateKey: URL

    public init(certificate: URL, privateKey: URL) {
        self.certificate = certificate
        self.privateKey = privateKey
    }
}
