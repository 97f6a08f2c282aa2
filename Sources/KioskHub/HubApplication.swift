import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import Logging
import Mustache
import PostgresNIO

/// Where the hub's templates are installed.
enum HubResources {
    static var templates: URL {
        (Bundle.module.url(forResource: "Resources", withExtension: nil) ?? URL(fileURLWithPath: "Resources"))
            .appendingPathComponent("Templates")
    }
}

/// Builds the hub: its PostgreSQL client (run as a service of the application, migrated before the server
/// starts) and every route.
/// - Parameters:
///   - onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
/// - Throws: ``HubError/badPostgresURL(_:)``; template errors.
public func buildHubApplication(
    _ configuration: HubConfiguration,
    now: @escaping @Sendable () -> Date = { Date() },
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "kiosk.hub")
    logger.logLevel = configuration.logLevel
    let client = PostgresClient(configuration: try configuration.makeClientConfiguration(), backgroundLogger: logger)
    let database = HubDatabase(client: client, logger: logger)
    let router = try await buildHubRouter(database: database, configuration: configuration, now: now)
    var app = Application(
        router: router,
        server: .http1(limits: configuration.http),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CitizenKiosk hub"),
        services: [client],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.beforeServerStarts { try await database.migrate() }
    return app
}

/// Mounts the hub's routes: the push API for centres, the figures for readers, and a health check.
public func buildHubRouter(
    database: HubDatabase, configuration: HubConfiguration, now: @escaping @Sendable () -> Date = { Date() }
) async throws -> Router<HubRequestContext> {
    let templates = try await MustacheLibrary(directory: HubResources.templates.path)
    let router = Router(context: HubRequestContext.self)
    // The centre's security headers on every answer, errors included; an unexpected error is a 500 with a sentence.
    router.add(middleware: SecurityHeadersMiddleware(overTLS: false))
    router.add(middleware: UnexpectedErrorMiddleware())
    router.group("/hub/v1/push")
        .add(middleware: HubPushTokenMiddleware(database: database))
        .addRoutes(HubPushController(database: database).endpoints)
    let figures = HubFiguresController(
        database: database, reporting: configuration.reporting, timeZone: configuration.timeZone, templates: templates, now: now)
    router.group("/hub/v1/stats")
        .add(middleware: HubReaderMiddleware(database: database))
        .addRoutes(figures.apiEndpoints)
    router.group("/hub")
        .add(middleware: HubReaderMiddleware(database: database))
        .addRoutes(figures.pageEndpoints)
    router.get("/hub/health") { _, _ -> Response in
        do {
            try await withDeadline(.seconds(5)) { try await database.client.query("SELECT 1") }
            return try JSONResponse.make(["status": "ok"])
        } catch {
            return try JSONResponse.make(["status": "unavailable"], status: .serviceUnavailable)
        }
    }
    return router
}
