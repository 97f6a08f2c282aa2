import Foundation
import GRDB

/// A kiosk device allowed to send ratings and calls: a `[[kiosks]]` id of `centre.toml` (or a desk device
/// fixed to a counter), with a bearer token and one browser paired through a one-time link.
/// Its secrets are stored only as SHA-256 hashes.
public struct PairedKiosk: Sendable, Equatable {
    public var id: String
    /// The counter of a desk device added with `--counter`; `nil` when `centre.toml` says it all.
    public var counter: String?
    public var createdAt: Date
    /// Until when the pairing link may be opened (once).
    public var pairingExpiresAt: Date
    /// When a browser opened the pairing link; `nil` while the link is unused.
    public var pairedAt: Date?
    public var revokedAt: Date?
    /// When the last rating received from this kiosk id was made (filled in by ``AppDatabase/kiosks()`` only).
    public var lastRatingAt: Date?

    public var isRevoked: Bool { revokedAt != nil }
}

/// What `kiosk kiosks add` shows once: the bearer token and the code of the pairing link.
public struct KioskCredentials: Sendable, Equatable {
    public var token: String
    public var pairingCode: String
    public var pairingExpiresAt: Date
}

/// Why a kiosk could not be added or revoked.
public enum KioskDeviceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The id has characters other than letters, digits, `.`, `_`, `-`, or is longer than 64.
    case invalidID(String)
    /// A live (not revoked) kiosk has this id.
    case alreadyAdded(String)
    /// No live kiosk has this id.
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidID(let id): "kiosk id '\(id)' may hold only letters, digits, '.', '_' and '-' (1–64)"
        case .alreadyAdded(let id): "kiosk '\(id)' is already added; revoke it first (kiosk kiosks revoke \(id)) to pair it again"
        case .notFound(let id): "no live kiosk '\(id)'"
        }
    }
}

/// Why a pairing link did not pair the browser.
public enum PairingFailure: Error, Sendable, Equatable {
    /// No kiosk was ever given this code.
    case unknown
    /// The link was opened before (by this browser or another).
    case used(kiosk: String)
    /// The link is older than ``AppDatabase/pairingLifetime``.
    case expired(kiosk: String)
    /// The kiosk was revoked after the link was made.
    case revoked(kiosk: String)
}

extension AppDatabase {
    /// How long a pairing link may be opened after `kiosk kiosks add`.
    public static let pairingLifetime: TimeInterval = 24 * 60 * 60

    /// Adds a kiosk (or adds again one that was revoked, with new secrets) and returns its bearer token
    /// and pairing code, which are shown once and stored only as hashes. Records `kiosk.add`.
    /// - Parameters:
    ///   - id: the kiosk's id, usually its `[[kiosks]]` id in `centre.toml`.
    ///   - counter: the counter of a desk device not described in `centre.toml`.
    ///   - actor: who adds it, for the audit log (`cli:root`).
    /// - Throws: ``KioskDeviceError`` for a bad id or an id already live.
    public func addKiosk(id: String, counter: String?, actor: String?, now: Date = Date()) throws -> KioskCredentials {
        guard (1...64).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw KioskDeviceError.invalidID(id)
        }
        let credentials = KioskCredentials(
            token: "ckk_" + Self.randomToken(), pairingCode: Self.randomToken(), pairingExpiresAt: now.addingTimeInterval(Self.pairingLifetime))
        try write { db in
            let revoked = try Row.fetchOne(db, sql: "SELECT revoked_at FROM kiosk_device WHERE id = ?", arguments: [id])
                .map { ($0["revoked_at"] as String?) != nil }
            if revoked == false { throw KioskDeviceError.alreadyAdded(id) }
            let arguments: StatementArguments = [
                counter, Self.hash(credentials.token), Self.hash(credentials.pairingCode),
                RatingRecord.timestamp.format(credentials.pairingExpiresAt), RatingRecord.timestamp.format(now), id,
            ]
            if revoked == true {
                try db.execute(
                    sql: """
                        UPDATE kiosk_device SET counter = ?, token_hash = ?, pairing_code_hash = ?, pairing_expires_at = ?,
                            created_at = ?, cookie_hash = NULL, paired_at = NULL, revoked_at = NULL
                        WHERE id = ?
                        """, arguments: arguments)
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO kiosk_device (counter, token_hash, pairing_code_hash, pairing_expires_at, created_at, id)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: arguments)
            }
            try Self.audit(
                AuditEvent(action: "kiosk.add", actor: actor, detail: counter.map { "kiosk \(id) at counter \($0)" } ?? "kiosk \(id)", at: now),
                in: db)
        }
        return credentials
    }

    /// Uses up a pairing code: the browser that opened the link gets a device secret (its cookie), stored
    /// as a hash. Records `kiosk.pair` with the browser's address.
    /// - Returns: the kiosk and the device secret to set as the cookie.
    /// - Throws: ``PairingFailure`` when the code is unknown, used, expired or its kiosk revoked.
    public func pairKiosk(code: String, address: String?, now: Date = Date()) throws -> (kiosk: PairedKiosk, deviceSecret: String) {
        let secret = Self.randomToken()
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM kiosk_device WHERE pairing_code_hash = ?", arguments: [Self.hash(code)]) else {
                throw PairingFailure.unknown
            }
            var kiosk = PairedKiosk(row: row)
            if kiosk.isRevoked { throw PairingFailure.revoked(kiosk: kiosk.id) }
            if kiosk.pairedAt != nil { throw PairingFailure.used(kiosk: kiosk.id) }
            if now > kiosk.pairingExpiresAt { throw PairingFailure.expired(kiosk: kiosk.id) }
            try db.execute(
                sql: "UPDATE kiosk_device SET cookie_hash = ?, paired_at = ? WHERE id = ?",
                arguments: [Self.hash(secret), RatingRecord.timestamp.format(now), kiosk.id])
            kiosk.pairedAt = now
            try Self.audit(
                AuditEvent(action: "kiosk.pair", actor: "kiosk:\(kiosk.id)", address: address, detail: "kiosk \(kiosk.id)", at: now), in: db)
            return (kiosk, secret)
        }
    }

    /// The live kiosk holding this bearer token, if any.
    public func kiosk(bearerToken token: String) throws -> PairedKiosk? {
        try read { db in
            // Asked on every rating a terminal kiosk sends: the statement is prepared once per connection.
            let statement = try db.cachedStatement(sql: "SELECT * FROM kiosk_device WHERE token_hash = ? AND revoked_at IS NULL")
            return try Row.fetchOne(statement, arguments: [Self.hash(token)])
                .map(PairedKiosk.init(row:))
        }
    }

    /// The live kiosk whose paired browser holds this device secret (its cookie), if any.
    public func kiosk(deviceSecret secret: String) throws -> PairedKiosk? {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM kiosk_device WHERE cookie_hash = ? AND revoked_at IS NULL")
            return try Row.fetchOne(statement, arguments: [Self.hash(secret)])
                .map(PairedKiosk.init(row:))
        }
    }

    /// Every kiosk, revoked ones included, by id, each with the time of its last rating.
    public func kiosks() throws -> [PairedKiosk] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM kiosk_device ORDER BY id").map { row in
                var kiosk = PairedKiosk(row: row)
                // Newest first by seq: an active kiosk's last rating is found near the end of the table.
                let last = try String.fetchOne(
                    db, sql: "SELECT created_at FROM rating WHERE kiosk = ? ORDER BY seq DESC LIMIT 1", arguments: [kiosk.id])
                kiosk.lastRatingAt = RFC3339Parse.date(last)
                return kiosk
            }
        }
    }

    /// Revokes a kiosk: its token, its browser's cookie and an unused pairing link stop working at once.
    /// Records `kiosk.revoke`.
    /// - Throws: ``KioskDeviceError/notFound(_:)`` when no live kiosk has this id.
    public func revokeKiosk(id: String, actor: String?, now: Date = Date()) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE kiosk_device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [RatingRecord.timestamp.format(now), id])
            guard db.changesCount > 0 else { throw KioskDeviceError.notFound(id) }
            try Self.audit(AuditEvent(action: "kiosk.revoke", actor: actor, detail: "kiosk \(id)", at: now), in: db)
        }
    }
}

extension PairedKiosk {
    init(row: Row) {
        id = row["id"]
        counter = row["counter"]
        createdAt = RFC3339Parse.date(row["created_at"]) ?? .distantPast
        pairingExpiresAt = RFC3339Parse.date(row["pairing_expires_at"]) ?? .distantPast
        pairedAt = RFC3339Parse.date(row["paired_at"])
        revokedAt = RFC3339Parse.date(row["revoked_at"])
        lastRatingAt = nil
    }
}
