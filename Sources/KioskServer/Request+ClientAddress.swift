import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// The address of the client: the connection's peer, or, when that peer is one of `trustedProxies`,
    /// the nearest address of `X-Forwarded-For` that is not a trusted proxy. The header is never believed
    /// from anyone else, so a client cannot choose its own address (and dodge the sign-in lockout).
    func clientAddress(context: AppRequestContext, trustedProxies: [String]) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peer), let forwarded = headers[.xForwardedFor] else { return peer }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last(where: { !trustedProxies.contains($0) }) ?? peer
    }

    /// The `host[:port]` the browser addressed: the `Host` header, or `X-Forwarded-Host` when the peer is
    /// a trusted proxy.
    func addressedHost(context: AppRequestContext, trustedProxies: [String]) -> String? {
        if let peer = context.remoteAddress?.ipAddress, trustedProxies.contains(peer),
            let forwarded = headers[.xForwardedHost]?.split(separator: ",").first
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return head.authority
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedHost = Self("X-Forwarded-Host")!
}
