import Foundation
import KioskCore
import KioskStore
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where a centre pushes its ratings: the hub's address and the centre's push token.
public struct HubPushSettings: Sendable {
    /// The hub's base address (`https://hub.example.vn`); pushes go to `/hub/v1/push` under it.
    public var url: URL
    /// The push token of `kiosk hub centres add`.
    public var token: String
    /// Ratings (and voids) per push, at most ``HubPushBatch/maximumItems``.
    public var batchSize = HubPushBatch.maximumItems
    /// How long to wait for the hub's answer.
    public var timeout: TimeInterval = 30
    /// How often a caught-up pusher looks for new ratings.
    public var interval: Duration = .seconds(5)
    /// The first wait after a failure; it doubles up to ``maximumBackoff``.
    public var initialBackoff: Duration = .seconds(1)
    public var maximumBackoff: Duration = .seconds(120)

    /// Makes the settings of the hub at `url` with the centre's push token; the other settings keep their defaults.
    public init(url: URL, token: String) {
        self.url = url
        self.token = token
    }

    /// Reads the token from `file` (its first line).
    /// - Throws: when the file cannot be read or is empty.
    public init(url: URL, tokenFile: URL) throws {
        let text = try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw HubPushError.noToken(tokenFile.path) }
        self.init(url: url, token: text)
    }

    /// The name under which the store keeps this hub's cursor.
    var cursorName: String { url.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
}

/// Why a push did not go through; the pusher tries again later.
public enum HubPushError: Error, Sendable, CustomStringConvertible {
    /// The token file is empty.
    case noToken(String)
    /// No answer (the hub is down, or the network).
    case unreachable(String)
    /// The hub answered something else than 200.
    case refused(status: Int, message: String)
    /// The hub's answer does not match the push.
    case badAnswer(String)

    public var description: String {
        switch self {
        case .noToken(let path): "the token file \(path) is empty"
        case .unreachable(let reason): "the hub did not answer: \(reason)"
        case .refused(let status, let message): "the hub answered \(status): \(message)"
        case .badAnswer(let reason): "the hub's answer does not match the push: \(reason)"
        }
    }
}

/// What one round of pushing did.
public struct HubPushSummary: Sendable, Equatable {
    public var stored = 0
    public var duplicates = 0
    public var refused = 0
    public var voids = 0
    public var pushes = 0
}

/// Pushes a centre's new ratings and voids to its hub, in order, from the cursor kept in the store.
///
/// The cursor moves only after the hub has answered for a batch, so a push that got no answer is sent
/// again, and the hub keeps each rating once. An item the hub refuses (a conflict, or one it cannot store:
/// `refused` with a sentence) is logged, counted in `/metrics`, kept in `hub_push_refusal` and not sent again;
/// the cursor moves past it, so one bad item never holds back the ones after it. Nothing here touches how
/// the centre stores or serves ratings.
public struct HubPusher: Sendable {
    public let database: AppDatabase
    public let settings: HubPushSettings
    /// The centre's time zone (the hour of each rating, as its rollups count it).
    public let timeZone: TimeZone
    let logger: Logger
    let now: @Sendable () -> Date
    /// Called once for each item the hub refused, with its kind (`rating`, `void`) and status: the server counts
    /// them in `/metrics` (`kiosk_hub_push_refused_total`).
    let onRefusal: (@Sendable (_ kind: String, _ status: String) -> Void)?
    private let session: URLSession

    /// Makes a pusher of the ratings and voids of `database`.
    /// - Parameters:
    ///   - timeZone: the centre's time zone.
    ///   - onRefusal: called once for each item the hub refused.
    ///   - now: the clock; tests inject a fixed one.
    public init(
        database: AppDatabase, settings: HubPushSettings, timeZone: TimeZone, logger: Logger = Logger(label: "kiosk.hub.push"),
        onRefusal: (@Sendable (_ kind: String, _ status: String) -> Void)? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.settings = settings
        self.timeZone = timeZone
        self.logger = logger
        self.onRefusal = onRefusal
        self.now = now
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout
        configuration.timeoutIntervalForResource = settings.timeout
        session = URLSession(configuration: configuration)
    }

    /// Pushes until nothing is left to push.
    /// - Throws: ``HubPushError`` when the hub cannot be reached or refuses a push; what was answered stays pushed.
    @discardableResult
    public func pushPending() async throws -> HubPushSummary {
        var summary = HubPushSummary()
        while try await pushOnce(into: &summary) {}
        return summary
    }

    /// One push of at most a batch of ratings, or (once the ratings are all pushed) of voids.
    /// - Returns: whether there may be more to push.
    func pushOnce(into summary: inout HubPushSummary) async throws -> Bool {
        let hub = settings.cursorName
        var cursor = try database.hubPushCursor(hub: hub)
        let ratings = try database.ratingsForHub(after: cursor.ratingSeq, limit: settings.batchSize, timeZone: timeZone)
        let voids = ratings.isEmpty ? try database.voidsForHub(after: cursor.voidSeq, limit: settings.batchSize) : []
        if ratings.isEmpty && voids.isEmpty { return false }
        let result = try await send(HubPushBatch(ratings: ratings, voids: voids))
        guard result.ratings.count == ratings.count, result.voids.count == voids.count,
            zip(ratings, result.ratings).allSatisfy({ $0.id == $1.id }), zip(voids, result.voids).allSatisfy({ $0.ratingID == $1.id })
        else { throw HubPushError.badAnswer("\(result.ratings.count) outcomes for \(ratings.count) ratings") }
        var refusals: [HubPushRefusal] = []
        for outcome in result.ratings {
            switch outcome.status {
            case .stored: summary.stored += 1
            case .duplicate: summary.duplicates += 1
            case .conflict, .unknown, .refused:
                summary.refused += 1
                refusals.append(refusal(of: outcome, kind: "rating"))
            }
        }
        if let last = ratings.last { cursor.ratingSeq = last.seq }
        let refusedRatings = Set(try database.hubPushRefusals(hub: hub).filter { $0.kind == "rating" }.map(\.id))
        for outcome in result.voids {
            // A void of a rating the hub does not hold yet waits for the next round (its rating goes first);
            // one whose rating the hub refused is set aside with it.
            if outcome.status == .unknown && !refusedRatings.contains(outcome.id.uuidString.lowercased()) { break }
            if outcome.status == .unknown || outcome.status == .refused || outcome.status == .conflict {
                refusals.append(refusal(of: outcome, kind: "void"))
            } else {
                summary.voids += 1
            }
            cursor.voidSeq = outcome.seq
        }
        try database.advanceHubPush(hub: hub, to: cursor, refusals: refusals, at: now())
        for refusal in refusals {
            logger.warning(
                "the hub refused an item; it is kept here and not sent again",
                metadata: ["kiosk.hub.kind": "\(refusal.kind)", "kiosk.rating.id": "\(refusal.id)", "kiosk.hub.status": "\(refusal.status)"])
            onRefusal?(refusal.kind, refusal.status)
        }
        summary.pushes += 1
        if !voids.isEmpty && cursor.voidSeq != voids.last?.seq { return false }
        return true
    }

    /// The refusal kept for an item the hub did not store.
    private func refusal(of outcome: HubOutcome, kind: String) -> HubPushRefusal {
        HubPushRefusal(
            kind: kind, id: outcome.id.uuidString.lowercased(), seq: outcome.seq, status: outcome.status.rawValue, message: outcome.message)
    }

    /// The items the hub refused so far.
    public func refusals() throws -> [HubPushRefusal] {
        try database.hubPushRefusals(hub: settings.cursorName)
    }

    /// Sets the cursor back to the first rating and void.
    public func restart() throws {
        try database.resetHubPush(hub: settings.cursorName)
    }

    /// Sends one batch and reads the hub's answer.
    func send(_ batch: HubPushBatch) async throws -> HubPushResult {
        var request = URLRequest(url: settings.url.appendingPathComponent("hub/v1/push"), timeoutInterval: settings.timeout)
        request.httpMethod = "POST"
        request.setValue("Bearer \(settings.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(batch)
        let (data, status) = try await perform(request)
        guard status == 200 else {
            let message =
                (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error.message ?? String(decoding: data.prefix(300), as: UTF8.self)
            throw HubPushError.refused(status: status, message: message)
        }
        do {
            return try JSONDecoder().decode(HubPushResult.self, from: data)
        } catch {
            throw HubPushError.badAnswer("\(error)")
        }
    }

    private func perform(_ request: URLRequest) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let response = response as? HTTPURLResponse {
                    continuation.resume(returning: (data ?? Data(), response.statusCode))
                } else {
                    continuation.resume(throwing: HubPushError.unreachable(error.map { $0.localizedDescription } ?? "no answer"))
                }
            }
            task.resume()
        }
    }
}

extension HubPushSettings: DescribedByNameOnly {}
extension HubPusher: DescribedByNameOnly {}
