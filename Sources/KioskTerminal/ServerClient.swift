import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Talks to a running `kiosk serve`: JSON requests with the kiosk's token, answered synchronously (it is
/// called from the kiosk's own sending threads, never from the screen's).
public struct ServerClient: Sendable {
    /// What came back from the server.
    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
    }

    /// Why a request got no answer.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let baseURL: URL
    public let token: String?
    public let timeout: TimeInterval
    private let session: URLSession

    /// Makes a client of the server at `baseURL`, sending `token` when given, giving up after `timeout` seconds.
    public init(baseURL: URL, token: String?, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Sends a request and waits for its answer.
    /// - Throws: ``Failure`` when the server cannot be reached or does not answer in time.
    public func send(_ method: String, _ path: String, json: String? = nil) throws -> Reply {
        var request = URLRequest(url: baseURL.appendingPathComponent(path), timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token, !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let result = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                result.set(.success(Reply(status: response.statusCode, body: data ?? Data())))
            } else {
                result.set(.failure(Failure(description: error.map { "\($0.localizedDescription)" } ?? "no answer")))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw Failure(description: "no answer within \(Int(timeout)) s")
        }
        return try result.get()
    }
}

/// The answer of one request, handed from URLSession's queue to the waiting thread.
private final class ReplyBox: Sendable {
    private let state = Locked<Result<ServerClient.Reply, ServerClient.Failure>?>(nil)

    func set(_ value: Result<ServerClient.Reply, ServerClient.Failure>) { state.withLock { $0 = value } }

    func get() throws -> ServerClient.Reply {
        guard let value = state.withLock({ $0 }) else { throw ServerClient.Failure(description: "no answer") }
        return try value.get()
    }
}

/// A value shared between threads, reached only under its lock.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only inside `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
