import Foundation
import GRDB

/// A read-only API token for an integration (a city dashboard), stored as a hash.
public struct APIToken: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var createdAt: Date
    public var revoked: Bool
}

extension AppDatabase {
    /// Makes a token named `name`; returns the secret, which is shown once and stored only as a hash.
    /// Records `token.create` with `actor` (who made it).
    public func createToken(name: String, role: Role, actor: String? = nil, now: Date = Date()) throws -> String {
        guard (2...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw UserError.invalidName(name)
        }
        let secret = "ck_" + Self.randomToken()
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_token WHERE name = ?", arguments: [name]) == true {
                throw UserError.alreadyExists(name)
            }
            try db.execute(
                sql: "INSERT INTO api_token (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, Self.hash(secret), RatingRecord.timestamp.format(now)])
            try Self.audit(AuditEvent(action: "token.create", actor: actor, detail: "token \(name) (\(role.rawValue))", at: now), in: db)
        }
        return secret
    }

    /// The live token with this secret, if any.
    public func token(secret: String) throws -> APIToken? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE token_hash = ? AND revoked_at IS NULL", arguments: [Self.hash(secret)])
                .map(APIToken.init(row:))
        }
    }

    /// Every token, revoked ones included.
    public func tokens() throws -> [APIToken] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY name").map(APIToken.init(row:)) }
    }

    /// Revokes a token; `false` when there is no live token of that name. Records `token.revoke`.
    @discardableResult
    public func revokeToken(name: String, actor: String? = nil, now: Date = Date()) throws -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                arguments: [RatingRecord.timestamp.format(now), name])
            guard db.changesCount > 0 else { return false }
            try Self.audit(AuditEvent(action: "token.revoke", actor: actor, detail: "token \(name)", at: now), in: db)
            return true
        }
    }

    /// 32 random bytes, URL-safe base64 without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension APIToken {
    init(row: Row) throws {
        name = row["name"]
        role = try Role.stored(row["role"])
        createdAt = RFC3339Parse.date(row["created_at"]) ?? .distantPast
        revoked = (row["revoked_at"] as String?) != nil
    }
}
