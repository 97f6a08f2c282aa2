import ArgumentParser
import Foundation
import Hummingbird
import KioskCore
import KioskHub
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension Kiosk.Bench {
    struct HubSpeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hub",
            abstract: "Simulated centres push demo ratings to a hub over HTTP; then the city dashboard's figures for a year, "
                + "beside a plain SQL aggregate over the raw ratings. Prints one JSON line.")

        @OptionGroup var database: HubDatabaseOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "Simulated centres.") var centres = 100
        @Option(help: "Ratings in total, shared evenly by the centres.") var ratings = 10_000_000
        @Option(help: "Centres pushing at the same time.") var concurrency = 4
        @Option(help: "The year the ratings fall in and the dashboard shows.") var year = 2026
        @Option(help: "Timed runs of each figure; the median is reported.") var repeats = 7
        @Flag(help: "Skip the push: the hub already holds the ratings (a second timing run).") var skipPush = false

        func run() async throws {
            var configuration = try database.configuration()
            configuration.port = 0
            configuration.logLevel = .error
            configuration.maximumConnections = max(8, concurrency * 2)
            let demo = DemoRatings(content: try loadContent(content))
            guard let survey = demo.content.surveys["quick"] else { throw ValidationError("the content has no quick survey") }
            let reporting = ReportingSettings()
            var logger = Logger(label: "kiosk.bench")
            logger.logLevel = .error
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = try await buildHubApplication(configuration, onServerRunning: { continuation.yield($0) })
            let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
            let serving = Task { try await group.run() }
            var port = 0
            for await value in ports {
                port = value
                break
            }
            let hubURL = URL(string: "http://127.0.0.1:\(port)/hub/v1/push")!
            let (centres, ratings, concurrency, year, repeats, skipPush) = (centres, ratings, concurrency, year, repeats, skipPush)
            let result = try await HubDatabase.with(configuration, logger: logger) { hub in
                var pushSeconds = 0.0
                if !skipPush {
                    var tokens: [(String, String)] = []
                    for index in 1...centres {
                        let code = String(format: "HP-%03d", index)
                        let token = try await hub.addCentre(
                            code: code, name: "Trung tâm \(code)", district: "Quận \(index % 15 + 1)",
                            kind: [CentreKind.ward, .commune, .specialZone][index % 10 == 0 ? 2 : index % 2])
                        tokens.append((code, token))
                    }
                    let clock = ContinuousClock()
                    let started = clock.now
                    let perCentre = ratings / centres
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        var next = 0
                        func startNext() {
                            guard next < tokens.count else { return }
                            let (index, token) = (next, tokens[next].1)
                            next += 1
                            tasks.addTask {
                                try await Self.pushCentre(
                                    demo: demo, survey: survey, seed: UInt64(index + 1), count: perCentre, year: year, token: token, url: hubURL)
                            }
                        }
                        for _ in 0..<concurrency { startNext() }
                        while try await tasks.next() != nil { startNext() }
                    }
                    pushSeconds = Self.seconds(clock.now - started)
                    try await hub.client.query("VACUUM ANALYZE")
                }
                let period = try ReportingPeriod.parse(String(year), settings: reporting)
                func median(_ body: () async throws -> Void) async rethrows -> Double {
                    var times: [Double] = []
                    let clock = ContinuousClock()
                    for _ in 0..<repeats {
                        let start = clock.now
                        try await body()
                        times.append(Self.seconds(clock.now - start) * 1000)
                    }
                    return times.sorted()[times.count / 2]
                }
                var stored: Int64 = 0
                for try await count in try await hub.client.query("SELECT count(*) FROM rating").decode(Int64.self) { stored = count }
                let dashboard = try await median { _ = try await hub.cityFigures(of: period, groupBy: .district, reporting: reporting) }
                let byCentre = try await median {
                    _ = try await hub.tallies(TallyFilter(from: period.first, to: period.last), centre: nil, by: .city(.centre))
                }
                let raw = try await median { _ = try await hub.rawTalliesByCentre(from: period.first, to: period.last) }
                // The two ways give the same counts.
                let fromRollups = try await hub.tallies(TallyFilter(from: period.first, to: period.last), centre: nil, by: .city(.centre))
                let fromRaw = try await hub.rawTalliesByCentre(from: period.first, to: period.last)
                var size: Int64 = 0
                for try await bytes in try await hub.client.query("SELECT pg_database_size(current_database())").decode(Int64.self) { size = bytes }
                return [
                    "centres": Double(centres), "ratings": Double(stored), "pushSeconds": pushSeconds,
                    "ratingsPerSecond": pushSeconds > 0 ? Double(ratings / centres * centres) / pushSeconds : 0,
                    "dashboardMs": dashboard, "byCentreMs": byCentre, "rawMs": raw, "databaseBytes": Double(size),
                    "sameCounts": fromRollups == fromRaw ? 1 : 0, "concurrency": Double(concurrency),
                ]
            }
            await group.triggerGracefulShutdown()
            _ = try? await serving.value
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// One simulated centre: its year of demo ratings pushed in order, 500 at a time, as its pusher would.
        static func pushCentre(
            demo: DemoRatings, survey: Survey, seed: UInt64, count: Int, year: Int, token: String, url: URL
        ) async throws {
            let last = LocalDate(year: year, month: 12, day: 31)
            let days = LocalDate(year: year, month: 1, day: 1).days(to: last) + 1
            let all = demo.make(count: count, seed: seed, lastDay: last, days: days)
            let session = URLSession(configuration: .ephemeral)
            // Used after the last wait, so that the session lives until its last task has answered.
            defer { session.finishTasksAndInvalidate() }
            var seq: Int64 = 0
            for start in stride(from: 0, to: all.count, by: HubPushBatch.maximumItems) {
                let batch = all[start..<min(start + HubPushBatch.maximumItems, all.count)].map { rating -> HubRating in
                    seq += 1
                    return hubRating(rating, seq: seq, survey: survey, timeZone: demo.timeZone)
                }
                var request = URLRequest(url: url, timeoutInterval: 120)
                request.httpMethod = "POST"
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = try JSONEncoder().encode(HubPushBatch(ratings: batch))
                let status: Int = try await withCheckedThrowingContinuation { continuation in
                    session.dataTask(with: request) { _, response, error in
                        if let response = response as? HTTPURLResponse {
                            continuation.resume(returning: response.statusCode)
                        } else {
                            continuation.resume(throwing: error ?? URLError(.badServerResponse))
                        }
                    }.resume()
                }
                guard status == 200 else { throw ValidationError("the hub answered \(status) to a push") }
            }
        }

        /// A demo rating as a centre pushes it.
        static func hubRating(_ rating: Rating, seq: Int64, survey: Survey, timeZone: TimeZone) -> HubRating {
            let keys = rating.rollupEntries(for: survey, in: timeZone)
            let (day, hour) = LocalDate.of(rating.createdAt, in: timeZone)
            let id = rating.id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return HubRating(
                id: rating.id, seq: seq, fingerprint: id + id, survey: rating.survey, mainChoice: rating.mainChoice,
                satisfied: rating.satisfied,
                answers: keys.map { HubAnswer(question: $0.question, choice: $0.choice, main: $0.isMain, satisfied: $0.satisfied) },
                counter: rating.counter, field: rating.field, officer: rating.officer, channel: rating.channel.rawValue, kiosk: rating.kiosk,
                createdAt: RFC3339.format(rating.createdAt, in: timeZone), receivedAt: RFC3339.format(rating.receivedAt, in: timeZone),
                localDay: day, hour: hour, excluded: rating.excluded?.rawValue)
        }
    }
}
