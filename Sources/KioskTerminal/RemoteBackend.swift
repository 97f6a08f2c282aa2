import Foundation
import KioskCore
import KioskStore
import Logging

/// Ratings and calls sent to a running server (`--server URL`) with the kiosk's token.
///
/// A rating is checked against the content, written to the outbox, and sent from there by a thread of
/// its own, oldest first, with the id it was made with: 201 or 200 means delivered (a retry never makes a
/// second rating); 409 (the id or dossier holds another rating) and other 4xx are logged and moved to the
/// outbox's table of refused ratings; no answer, 5xx, or 401 (a token the server does not know: nothing is
/// wrong with the rating) keeps it and tries again, waiting longer each time (up to ``maximumDelay``), and
/// at once when a new rating is made.
public final class RemoteBackend: KioskBackend {
    private let client: ServerClient
    private let outbox: Outbox
    private let check: RatingCheck
    private let kioskID: String?
    private let logger: Logger
    /// The first wait after a failed attempt, and the longest.
    public let minimumDelay: TimeInterval
    public let maximumDelay: TimeInterval
    /// How often a waiting call is asked after.
    public let callPollInterval: TimeInterval
    /// The pause between two ratings of a backlog (``MisuseSettings/backlogSpacing`` of the content).
    public let backlogSpacing: TimeInterval

    private struct State {
        var waiting = 0
        var offline = false
        var stopped = false
        var kicked = false
        var calls: [UUID: CallStatus] = [:]
        var activeCall: UUID?
    }

    private let state = Locked(State())
    private let wake = NSCondition()

    /// Makes a backend that sends through `client` from `outbox`.
    /// - Parameters:
    ///   - minimumDelay: the first wait after a failed attempt.
    ///   - maximumDelay: the longest wait.
    ///   - callPollInterval: how often a waiting call is asked after.
    ///   - backlogSpacing: the pause between two ratings of a backlog; the content's when `nil`.
    public init(
        client: ServerClient, outbox: Outbox, content: CentreContent, kioskID: String?, logger: Logger,
        minimumDelay: TimeInterval = 1, maximumDelay: TimeInterval = 15, callPollInterval: TimeInterval = 3,
        backlogSpacing: TimeInterval? = nil
    ) {
        self.backlogSpacing = backlogSpacing ?? content.centre.misuse.backlogSpacing
        self.client = client
        self.outbox = outbox
        self.check = RatingCheck(content: content, logger: logger)
        self.kioskID = kioskID
        self.logger = logger
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.callPollInterval = callPollInterval
        let waiting = (try? outbox.count()) ?? 0
        state.withLock { $0.waiting = waiting }
        let sender = Thread { [self] in self.sendLoop() }
        sender.name = "kiosk-outbox"
        sender.start()
    }

    // MARK: - Ratings

    /// Checks the rating and writes it to the outbox; the sending thread delivers it.
    public func submit(id: UUID, body: JSONValue) {
        guard check.validate(body, id: id, now: Date()) != nil else { return }
        do {
            try outbox.add(id: id, body: JSONText.encode(body))
            logger.info("rating kept in the outbox", metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())"])
        } catch {
            logger.error("rating could not be written to the outbox: \(error)", metadata: ["kiosk.rating.id": "\(id.uuidString.lowercased())"])
        }
        refreshCount()
        kick()
    }

    public var status: BackendStatus {
        state.withLock { BackendStatus(waitingRatings: $0.waiting, offline: $0.offline) }
    }

    /// Stops the backend's threads; what is unsent stays in the outbox.
    public func stop() {
        state.withLock { $0.stopped = true }
        kick()
    }

    private func kick() {
        wake.lock()
        state.withLock { $0.kicked = true }
        wake.broadcast()
        wake.unlock()
    }

    /// Waits until kicked (unless `wakeOnNewRating` is false), stopped, or `seconds` have passed.
    private func pause(_ seconds: TimeInterval, wakeOnNewRating: Bool = true) {
        let deadline = Date().addingTimeInterval(seconds)
        wake.lock()
        while !state.withLock({ ($0.kicked && wakeOnNewRating) || $0.stopped }) {
            if !wake.wait(until: deadline) { break }
        }
        state.withLock { $0.kicked = false }
        wake.unlock()
    }

    private func refreshCount() {
        let waiting = (try? outbox.count()) ?? 0
        state.withLock { $0.waiting = waiting }
    }

    private enum Delivery {
        case done
        case retry(String)
    }

    private func sendLoop() {
        var delay = minimumDelay
        while !state.withLock({ $0.stopped }) {
            let item: Outbox.Item?
            do {
                item = try outbox.oldest()
            } catch {
                logger.error("the outbox cannot be read: \(error)")
                pause(maximumDelay)
                continue
            }
            guard let item else {
                pause(60)
                continue
            }
            switch deliver(item) {
            case .done:
                delay = minimumDelay
                state.withLock { $0.offline = false }
                // A backlog goes out slowly enough never to look like a burst of presses.
                if ((try? outbox.count()) ?? 0) > 0 { pause(backlogSpacing, wakeOnNewRating: false) }
            case .retry(let reason):
                try? outbox.noteFailure(id: item.id, error: reason)
                state.withLock { $0.offline = true }
                pause(delay)
                delay = min(maximumDelay, delay * 2)
            }
            refreshCount()
        }
    }

    private func deliver(_ item: Outbox.Item) -> Delivery {
        let metadata: Logger.Metadata = ["kiosk.rating.id": "\(item.id.uuidString.lowercased())"]
        let reply: ServerClient.Reply
        do {
            reply = try client.send("POST", "api/v1/ratings", json: item.body)
        } catch {
            logger.info("server not reached; the rating stays in the outbox: \(error)", metadata: metadata)
            return .retry("\(error)")
        }
        let detail = String(decoding: reply.body.prefix(500), as: UTF8.self)
        switch reply.status {
        case 200, 201:
            try? outbox.remove(id: item.id)
            logger.info("rating delivered", metadata: metadata.merging(["http.status": "\(reply.status)"]) { $1 })
            return .done
        case 408, 429, 500...:
            logger.warning("server answered \(reply.status); the rating stays in the outbox", metadata: metadata)
            return .retry("HTTP \(reply.status)")
        case 401:
            // The server does not know this kiosk's token: nothing is wrong with the rating, so it waits
            // (and the ratings after it) until the IT officer gives the kiosk a token the server knows.
            logger.error(
                "the server does not accept this kiosk's token (HTTP 401); ratings stay in the outbox until it does: \(detail)",
                metadata: metadata)
            return .retry("HTTP 401")
        case 400 where Self.errorField(reply.body) == "createdAt":
            // The kiosk's clock runs ahead of the server's: send it again stamped by the server's clock.
            if case .object(var object)? = JSONText.decode(item.body), object["createdAt"] != nil {
                object["createdAt"] = nil
                try? outbox.replace(id: item.id, body: JSONText.encode(.object(object)))
                logger.warning("the server refused the kiosk's clock; sending the rating without its time", metadata: metadata)
                return .done
            }
            fallthrough
        default:
            let what = reply.status == 409 ? "conflict: the server holds another rating under this id or dossier" : "refused"
            logger.error("rating \(what) (HTTP \(reply.status)); dropped from the outbox: \(detail)", metadata: metadata)
            try? outbox.reject(item, status: reply.status, detail: detail)
            return .done
        }
    }

    private static func errorField(_ body: Data) -> String? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: body),
            case .object(let error)? = object["error"], case .string(let field)? = error["field"]
        else { return nil }
        return field
    }

    // MARK: - Calls

    /// Sends the call from a thread of its own, which then follows its status.
    public func placeCall(id: UUID, topic: String?) {
        state.withLock {
            $0.calls[id] = .sending
            $0.activeCall = id
        }
        let thread = Thread { [self] in self.followCall(id: id, topic: topic) }
        thread.name = "kiosk-call"
        thread.start()
    }

    /// The call's status as last heard from the server.
    public func callStatus(id: UUID) -> CallStatus? {
        state.withLock { $0.calls[id] }
    }

    /// Marks the call cancelled and, when the server has it, tells the server.
    public func cancelCall(id: UUID) {
        let sent = state.withLock { state -> Bool in
            let before = state.calls[id]
            state.calls[id] = .cancelled
            if state.activeCall == id { state.activeCall = nil }
            return before == .waiting || before == .taken
        }
        guard sent else { return }
        let thread = Thread { [self] in _ = try? self.client.send("POST", "api/v1/calls/\(id.uuidString.lowercased())/cancel") }
        thread.start()
    }

    private func isActive(_ id: UUID) -> Bool {
        state.withLock { $0.activeCall == id && $0.calls[id] != .cancelled && !$0.stopped }
    }

    private func setCall(_ id: UUID, _ status: CallStatus) {
        state.withLock { state in
            guard state.calls[id] != .cancelled else { return }
            state.calls[id] = status
        }
    }

    /// Sends the call until the server has it (every few seconds), then asks after it until a staff
    /// member takes it, it is withdrawn, or ten minutes have passed.
    private func followCall(id: UUID, topic: String?) {
        var topic = topic
        var sent = false
        let started = Date()
        while isActive(id) && Date().timeIntervalSince(started) < 600 {
            if !sent {
                var body: [String: JSONValue] = ["id": .string(id.uuidString.lowercased())]
                if let kioskID { body["kiosk"] = .string(kioskID) }
                if let topic { body["topic"] = .string(topic) }
                do {
                    let reply = try client.send("POST", "api/v1/calls", json: JSONText.encode(.object(body)))
                    if (200..<300).contains(reply.status) {
                        sent = true
                        setCall(id, Self.callStatus(reply.body) ?? .waiting)
                        logger.notice("help call sent", metadata: ["kiosk.call.id": "\(id.uuidString.lowercased())"])
                    } else if reply.status == 400 && topic != nil {
                        topic = nil  // an unknown topic must not stop the call
                        continue
                    } else if (400..<500).contains(reply.status) {
                        logger.error("help call refused (HTTP \(reply.status))")
                        setCall(id, .failed)
                        return
                    } else {
                        setCall(id, .failed)
                    }
                } catch {
                    setCall(id, .failed)
                }
            } else if let reply = try? client.send("GET", "api/v1/calls/\(id.uuidString.lowercased())"), reply.status == 200,
                let status = Self.callStatus(reply.body)
            {
                setCall(id, status)
                if status == .taken || status == .cancelled { return }
            }
            Thread.sleep(forTimeInterval: callPollInterval)
        }
    }

    private static func callStatus(_ body: Data) -> CallStatus? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: body), case .string(let text)? = object["status"] else {
            return nil
        }
        return CallStatus(rawValue: text)
    }
}
