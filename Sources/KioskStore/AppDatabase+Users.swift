import Crypto
import Foundation
import GRDB

/// What a person may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Answers help calls, prints slips, keeps the product registry.
    case staff
    /// The centre head: sees and exports the figures.
    case head
    /// Manages people, kiosks and content.
    case admin
}

/// A person who logs in.
public struct User: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var disabled: Bool
}

/// Why a user could not be added.
public enum UserError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyExists(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .alreadyExists(let name): "a user named '\(name)' already exists"
        case .invalidName(let name): "user name '\(name)' may hold only letters, digits, '.', '_' and '-' (2–64)"
        }
    }
}

extension AppDatabase {
    /// Adds a user with an already-hashed password.
    public func addUser(name: String, role: Role, passwordHash: String, now: Date = Date()) throws {
        guard (2...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw UserError.invalidName(name)
        }
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == true {
                throw UserError.alreadyExists(name)
            }
            try db.execute(
                sql: "INSERT INTO user (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, passwordHash, RatingRecord.timestamp.format(now)])
        }
    }

    /// The user called `name`, if any.
    public func user(named name: String) throws -> User? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]).map(User.init(row:))
        }
    }

    /// Starts a session for `user` and returns its secret token (only its hash is stored).
    public func startSession(for user: String, now: Date = Date()) throws -> String {
        let token = Self.randomToken()
        let stamp = RatingRecord.timestamp.format(now)
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO session (token_hash, user_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.hash(token), user, stamp, stamp])
        }
        return token
    }

    /// The user of a live session, refreshing its last use; `nil` when the token is unknown, idle longer
    /// than `idleLimit`, or its user is disabled.
    public func sessionUser(token: String, idleLimit: TimeInterval, now: Date = Date()) throws -> User? {
        try writer.write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT user.*, session.last_seen_at AS last_seen FROM session JOIN user ON user.name = session.user_name WHERE token_hash = ?",
                arguments: [Self.hash(token)])
            else { return nil }
            let lastSeen = RFC3339Parse.date(row["last_seen"]) ?? .distantPast
            let user = User(row: row)
            guard now.timeIntervalSince(lastSeen) <= idleLimit, !user.disabled else {
                try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Self.hash(token)])
                return nil
            }
            try db.execute(
                sql: "UPDATE session SET last_seen_at = ? WHERE token_hash = ?",
                arguments: [RatingRecord.timestamp.format(now), Self.hash(token)])
            return user
        }
    }

    /// Ends a session.
    public func endSession(token: String) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Self.hash(token)])
        }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension User {
    init(row: Row) {
        name = row["name"]
        role = Role(rawValue: row["role"]) ?? .staff
        passwordHash = row["password_hash"]
        disabled = row["disabled"]
    }
}

enum RFC3339Parse {
    static func date(_ text: String?) -> Date? {
        text.flatMap { try? RatingRecord.timestamp.parse($0) }
    }
}
