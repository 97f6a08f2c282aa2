import Hummingbird
import HummingbirdCore
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 with `limits`: a connection that completes no request part for ``HTTPLimits/idleTimeout``
    /// is closed (a client sending its headers a byte at a time never completes the head), a request must
    /// arrive whole within ``HTTPLimits/requestTimeout`` of its head, and header sizes are capped. The
    /// centre's server and the hub both listen with it.
    public static func http1(limits: HTTPLimits) -> HTTPServerBuilder {
        let requestTimeout = TimeAmount.milliseconds(Int64(limits.requestTimeout * 1000))
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(limit: requestTimeout)],
                idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000)),
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: limits.maximumHeaderFieldSize, maxHeaderListSize: limits.maximumHeaderListSize,
                    maxHeaderFieldCount: limits.maximumHeaderCount)))
    }
}
