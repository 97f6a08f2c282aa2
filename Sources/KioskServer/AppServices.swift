import Foundation
import KioskCore
import KioskStore
import Logging

/// What the controllers share: the content, the store, the metrics and the clock.
public struct AppServices: Sendable {
    public let content: CentreContent
    public let database: AppDatabase
    public let writer: RatingWriter
    public let metrics: KioskMetrics
    public let configuration: ServerConfiguration
    /// Whether the store file is sound (checked at start, and by every request that meets a damaged page).
    public let storeHealth = StoreHealth()
    /// The one-time link of the first start, while the store has no account.
    public let setup = FirstRunSetup()
    /// The server's clock; tests inject a fixed one.
    public let now: @Sendable () -> Date

    /// Makes the services of one application: its content, store, metrics, configuration and clock.
    public init(
        content: CentreContent, database: AppDatabase, metrics: KioskMetrics = KioskMetrics(),
        configuration: ServerConfiguration, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.content = content
        self.database = database
        self.writer = RatingWriter(database: database, misuse: content.centre.misuse)
        self.metrics = metrics
        self.configuration = configuration
        self.now = now
    }

    /// The centre's time zone.
    public var timeZone: TimeZone {
        content.centre.timeZone
    }
}
