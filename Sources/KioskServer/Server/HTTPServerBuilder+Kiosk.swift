import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KioskHTTP
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 with the limits of the configuration (idle and request timeouts, header sizes), over TLS
    /// when certificate files are configured.
    /// - Throws: ``TLSFilesError`` when the certificate or the key cannot be read.
    static func kiosk(_ configuration: ServerConfiguration) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder.http1(limits: configuration.http)
        guard let files = configuration.tls else { return http1 }
        return try .tls(http1, tlsConfiguration: files.serverConfiguration())
    }
}

extension TLSFiles {
    /// The TLS server configuration of these PEM files.
    /// - Throws: ``TLSFilesError`` naming the file that cannot be read.
    func serverConfiguration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate.path)
        } catch {
            throw TLSFilesError(file: certificate, problem: "is not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw TLSFilesError(file: certificate, problem: "holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKey.path, format: .pem)
        } catch {
            throw TLSFilesError(file: privateKey, problem: "is not a readable PEM private key (\(error))")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}

/// A certificate or key file of ``TLSFiles`` that cannot be used.
public struct TLSFilesError: Error, CustomStringConvertible {
    public let file: URL
    public let problem: String

    public var description: String { "\(file.path) \(problem)" }
}
