import Hummingbird
import KioskStore
import Logging
import NIOCore

/// The request context of the app: Hummingbird's core context plus the signed-in user, when there is one.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the session middleware on routes that need a login.
    public var user: SignedInUser?
    /// Set by the paired-kiosk middleware on routes only a paired kiosk may use.
    public var kiosk: PairedKiosk?
    /// The client's address (for the audit log).
    public let remoteAddress: SocketAddress?

    /// Makes the context of a request from `source`, with no user or kiosk signed in yet.
    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        kiosk = nil
        remoteAddress = source.channel.remoteAddress
    }
}

/// Who is signed in on this request.
public struct SignedInUser: Sendable {
    public var name: String
    public var role: Role
}
