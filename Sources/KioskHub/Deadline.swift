/// A database that did not answer in time (PostgreSQL is down or overloaded).
struct DeadlineExceeded: Error {}

/// Runs `body`, cancelling it after `limit`: a request never waits forever on a database that is down, so
/// the centre's pusher gets an answer (and tries again later) and the hub can shut down.
/// - Throws: ``DeadlineExceeded`` after `limit`, or what `body` throws.
func withDeadline<Value: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
