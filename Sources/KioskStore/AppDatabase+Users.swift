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

/// A person as `kiosk user list` shows them.
public struct UserSummary: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var disabled: Bool
    /// The last successful sign-in, from the audit log.
    public var lastLogin: Date?
}

/// Why a user could not be added or changed.
public enum UserError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Adding a name that is taken.
    case alreadyExists(String)
    /// A name with other characters than letters, digits, '.', '_' and '-', or of the wrong length.
    case invalidName(String)
    /// Changing a user who does not exist.
    case notFound(String)

    public var description: String {
        switch self {
        case .alreadyExists(let name): "a user named '\(name)' already exists"
        case .invalidName(let name): "user name '\(name)' may hold only letters, digits, '.', '_' and '-' (2–64)"
        case .notFound(let name): "there is no user named '\(name)'"
        }
    }
}

/// The rules of an account's name and password, for every place that makes or changes one.
public enum UserAccount {
    /// The fewest characters of a password.
    public static let minimumPasswordLength = 10

    /// A name of 2–64 ASCII letters, digits, '.', '_' and '-'.
    public static func isValidName(_ name: String) -> Bool {
        (2...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

extension AppDatabase {
    /// Adds a user with an already-hashed password; records `user.add` with `actor` (who added them).
    public func addUser(name: String, role: Role, passwordHash: String, actor: String? = nil, now: Date = Date()) throws {
        guard UserAccount.isValidName(name) else {
            throw UserError.invalidName(name)
        }
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == true {
                throw UserError.alreadyExists(name)
            }
            try db.execute(
                sql: "INSERT INTO user (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, passwordHash, RatingRecord.timestamp.format(now)])
            try Self.audit(AuditEvent(action: "user.add", actor: actor, detail: "user \(name) (\(role.rawValue))", at: now), in: db)
        }
    }

    /// Replaces a user's password hash, ends their sessions and forgets their failed sign-ins (an
    /// administrator's reset also lifts a lock); records `user.passwd`.
    /// - Throws: ``UserError/notFound(_:)`` when there is no such user.
    public func setPassword(of name: String, passwordHash: String, actor: String? = nil, now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount > 0 else { throw UserError.notFound(name) }
            try db.execute(sql: "DELETE FROM session WHERE user_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM login_failure WHERE account = ?", arguments: [name])
            try Self.audit(AuditEvent(action: "user.passwd", actor: actor, detail: "user \(name)", at: now), in: db)
        }
    }

    /// Disables a user (ending every session of theirs at once) or enables them again (forgetting their
    /// failed sign-ins); records `user.disable` or `user.enable`.
    /// - Throws: ``UserError/notFound(_:)`` when there is no such user.
    public func setDisabled(_ disabled: Bool, name: String, actor: String? = nil, now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE user SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            guard db.changesCount > 0 else { throw UserError.notFound(name) }
            if disabled {
                try db.execute(sql: "DELETE FROM session WHERE user_name = ?", arguments: [name])
            } else {
                try db.execute(sql: "DELETE FROM login_failure WHERE account = ?", arguments: [name])
            }
            try Self.audit(AuditEvent(action: disabled ? "user.disable" : "user.enable", actor: actor, detail: "user \(name)", at: now), in: db)
        }
    }

    /// Every user by name, with their last sign-in.
    public func users() throws -> [UserSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user.name, user.role, user.disabled,
                           (SELECT MAX(at) FROM audit_log WHERE action = 'login' AND actor = user.name) AS last_login
                    FROM user ORDER BY user.name
                    """
            ).map { row in
                UserSummary(
                    name: row["name"], role: try Role.stored(row["role"]), disabled: row["disabled"],
                    lastLogin: RFC3339Parse.date(row["last_login"]))
            }
        }
    }

    /// How many live sessions a user has (for tests and `kiosk user list`).
    public func sessionCount(of name: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE user_name = ?", arguments: [name]) ?? 0 }
    }

    /// The user called `name`, if any.
    public func user(named name: String) throws -> User? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]).map(User.init(row:))
        }
    }

    /// Starts a session for `user` and returns its secret token (only its hash is stored).
    public func startSession(for user: String, now: Date = Date()) throws -> String {
        let token = Self.randomToken()
        let stamp = RatingRecord.timestamp.format(now)
        try write { db in
            try db.execute(
                sql: "INSERT INTO session (token_hash, user_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.hash(token), user, stamp, stamp])
        }
        return token
    }

    /// The user of a live session, refreshing its last use; `nil` when the token is unknown, idle longer
    /// than `idleLimit`, older than `lifetime`, or its user is disabled (such a session is deleted).
    public func sessionUser(token: String, idleLimit: TimeInterval, lifetime: TimeInterval = 12 * 60 * 60, now: Date = Date()) throws -> User? {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT user.*, session.last_seen_at AS last_seen, session.created_at AS started
                        FROM session JOIN user ON user.name = session.user_name WHERE token_hash = ?
                        """,
                    arguments: [Self.hash(token)])
            else { return nil }
            let lastSeen = RFC3339Parse.date(row["last_seen"]) ?? .distantPast
            let started = RFC3339Parse.date(row["started"]) ?? .distantPast
            let user = try User(row: row)
            guard now.timeIntervalSince(lastSeen) <= idleLimit, now.timeIntervalSince(started) <= lifetime, !user.disabled else {
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
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Self.hash(token)])
        }
    }

    static func hash(_ token: String) -> String {
        RatingChain.hex(SHA256.hash(data: Data(token.utf8)))
    }
}

extension Role {
    /// The role stored as `text`; a role this version does not know means the store was changed by hand
    /// or is damaged, so it is refused rather than read as a lesser role.
    /// - Throws: ``StoreError/damaged(reason:)`` naming the unknown role.
    static func stored(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else {
            throw StoreError.damaged(reason: "the stored role '\(text)' is none of staff, head or admin")
        }
        return role
    }
}

extension User {
    init(row: Row) throws {
        name = row["name"]
        role = try Role.stored(row["role"])
        passwordHash = row["password_hash"]
        disabled = row["disabled"]
    }
}

enum RFC3339Parse {
    static func date(_ text: String?) -> Date? {
        text.flatMap { try? RatingRecord.timestamp.parse($0) }
    }
}
