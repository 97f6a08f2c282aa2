import Crypto
import Foundation
import GRDB

extension AppDatabase {
    /// Migration v13: chains the audit log (each entry carries the hash of the one before it), adds the ratings'
    /// `comment_digest` (version 2 of the rating hash covers it) and `mac` columns, and guards both.
    ///
    /// History is written with plain SQL and its own copy of the encoding (version 1 of ``RatingChain``,
    /// inline below), so that a later change of the app's code cannot change what this migration did. The
    /// ratings' MACs are not written here: their key lives outside the database file, and a migration reads
    /// nothing but the database, so ``signRatingsWithoutMAC(key:)`` does it right after this migration.
    static func migrateToAuditChain(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE rating ADD COLUMN comment_digest TEXT;
                ALTER TABLE rating ADD COLUMN mac TEXT;
                DROP TRIGGER IF EXISTS audit_log_no_update;
                DROP TRIGGER IF EXISTS rating_no_update;
                """)
        // SHA-256(previous ‖ "\n" ‖ for each of at, action, actor, address, detail: "<UTF-8 bytes>:<text>\n" or "~\n").
        func link(_ previous: String, _ values: [String?]) -> String {
            var bytes = Array(previous.utf8)
            bytes.append(0x0A)
            for value in values {
                if let value {
                    bytes += Array(String(value.utf8.count).utf8) + [0x3A] + Array(value.utf8)
                } else {
                    bytes.append(0x7E)
                }
                bytes.append(0x0A)
            }
            return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        }
        let update = try db.makeStatement(sql: "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")
        var previous = String(repeating: "0", count: 64)
        var last: Int64 = 0
        // In slices of seq, so that no cursor is open on the table while its rows change.
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, at, action, actor, address, detail FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 20000", arguments: [last])
            if rows.isEmpty { break }
            for row in rows {
                let hash = link(previous, [row["at"], row["action"], row["actor"], row["address"], row["detail"]])
                last = row["seq"]
                try update.execute(arguments: [previous, hash, last])
                previous = hash
            }
        }
        try db.execute(
            sql: """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN
                    SELECT RAISE(ABORT, 'the audit log is append-only: an entry is never changed');
                END;
                CREATE TRIGGER rating_no_update BEFORE UPDATE ON rating
                WHEN NOT (NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.survey IS OLD.survey AND NEW.answers IS OLD.answers
                    AND NEW.main_choice IS OLD.main_choice AND NEW.satisfied IS OLD.satisfied AND NEW.counter IS OLD.counter
                    AND NEW.field IS OLD.field AND NEW.officer IS OLD.officer AND NEW.dossier_code IS OLD.dossier_code
                    AND NEW.channel IS OLD.channel AND NEW.kiosk IS OLD.kiosk AND NEW.created_at IS OLD.created_at
                    AND NEW.received_at IS OLD.received_at AND NEW.local_day IS OLD.local_day AND NEW.excluded IS OLD.excluded
                    AND NEW.fingerprint IS OLD.fingerprint AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
                    AND NEW.comment_digest IS OLD.comment_digest AND (NEW.mac IS OLD.mac OR OLD.mac IS NULL)
                    AND (NEW.comment IS NULL OR NEW.comment IS OLD.comment))
                BEGIN
                    SELECT RAISE(ABORT, 'ratings are append-only: only a comment may be removed (set to NULL); correct a rating with a void (kiosk void)');
                END;
                """)
    }

    /// The one-off step after migration v13: gives every rating that has none its MAC with `key`, and notes it
    /// in the audit log (`chain.sign`) in the same transaction.
    /// - Returns: how many ratings were signed.
    @discardableResult
    func signRatingsWithoutMAC(key: ChainKey) throws -> Int {
        try write { db in
            let update = try db.makeStatement(sql: "UPDATE rating SET mac = ? WHERE seq = ?")
            var signed = 0
            var last: Int64 = 0
            while true {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT seq, hash FROM rating WHERE seq > ? AND mac IS NULL ORDER BY seq LIMIT 20000", arguments: [last])
                if rows.isEmpty { break }
                for row in rows {
                    last = row["seq"]
                    try update.execute(arguments: [key.mac(ofHash: row["hash"]), last])
                }
                signed += rows.count
            }
            if signed > 0 {
                try Self.audit(
                    AuditEvent(action: "chain.sign", actor: "store", detail: "ratings signed with chain.key: \(signed)", at: Date()), in: db)
            }
            return signed
        }
    }
}
