import Hummingbird

/// The request context of the hub: Hummingbird's core context plus who the request was let through as.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The code of the centre whose push token the request carries; set by ``HubPushTokenMiddleware``.
    public var centre: String?
    /// The name of the reader whose token the request carries; set by ``HubReaderMiddleware``.
    public var reader: String?

    /// Makes the context of a request from `source`, with no centre or reader known yet.
    public init(source: Source) {
        coreContext = .init(source: source)
        centre = nil
        reader = nil
    }
}
