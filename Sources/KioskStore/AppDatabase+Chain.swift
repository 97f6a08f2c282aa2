import Crypto
import Foundation
import GRDB

extension AppDatabase {
    /// Migration v11: stores each fingerprint as its SHA-256, chains the ratings already stored in `seq`
    /// order, adds the void table, and makes `rating`, `rating_void` and `audit_log` append-only.
    ///
    /// History: written with plain SQL and its own copy of the encoding (version 1 of ``RatingChain``, inline
    /// below), so that a later change of the app's code cannot change what this migration did.
    static func migrateToHashChain(_ db: Database) throws {
        func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        // SHA-256(previous ‖ "\n" ‖ for each value: "<UTF-8 byte count>:<text>\n", or "~\n" for NULL).
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
            return hex(SHA256.hash(data: bytes))
        }
        // A stored value as the hash reads it: text as it is, an integer in decimal, anything else marked.
        func text(_ value: DatabaseValue) -> String? {
            switch value.storage {
            case .null: nil
            case .string(let text): text
            case .int64(let number): String(number)
            case .double(let number): "real:\(number)"
            case .blob(let data): "blob:" + hex(data)
            }
        }
        // A fingerprint already stored as a lowercase hex SHA-256 is kept; any other is replaced by its SHA-256.
        func digest(_ fingerprint: String) -> String {
            let isDigest = fingerprint.utf8.count == 64 && fingerprint.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            return isDigest ? fingerprint : hex(SHA256.hash(data: Data(fingerprint.utf8)))
        }
        try db.execute(
            sql: """
                ALTER TABLE rating ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE rating ADD COLUMN hash TEXT NOT NULL DEFAULT '';
                """)
        let update = try db.makeStatement(sql: "UPDATE rating SET fingerprint = ?, prev_hash = ?, hash = ? WHERE seq = ?")
        var previous = String(repeating: "0", count: 64)
        var last: Int64 = 0
        // In slices of seq, so that no cursor is open on the table while its rows change.
        while true {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, id, survey, answers, main_choice, satisfied, counter, field, officer, dossier_code, channel, kiosk,
                           created_at, received_at, local_day, excluded, fingerprint
                    FROM rating WHERE seq > ? ORDER BY seq LIMIT 20000
                    """,
                arguments: [last])
            if rows.isEmpty { break }
            for row in rows {
                let fingerprint = digest(row["fingerprint"])
                let values: [String?] = [
                    row["id"], row["survey"], row["answers"], row["main_choice"], text(row["satisfied"] as DatabaseValue), row["counter"],
                    row["field"], row["officer"], row["dossier_code"], row["channel"], row["kiosk"], row["created_at"],
                    row["received_at"], row["local_day"], row["excluded"], fingerprint,
                ]
                let hash = link(previous, values)
                last = row["seq"]
                try update.execute(arguments: [fingerprint, previous, hash, last])
                previous = hash
            }
        }
        try db.execute(
            sql: """
                CREATE TABLE rating_void (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    rating_id TEXT NOT NULL UNIQUE REFERENCES rating(id),
                    rating_hash TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(trim(reason)) >= 10),
                    voided_by TEXT NOT NULL,
                    at TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX rating_kiosk_created_at ON rating(kiosk, created_at) WHERE kiosk IS NOT NULL;

                CREATE TRIGGER rating_no_update BEFORE UPDATE ON rating
                WHEN NOT (NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.survey IS OLD.survey AND NEW.answers IS OLD.answers
                    AND NEW.main_choice IS OLD.main_choice AND NEW.satisfied IS OLD.satisfied AND NEW.counter IS OLD.counter
                    AND NEW.field IS OLD.field AND NEW.officer IS OLD.officer AND NEW.dossier_code IS OLD.dossier_code
                    AND NEW.channel IS OLD.channel AND NEW.kiosk IS OLD.kiosk AND NEW.created_at IS OLD.created_at
                    AND NEW.received_at IS OLD.received_at AND NEW.local_day IS OLD.local_day AND NEW.excluded IS OLD.excluded
                    AND NEW.fingerprint IS OLD.fingerprint AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
                    AND (NEW.comment IS NULL OR NEW.comment IS OLD.comment))
                BEGIN
                    SELECT RAISE(ABORT, 'ratings are append-only: only a comment may be removed (set to NULL); correct a rating with a void (kiosk void)');
                END;
                CREATE TRIGGER rating_no_delete BEFORE DELETE ON rating
                BEGIN
                    SELECT RAISE(ABORT, 'ratings are append-only: a rating is never deleted; correct it with a void (kiosk void)');
                END;
                CREATE TRIGGER rating_void_no_update BEFORE UPDATE ON rating_void
                BEGIN
                    SELECT RAISE(ABORT, 'voids are append-only: a void is never changed');
                END;
                CREATE TRIGGER rating_void_no_delete BEFORE DELETE ON rating_void
                BEGIN
                    SELECT RAISE(ABORT, 'voids are append-only: a void is never deleted');
                END;
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN
                    SELECT RAISE(ABORT, 'the audit log is append-only: an entry is never changed');
                END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN
                    SELECT RAISE(ABORT, 'the audit log is append-only: an entry is never deleted');
                END;
                """)
    }

    /// The triggers that keep ratings, voids and the audit log append-only; `kiosk verify` checks they are there.
    static let appendOnlyTriggers = [
        "rating_no_update", "rating_no_delete", "rating_void_no_update", "rating_void_no_delete", "audit_log_no_update",
        "audit_log_no_delete",
    ]
}
