import Crypto
import Foundation
import PostgresNIO

/// What kind of local government a centre serves.
public enum CentreKind: String, Sendable, CaseIterable, Codable {
    case ward, commune
    case specialZone = "special_zone"
}

/// A centre registered at the hub.
public struct HubCentre: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var district: String
    public var kind: CentreKind
    /// The `seq` of the last rating and void it pushed.
    public var ratingSeq: Int64
    public var voidSeq: Int64
    public var pushedAt: Date?
}

extension HubDatabase {
    /// Registers a centre and returns its push token (shown once; the hub keeps only its SHA-256).
    /// - Throws: ``HubError/centreExists(_:)``, ``HubError/invalidCentre(_:)``.
    public func addCentre(code: String, name: String, district: String = "", kind: CentreKind) async throws -> String {
        guard code.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
            throw HubError.invalidCentre("the centre code '\(code)' must be letters, digits, '.', '_' or '-' (at most 64)")
        }
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else { throw HubError.invalidCentre("the centre needs a name") }
        let district = district.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        let token = Self.makeToken(prefix: "hub_")
        let hash = Self.tokenHash(token)
        let inserted = try await client.query(
            """
            INSERT INTO centre (code, name, district, kind, token_hash) VALUES (\(code), \(name), \(district), \(kind.rawValue), \(hash))
            ON CONFLICT (code) DO NOTHING RETURNING code
            """, logger: logger
        ).collect()
        guard !inserted.isEmpty else { throw HubError.centreExists(code) }
        return token
    }

    /// Gives a centre a new push token; the old one stops working at once.
    public func renewToken(of code: String) async throws -> String {
        let token = Self.makeToken(prefix: "hub_")
        let rows = try await client.query(
            "UPDATE centre SET token_hash = \(Self.tokenHash(token)) WHERE code = \(code) RETURNING code", logger: logger
        ).collect()
        guard !rows.isEmpty else { throw HubError.unknownCentre(code) }
        return token
    }

    /// Every registered centre, by code.
    public func centres() async throws -> [HubCentre] {
        var result: [HubCentre] = []
        let rows = try await client.query(
            "SELECT code, name, district, kind, rating_seq, void_seq, pushed_at FROM centre ORDER BY code", logger: logger)
        for try await (code, name, district, kind, ratingSeq, voidSeq, pushedAt) in rows.decode(
            (String, String, String, String, Int64, Int64, Date?).self)
        {
            result.append(
                HubCentre(
                    code: code, name: name, district: district, kind: CentreKind(rawValue: kind) ?? .ward, ratingSeq: ratingSeq,
                    voidSeq: voidSeq, pushedAt: pushedAt))
        }
        return result
    }

    /// The code of the centre whose push token is `token`, if any.
    public func centre(token: String) async throws -> String? {
        let rows = try await client.query("SELECT code FROM centre WHERE token_hash = \(Self.tokenHash(token))", logger: logger)
        for try await code in rows.decode(String.self) { return code }
        return nil
    }

    /// Adds a reader of the city figures (the dashboard and `/hub/v1/stats`) and returns its token.
    public func addReader(name: String) async throws -> String {
        let token = Self.makeToken(prefix: "hubr_")
        let rows = try await client.query(
            "INSERT INTO reader (name, token_hash) VALUES (\(name), \(Self.tokenHash(token))) ON CONFLICT (name) DO NOTHING RETURNING name",
            logger: logger
        ).collect()
        guard !rows.isEmpty else { throw HubError.invalidCentre("a reader named \(name) exists already") }
        return token
    }

    /// The name of the reader whose token is `token`, if any.
    public func reader(token: String) async throws -> String? {
        let rows = try await client.query("SELECT name FROM reader WHERE token_hash = \(Self.tokenHash(token))", logger: logger)
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    static func makeToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return prefix + String((0..<40).map { _ in digits[Int(generator.next() % UInt64(digits.count))] })
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
