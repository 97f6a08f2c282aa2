import Foundation
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskHTTP
import KioskHub
import KioskHubClient
import KioskServer
import KioskStore
import Logging
import ServiceLifecycle
import TestSupport

let hoChiMinh = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
let cityReporting = ReportingSettings(target: 0.95, minimumN: 30)
let quietLogger: Logger = {
    var logger = Logger(label: "test.hub")
    logger.logLevel = .critical
    return logger
}()

/// A hub server running on a loopback port, stopped by ``stop()``.
struct RunningHub: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let port: Int
    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts the hub on `port` (0: a free one) against `postgres`, with the connection limits `http`.
    static func start(postgres: String, port: Int = 0, http: HTTPLimits = HTTPLimits()) async throws -> RunningHub {
        var configuration = HubConfiguration(postgresURL: postgres)
        configuration.port = port
        configuration.http = http
        configuration.reporting = cityReporting
        configuration.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildHubApplication(configuration, onServerRunning: { continuation.yield($0) })
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        var groupConfiguration = ServiceGroupConfiguration(services: [app], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var bound = 0
        for await value in ports {
            bound = value
            break
        }
        guard bound > 0 else {
            try await task.value
            throw PostgresTestError(description: "the hub did not start")
        }
        return RunningHub(group: group, task: task, port: bound)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// A centre: a real store in a temporary folder, with ratings recorded through the store's own code.
struct TestCentre: Sendable {
    let code: String
    let folder: URL
    let database: AppDatabase

    init(code: String) throws {
        self.code = code
        folder = Decoder.temporaryFolder("centre-\(code)")
        database = try AppDatabase.open(directory: folder)
    }

    /// Records `count` ratings spread over the days from `first` to `last` (opening hours, four counters, some
    /// dissatisfied with reasons, some flagged as misuse), the same for the same seed.
    @discardableResult
    func record(count: Int, seed: UInt64, from first: LocalDate, to last: LocalDate, quality: Double = 0.93) throws -> [Rating] {
        var random = SeededGenerator(seed: seed)
        let survey = SampleSurvey.quick
        let days = first.days(to: last) + 1
        var prepared: [PreparedRating] = []
        for _ in 0..<count {
            let day = first.adding(days: Int.random(in: 0..<days, using: &random))
            let minute = Int.random(in: (7 * 60 + 30)..<(17 * 60), using: &random)
            let createdAt = day.start(in: hoChiMinh).addingTimeInterval(Double(minute * 60 + Int.random(in: 0..<60, using: &random)))
            let draw = Double.random(in: 0..<1, using: &random)
            let choice = draw < quality * 0.6 ? "very_satisfied" : draw < quality ? "satisfied" : "dissatisfied"
            var answers: [String: Answer] = ["overall": .one(choice)]
            if choice == "dissatisfied", Bool.random(using: &random) {
                answers["reasons"] = .many(Bool.random(using: &random) ? ["waited_too_long"] : ["waited_too_long", "attitude"])
            }
            let counter = ["Q01", "Q02", "Q03", "Q04"].randomElement(using: &random)!
            let channel: Channel = Double.random(in: 0..<1, using: &random) < 0.8 ? .touch : .paper
            var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let id = UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
            let submission = RatingSubmission(
                id: id, survey: "quick", answers: answers, counter: counter, field: counter == "Q01" ? "ho-tich" : "dat-dai",
                officer: "cb-0\(Int.random(in: 1...6, using: &random))", channel: channel,
                kiosk: channel == .touch ? "kiosk-\(counter)" : nil, createdAt: createdAt)
            var rating = Rating(submission, survey: survey, receivedAt: createdAt.addingTimeInterval(2))
            if Double.random(in: 0..<1, using: &random) < 0.02 { rating.excluded = .misuse }
            prepared.append(PreparedRating(rating, survey: survey, timeZone: hoChiMinh))
        }
        try database.record(prepared)
        return prepared.map(\.rating)
    }

    /// A pusher of this centre to `hub` with `token`.
    func pusher(hub: URL, token: String, batchSize: Int = HubPushBatch.maximumItems) -> HubPusher {
        var settings = HubPushSettings(url: hub, token: token)
        settings.batchSize = batchSize
        settings.timeout = 30
        settings.interval = .milliseconds(50)
        settings.initialBackoff = .milliseconds(50)
        settings.maximumBackoff = .milliseconds(400)
        var logger = Logger(label: "test.push")
        logger.logLevel = .critical
        return HubPusher(database: database, settings: settings, timeZone: hoChiMinh, logger: logger)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Runs `body` with a PostgreSQL server, its migrated hub database and a hub server on a loopback port.
func withHub<Result: Sendable>(
    http: HTTPLimits = HTTPLimits(), _ body: @Sendable (PostgresTestServer, HubDatabase, RunningHub) async throws -> Result
) async throws -> Result {
    try await PostgresTestServer.with { server in
        var configuration = HubConfiguration(postgresURL: server.url)
        configuration.maximumConnections = 4
        var logger = Logger(label: "test.hub.db")
        logger.logLevel = .critical
        let url = server.url
        return try await HubDatabase.with(configuration, logger: logger) { database in
            let hub = try await RunningHub.start(postgres: url, http: http)
            do {
                let result = try await body(server, database, hub)
                await hub.stop()
                return result
            } catch {
                await hub.stop()
                throw error
            }
        }
    }
}

/// JSON of a figures report with sorted keys, for exact comparison; `centre` (the hub's addition) left out.
func canonicalJSON(_ report: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var object = try JSONSerialization.jsonObject(with: try encoder.encode(report)) as! [String: Any]
    object.removeValue(forKey: "centre")
    return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// An HTTP request to the hub; returns the status, headers and body.
func hubExchange(_ url: URL, method: String = "GET", token: String? = nil, body: Data? = nil) async throws -> (Int, HTTPFields, Data) {
    let components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
    var uri = components.percentEncodedPath
    if let query = components.percentEncodedQuery { uri += "?" + query }
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    if body != nil { headers[.contentType] = "application/json" }
    let request = TestClient.Request(
        uri, method: HTTPRequest.Method(rawValue: method)!, authority: "127.0.0.1", headers: headers, body: body.map { ByteBuffer(bytes: $0) })
    return try await TestClient.withClient(host: components.host ?? "127.0.0.1", port: components.port ?? 80) { client in
        let response = try await client.execute(request)
        return (response.status.code, response.headers, response.body.map { Data($0.readableBytesView) } ?? Data())
    }
}

/// An HTTP request to the hub; returns the status and body. (HummingbirdTesting's client, not URLSession:
/// FoundationNetworking never completes a task whose 401 carries a `WWW-Authenticate: Basic` challenge.)
func hubRequest(_ url: URL, method: String = "GET", token: String? = nil, body: Data? = nil) async throws -> (Int, Data) {
    let (status, _, data) = try await hubExchange(url, method: method, token: token, body: body)
    return (status, data)
}
