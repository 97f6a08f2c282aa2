import Crypto
import Foundation
import GRDB

/// The hash chains of the store: every rating and every void carries the hash of the one before it.
///
/// `hash = SHA-256(prev_hash ‖ canonical encoding)`, lowercase hex. The canonical encoding writes each field
/// in a fixed order as `<UTF-8 byte count>:<bytes>\n`, or `~\n` for NULL, so no two rows encode alike. The
/// first row's `prev_hash` is 64 zeros. Ratings, voids and the audit log form three chains; a void also binds the
/// hash of the rating it voids.
///
/// Version 1 (ratings stored before migration v13) leaves the comment out, since retention removes it. Version 2
/// (every rating since v13) appends `comment_digest`, the salted digest of the comment (empty when there was none):
/// the digest stays when retention removes the comment, so the chain holds, and a rewritten comment no longer
/// matches it. A row with a NULL `comment_digest` is read as version 1. Neither encoding ever changes.
enum RatingChain {
    /// The `prev_hash` of the first row of a chain.
    static let genesis = String(repeating: "0", count: 64)

    /// The rating columns the hash covers, in the order they are encoded.
    static let ratingColumns = [
        "id", "survey", "answers", "main_choice", "satisfied", "counter", "field", "officer", "dossier_code", "channel", "kiosk",
        "created_at", "received_at", "local_day", "excluded", "fingerprint",
    ]

    /// The void columns the hash covers, in the order they are encoded.
    static let voidColumns = ["rating_id", "rating_hash", "reason", "voided_by", "at"]

    /// The audit log columns the hash covers, in the order they are encoded (migration v13 spells them out too).
    static let auditColumns = ["at", "action", "actor", "address", "detail"]

    /// The `comment_digest` of a rating: SHA-256 of `comment\n<id>\n<comment>` (the id salts it, so that equal
    /// comments of different ratings differ), or the empty text when there is no comment.
    static func commentDigest(id: String, comment: String?) -> String {
        guard let comment else { return "" }
        return hex(SHA256.hash(data: Data("comment\n\(id)\n\(comment)".utf8)))
    }

    /// The hash of a row whose covered columns hold `values` (in column order), after `previous`.
    static func hash(previous: String, values: [String?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: previous.utf8)
        bytes.append(0x0A)
        for value in values {
            if let value {
                let utf8 = value.utf8
                bytes.append(contentsOf: String(utf8.count).utf8)
                bytes.append(0x3A)  // ":"
                bytes.append(contentsOf: utf8)
            } else {
                bytes.append(0x7E)  // "~"
            }
            bytes.append(0x0A)
        }
        return hex(SHA256.hash(data: bytes))
    }

    /// The hash of a rating row, from the values as stored (version 2 when it has a `commentDigest`).
    static func hash(of record: RatingRecord, previous: String) -> String {
        var values: [String?] = [
            record.id, record.survey, record.answers, record.mainChoice, record.satisfied ? "1" : "0", record.counter, record.field,
            record.officer, record.dossierCode, record.channel, record.kiosk, record.createdAt, record.receivedAt, record.localDay,
            record.excluded, record.fingerprint,
        ]
        if let digest = record.commentDigest { values.append(digest) }
        return hash(previous: previous, values: values)
    }

    /// A stored value as the hash reads it: text as it is, an integer in decimal (`satisfied` is 0 or 1),
    /// anything else in a form that cannot be mistaken for text a program stored.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .string(let text): text
        case .int64(let number): String(number)
        case .double(let number): "real:\(number)"
        case .blob(let data): "blob:" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The stored form of a submission's fingerprint: its SHA-256, so that the comment it covers can be
    /// removed by retention without leaving a copy behind.
    static func fingerprintDigest(_ fingerprint: String) -> String {
        isDigest(fingerprint) ? fingerprint : hex(SHA256.hash(data: Data(fingerprint.utf8)))
    }

    /// Whether `text` is already a lowercase hex SHA-256.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        hex(bytes: Array(digest))
    }

    /// Bytes as lowercase hexadecimal digits.
    static func hex(bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
