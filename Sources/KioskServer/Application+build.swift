import Foundation
import Hummingbird
import KioskContent
import KioskCore
import KioskHTTP
import KioskHubClient
import KioskStore
import Logging
import Mustache
import ServiceLifecycle

/// Where the page files and templates of the server are installed.
public enum ServerResources {
    /// The folder of static files (`Public/`) and templates (`Templates/`).
    public static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil) ?? URL(fileURLWithPath: "Resources")
    }
}

/// Builds the application from the configuration: loads and validates the content (refusing bad
/// content), opens the store, and mounts every route.
/// - Parameters:
///   - configuration: where the content and the data live, and where to listen.
///   - now: the clock; tests inject one.
///   - onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
/// - Throws: ``ContentError`` for bad content; store errors when the data folder cannot be opened.
public func buildApplication(
    _ configuration: ServerConfiguration,
    now: @escaping @Sendable () -> Date = { Date() },
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "kiosk")
    logger.logLevel = configuration.logLevel
    let content = try ContentLoader.load(from: configuration.contentDirectory)
    let database = try AppDatabase.open(directory: configuration.dataDirectory)
    if let upgradeBackup = database.upgradeBackup {
        logger.notice("store backed up before migrating", metadata: ["kiosk.backup.file": "\(upgradeBackup.path)"])
    }
    if database.chainKey == nil {
        logger.warning(
            "the data folder has no chain.key: ratings are stored without a MAC; put back the copy kept off the box",
            metadata: ["kiosk.store.file": "\(database.file.path)"])
    }
    let services = AppServices(content: content, database: database, configuration: configuration, now: now)
    let router = try await buildRouter(services)
    // The store's check first, so that it starts before the others take the disk.
    var background: [any Service] = [StoreCheckService(services: services, logger: logger), RetentionService(services: services, logger: logger)]
    if let schedule = configuration.backup {
        background.append(BackupService(services: services, schedule: schedule, logger: logger))
    }
    if let hub = configuration.hubPush {
        services.metrics.hubPushRefused(kind: "rating", status: HubOutcome.Status.refused.rawValue, count: 0)
        let metrics = services.metrics
        let pusher = HubPusher(
            database: database, settings: hub, timeZone: services.timeZone, onRefusal: { metrics.hubPushRefused(kind: $0, status: $1) })
        background.append(HubPushService(pusher: pusher, logger: logger))
    }
    return Application(
        router: router,
        server: try .kiosk(configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CitizenKiosk"),
        services: background,
        onServerRunning: { [logger] channel in
            let port = channel.localAddress?.port ?? configuration.port
            await onServerRunning(port)
            await announceFirstRunSetup(services, port: port, logger: logger)
        },
        logger: logger)
}

/// On a store with no account yet, prints the one-time setup link on the console (standard output), for the
/// person at the box; the journal keeps it only as long as it is valid.
func announceFirstRunSetup(_ services: AppServices, port: Int, logger: Logger) async {
    guard (try? services.database.users().isEmpty) == true, let code = await services.setup.currentCode(now: services.now()) else { return }
    let minutes = Int(FirstRunSetup.lifetime / 60)
    let line = """
        First start: no account yet. On this box, open http://127.0.0.1:\(port)/setup?code=\(code) within \(minutes) minutes \
        to make the centre head's account (the link works once; after it lapses, the start page on this box shows a new one).

        """
    FileHandle.standardOutput.write(Data(line.utf8))
    logger.notice("first start: the setup link is on the console")
}

/// Mounts every route of the service on a router.
public func buildRouter(_ services: AppServices) async throws -> Router<AppRequestContext> {
    let resources = ServerResources.directory
    let publicDirectory = resources.appendingPathComponent("Public")
    let templates = try await MustacheLibrary(directory: resources.appendingPathComponent("Templates").path)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(overTLS: services.configuration.tls != nil))
    router.add(middleware: MetricsRecordingMiddleware(metrics: services.metrics))
    router.add(middleware: StorageErrorMiddleware(metrics: services.metrics, health: services.storeHealth, file: services.database.file.path))
    router.add(middleware: FileMiddleware(publicDirectory.path, urlBasePath: "/static", searchForIndexHtml: false))
    // Who is signed in (from the session cookie), then the CSRF token of every staff form and script.
    router.add(middleware: SessionMiddleware(services: services))
    router.add(middleware: CSRFMiddleware(maximumBodySize: services.configuration.maximumBodySize))

    // What only a paired kiosk may do: rate, call staff, have text read aloud, print a guidance slip.
    // A staff route's error, for a person at the page: Vietnamese on a page of the staff layout, never JSON.
    let staffErrors = StaffErrorPageMiddleware(templates: templates, centreName: services.content.centre.name.vi)
    let pairedKiosk = RequirePairedKioskMiddleware(services: services, refusals: KioskRefusalLog())
    let pairing = PairingController(services: services, templates: templates)
    pairing.addRoutes(to: router)
    let kiosk = KioskController(services: services, publicDirectory: publicDirectory, pairing: pairing)
    router.addRoutes(kiosk.pageEndpoints, atPath: "/")
    router.addRoutes(kiosk.apiEndpoints, atPath: "/api/v1/kiosk")
    router.group("/api/v1/kiosk/flow").add(middleware: pairedKiosk).addRoutes(kiosk.flowEndpoints)
    router.group("/api/v1/ratings").add(middleware: pairedKiosk).addRoutes(RatingsController(services: services).endpoints)
    HealthController(services: services).addRoutes(to: router)
    AuthController(services: services, templates: templates).addRoutes(to: router)
    SetupController(services: services, templates: templates).addRoutes(to: router)
    QRController().addRoutes(to: router)
    router.group("/api/v1/speech").add(middleware: pairedKiosk).addRoutes(SpeechController(services: services).endpoints)
    router.get("/content/photos/:id", use: kiosk.photo)
    // The public product pages of label QR codes (GS1 Digital Link): /01/… and /ocop/images/….
    ResolverController(services: services, templates: templates).addRoutes(to: router)
    let calls = CallsController(services: services, templates: templates)
    router.group("/api/v1/calls").add(middleware: pairedKiosk).addRoutes(calls.kioskEndpoints)
    router.addRoutes(calls.apiEndpoints, atPath: "/api/v1/calls")
    router.group("/staff/calls")
        .add(middleware: RequireRoleMiddleware(roles: [.staff, .head, .admin]))
        .add(middleware: staffErrors)
        .addRoutes(calls.staffEndpoints)
    let help = HelpController(services: services)
    router.addRoutes(help.endpoints, atPath: "/api/v1/help")
    router.group("/api/v1/help").add(middleware: pairedKiosk).addRoutes(help.printEndpoints)
    router.group("/staff/slips")
        .add(middleware: RequireRoleMiddleware(roles: [.staff, .head, .admin]))
        .add(middleware: staffErrors)
        .addRoutes(SlipsController(services: services, templates: templates).endpoints)
    router.group("/staff/paper")
        .add(middleware: RequireRoleMiddleware(roles: [.staff, .head, .admin]))
        .add(middleware: staffErrors)
        .addRoutes(PaperFormsController(services: services, templates: templates).endpoints)
    router.group("/staff/ocop")
        .add(middleware: RequireRoleMiddleware(roles: [.staff, .head, .admin]))
        .add(middleware: staffErrors)
        .addRoutes(OCOPController(services: services, templates: templates).endpoints)
    router.group("/api/v1/stats")
        .add(middleware: RequireReaderMiddleware(services: services))
        .addRoutes(StatsController(services: services).endpoints)
    // The figures, their comments and the per-officer breakdown are the head's, not the officers' own.
    router.group("/dashboard")
        .add(middleware: RequireRoleMiddleware(roles: [.head, .admin]))
        .add(middleware: staffErrors)
        .addRoutes(DashboardController(services: services, templates: templates).endpoints)
    router.group("/admin")
        .add(middleware: RequireRoleMiddleware(roles: [.admin]))
        .add(middleware: staffErrors)
        .addRoutes(AuditController(services: services, templates: templates).endpoints)
    return router
}
