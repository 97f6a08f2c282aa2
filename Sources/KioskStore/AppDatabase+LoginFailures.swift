import Foundation
import GRDB

/// How many failed sign-ins lock an account or a client address, and for how long.
public struct LoginLimits: Sendable, Equatable {
    /// Failures for one account name within ``window`` that lock it (default 5).
    public var failuresPerAccount: Int
    /// Failures from one client address within ``window`` that lock it (default 20).
    public var failuresPerAddress: Int
    /// The time over which failures are counted (default 15 minutes).
    public var window: TimeInterval
    /// How long a lock lasts after the failure that set it (default 15 minutes).
    public var lockDuration: TimeInterval

    /// Makes the limits; the defaults are 5 failures per account and 20 per address within 15 minutes, and a 15-minute lock.
    public init(failuresPerAccount: Int = 5, failuresPerAddress: Int = 20, window: TimeInterval = 15 * 60, lockDuration: TimeInterval = 15 * 60) {
        self.failuresPerAccount = failuresPerAccount
        self.failuresPerAddress = failuresPerAddress
        self.window = window
        self.lockDuration = lockDuration
    }
}

/// What the store says about a sign-in about to be checked.
public enum LoginAttempt: Sendable, Equatable {
    /// The account name or the client address is locked until `until`; nothing was counted.
    case locked(until: Date)
    /// The attempt is counted as a failure until ``AppDatabase/loginSucceeded(_:account:)`` takes it back;
    /// `locksAccount` / `locksAddress` say whether it locks the account or the address if it fails.
    case counted(id: Int64, locksAccount: Bool, locksAddress: Bool)
}

extension AppDatabase {
    /// Counts a sign-in before its password is checked, in one transaction with the lock check, so that
    /// guesses sent in parallel cannot slip past the limit.
    /// - Parameters:
    ///   - account: the name typed (stored as typed, at most 64 characters, whether or not it exists).
    ///   - address: the client's address.
    /// - Returns: ``LoginAttempt/locked(until:)`` when the name or the address is locked, else the counted attempt.
    public func beginLogin(account: String, address: String, limits: LoginLimits, now: Date = Date()) throws -> LoginAttempt {
        let account = String(account.prefix(64))
        let horizon = RatingRecord.timestamp.format(now.addingTimeInterval(-(limits.window + limits.lockDuration)))
        return try write { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [horizon])
            func times(_ column: String, _ value: String) throws -> [Date] {
                try String.fetchAll(db, sql: "SELECT at FROM login_failure WHERE \(column) = ? ORDER BY at", arguments: [value])
                    .compactMap { RFC3339Parse.date($0) }
            }
            let accountUntil = Self.lockedUntil(try times("account", account), limit: limits.failuresPerAccount, limits: limits)
            let addressUntil = Self.lockedUntil(try times("address", address), limit: limits.failuresPerAddress, limits: limits)
            let until = [accountUntil, addressUntil].compactMap { $0 }.filter { $0 > now }.max()
            if let until { return .locked(until: until) }
            try db.execute(
                sql: "INSERT INTO login_failure (account, address, at) VALUES (?, ?, ?)",
                arguments: [account, address, RatingRecord.timestamp.format(now)])
            let id = db.lastInsertedRowID
            let locksAccount =
                (Self.lockedUntil(try times("account", account), limit: limits.failuresPerAccount, limits: limits) ?? .distantPast) > now
            let locksAddress =
                (Self.lockedUntil(try times("address", address), limit: limits.failuresPerAddress, limits: limits) ?? .distantPast) > now
            return .counted(id: id, locksAccount: locksAccount, locksAddress: locksAddress)
        }
    }

    /// Takes back a counted attempt whose password was right, and forgets the account's earlier failures.
    public func loginSucceeded(_ id: Int64, account: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE id = ? OR account = ?", arguments: [id, String(account.prefix(64))])
        }
    }

    /// The end of the latest lock that `limit` failures within the window set, if any.
    /// - Parameter times: the failures, oldest first.
    static func lockedUntil(_ times: [Date], limit: Int, limits: LoginLimits) -> Date? {
        guard limit > 0, times.count >= limit else { return nil }
        var until: Date?
        for index in (limit - 1)..<times.count where times[index].timeIntervalSince(times[index - limit + 1]) <= limits.window {
            until = max(until ?? .distantPast, times[index].addingTimeInterval(limits.lockDuration))
        }
        return until
    }
}
