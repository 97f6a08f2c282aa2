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
) async throws -> Router<BasicRequestContext> {
    let templates = try await MustacheLibrary(directory: HubResources.templates.path)
    let router = Router(context: BasicRequestContext.self)
    // The centre's security headers on every answer, errors included; an unexpected error is a 500 with a sentence.
    router.add(middleware: SecurityHeadersMiddleware(overTLS: false))
    router.add(middleware: UnexpectedErrorMiddleware())
    router.addRoutes(HubPushController(database: database).endpoints, atPath: "/hub/v1/push")
    let figures = HubFiguresController(database: database, reporting: configuration.reporting, templates: templates, now: now)
    router.addRoutes(figures.apiEndpoints, atPath: "/hub/v1/stats")
    router.addRoutes(figures.pageEndpoints, atPath: "/hub")
    router.get("/hub/health") { _, _ -> Response in
        do {
            try await withDeadline(.seconds(5)) { try await database.client.query("SELECT 1") }
            return try HubJSON.response(["status": "ok"])
        } catch {
            return try HubJSON.response(["status": "unavailable"], status: .serviceUnavailable)
        }
    }
    return router
}

/// JSON answers of the hub: sorted keys, slashes as they are.
enum HubJSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPError {
    /// An error whose JSON body says what to do, as the centre's API answers.
    static func hub(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> HTTPError {
        HTTPError(status, headers: headers, message: message)
    }
}
