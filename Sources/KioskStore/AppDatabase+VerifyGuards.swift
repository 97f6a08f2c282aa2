import Foundation
import GRDB

extension AppDatabase {
    /// The SQL of each append-only trigger as the migrations create it, whitespace normalised: the schema is
    /// built in a database in memory, so the expected text is the migrations' own and written nowhere else.
    func expectedTriggerSQL() throws -> [String: String] {
        let scratch = try DatabaseQueue()
        try migrator.migrate(scratch)
        let rows = try scratch.read { try Row.fetchAll($0, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"], Self.normalisedSQL($0["sql"])) })
    }

    /// SQL with every run of whitespace made one space, so that only a change of meaning shows.
    static func normalisedSQL(_ sql: String?) -> String {
        (sql ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// One line per append-only trigger that is missing or whose SQL differs from the migrations' (a trigger of
    /// the same name that does nothing, such as `WHEN 0`, is as good as none).
    static func triggerProblems(expected: [String: String], in db: Database) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        let stored = Dictionary(rows.map { ($0["name"] as String, normalisedSQL($0["sql"])) }, uniquingKeysWith: { first, _ in first })
        return appendOnlyTriggers.compactMap { name in
            guard let sql = stored[name] else { return "trigger \(name) is missing: the append-only guard was removed" }
            guard let want = expected[name], sql != want else { return nil }
            return "trigger \(name) is not the append-only guard the store made: its SQL was replaced (\(sql.prefix(120)))"
        }
    }

    /// Walks the audit log's chain from its first entry: every entry's `prev_hash` is the hash of the one
    /// before, its hash matches its content, and no seq is missing (in the middle or at the end).
    /// - Returns: the entries read and the first problem, if any.
    static func auditChainProblem(in db: Database) throws -> (entries: Int, problem: String?) {
        var entries = 0
        var problem: String?
        var previous = (seq: Int64(0), hash: RatingChain.genesis)
        let columns = RatingChain.auditColumns.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, \(columns), prev_hash, hash FROM audit_log ORDER BY seq")
        while let row = try rows.next() {
            entries += 1
            let seq: Int64 = row["seq"]
            let stored = RatingChain.text(row["hash"] as DatabaseValue) ?? ""
            if problem == nil {
                let values = (0..<RatingChain.auditColumns.count).map { RatingChain.text(row[$0 + 1] as DatabaseValue) }
                let name = "audit log seq \(seq) (\(values[1] ?? ""))"
                let prev = RatingChain.text(row["prev_hash"] as DatabaseValue) ?? ""
                if prev != previous.hash {
                    problem =
                        previous.seq == 0
                        ? "\(name): prev_hash is not that of a first entry" + gap(0, seq, "audit log")
                        : "\(name): prev_hash does not match audit log seq \(previous.seq)" + gap(previous.seq, seq, "audit log")
                } else if RatingChain.hash(previous: prev, values: values) != stored {
                    problem = "\(name): hash does not match its content"
                } else if seq != previous.seq + 1 {
                    problem = "\(name): follows audit log seq \(previous.seq)" + gap(previous.seq, seq, "audit log")
                }
            }
            previous = (seq, stored)
        }
        if problem == nil, let handedOut = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'"),
            handedOut > previous.seq
        {
            problem = "audit log seq \(handedOut) is missing: entries up to seq \(handedOut) were written, the last one left is seq \(previous.seq)"
        }
        return (entries, problem)
    }

    /// Checks one rating's comment against the digest its hash covers, and its MAC against `key`.
    /// - Returns: the first problem of the row, if any.
    static func ratingSealProblem(name: String, id: String, hash: String, row: Row, key: ChainKey?) -> String? {
        let comment: String? = row["comment"]
        let digest: String? = row["comment_digest"]
        // Ratings stored before v13 (no digest) have comments the chain does not cover.
        if let digest, let comment, RatingChain.commentDigest(id: id, comment: comment) != digest {
            return "\(name): the comment is not the one stored with the rating (it was rewritten or added afterwards)"
        }
        guard let key else { return nil }
        guard let mac: String = row["mac"] else { return "\(name): carries no MAC, so it was not written by the centre's server" }
        return key.mac(ofHash: hash) == mac ? nil : "\(name): its MAC does not match chain.key (a row not written by the centre's server)"
    }

    /// The warning of a store whose data folder has no chain key: the MACs cannot be checked.
    static let missingKeyWarning =
        "the data folder has no chain.key, so the ratings' MACs were not checked: an appended rating with a recomputed hash "
        + "would pass; put back the copy of chain.key kept off the box"
}
