import Foundation

/// The PEM files of `kiosk serve --tls-cert FILE --tls-key FILE`.
public struct TLSFiles: Sendable {
    /// The certificate chain, the server's own certificate first.
    public var certificate: URL
    /// The private key of that certificate.
    public var privateKey: URL

    /// Makes the pair of a PEM certificate and its private key.
    public init(certificate: URL, privateKey: URL) {
        self.certificate = certificate
        self.privateKey = privateKey
    }
}
