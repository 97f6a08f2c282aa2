import Hummingbird
import Logging
import NIOCore

/// The request context of the app: Hummingbird's core context plus the signed-in user, when there is one.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the session middleware on routes that need a login.
    public var user: SignedInUser?

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
    }
}

/// Who is signed in on this request.
public struct SignedInUser: Sendable {
    public var name: String
    public var role: String
}
