import Foundation
import GRDB
import KioskCore

/// What `kiosk verify` found: the chains, the rollups recounted from the raw ratings, the file's integrity.
public struct VerificationReport: Sendable, Equatable {
    /// Ratings and voids read.
    public var ratings = 0
    public var voids = 0
    /// Audit log entries read.
    public var auditEntries = 0
    /// The last rating's seq and hash (the head of the chain), to note down outside the box.
    public var headSeq: Int64?
    public var headHash: String?
    /// One line per problem, the first broken row of each kind first; empty when everything agrees.
    public var problems: [String] = []
    /// What could not be checked (no chain key); the store may still be intact.
    public var warnings: [String] = []

    public var isIntact: Bool { problems.isEmpty }
}

extension AppDatabase {
    /// Checks the store from the first row: the rating chain (with each comment against its digest and each
    /// MAC against the chain key), the void chain, the audit log's chain, the rollups against a recount of the
    /// raw ratings (voided ones moved to `voided`), the append-only triggers' SQL and `PRAGMA integrity_check`.
    /// Everything is read in one snapshot, so a server writing meanwhile does not disturb it.
    /// - Parameter timeZone: the centre's time zone (the hour rollups).
    public func verify(timeZone: TimeZone) throws -> VerificationReport {
        let triggers = try expectedTriggerSQL()
        let key = chainKey
        return try read { db in try Self.verify(timeZone: timeZone, key: key, triggers: triggers, in: db) }
    }

    static func verify(timeZone: TimeZone, key: ChainKey?, triggers: [String: String], in db: Database) throws -> VerificationReport {
        var report = VerificationReport()
        if key == nil { report.warnings.append(missingKeyWarning) }
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        if integrity != "ok" { report.problems.append("integrity_check: \(integrity)") }

        // Voids first (few): which ratings they withdraw.
        var voided: [String: (seq: Int64, ratingHash: String?)] = [:]
        var voidProblem: String?
        var previousVoid = (seq: Int64(0), hash: RatingChain.genesis)
        for row in try Row.fetchAll(db, sql: "SELECT * FROM rating_void ORDER BY seq") {
            report.voids += 1
            let seq: Int64 = row["seq"]
            let values = RatingChain.voidColumns.map { RatingChain.text(row[$0] as DatabaseValue) }
            let ratingID = values[0] ?? ""
            let name = "void seq \(seq) (rating \(ratingID))"
            let prev = RatingChain.text(row["prev_hash"] as DatabaseValue) ?? ""
            if voidProblem == nil {
                if prev != previousVoid.hash {
                    voidProblem =
                        previousVoid.seq == 0
                        ? "\(name): prev_hash is not that of a first void"
                        : "\(name): prev_hash does not match void seq \(previousVoid.seq)" + Self.gap(previousVoid.seq, seq, "voids")
                } else if RatingChain.hash(previous: prev, values: values) != RatingChain.text(row["hash"] as DatabaseValue) {
                    voidProblem = "\(name): hash does not match its content"
                } else if seq != previousVoid.seq + 1 {
                    voidProblem = "\(name): follows void seq \(previousVoid.seq)" + Self.gap(previousVoid.seq, seq, "voids")
                }
            }
            voided[ratingID] = (seq, values[1])
            previousVoid = (seq, RatingChain.text(row["hash"] as DatabaseValue) ?? "")
        }

        var recount = RollupRecount(timeZone: timeZone)
        var counts: [RollupCell: Int] = [:]
        var mains: [MainCell: MainCount] = [:]
        var chainProblem: String?
        var sealProblem: (first: String, more: Int)?
        var previous = (seq: Int64(0), hash: RatingChain.genesis)
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, \(RatingChain.ratingColumns.joined(separator: ", ")), prev_hash, hash, comment, comment_digest, mac
                FROM rating ORDER BY seq
                """)
        while let row = try rows.next() {
            report.ratings += 1
            let seq: Int64 = row["seq"]
            let values = (0..<RatingChain.ratingColumns.count).map { RatingChain.text(row[$0 + 1] as DatabaseValue) }
            let id = values[0] ?? ""
            let stored = RatingChain.text(row["hash"] as DatabaseValue) ?? ""
            let name = "rating seq \(seq) (id \(id))"
            if let problem = Self.ratingSealProblem(name: name, id: id, hash: stored, row: row, key: key) {
                sealProblem = sealProblem.map { ($0.first, $0.more + 1) } ?? (problem, 0)
            }
            // Version 2 of the encoding: the comment's digest comes last.
            let digest: String? = row["comment_digest"]
            let hashed = digest.map { values + [$0] } ?? values
            if chainProblem == nil {
                let prev = RatingChain.text(row["prev_hash"] as DatabaseValue) ?? ""
                if prev != previous.hash {
                    chainProblem =
                        previous.seq == 0
                        ? "\(name): prev_hash is not that of a first rating" + Self.gap(0, seq, "ratings")
                        : "\(name): prev_hash does not match rating seq \(previous.seq)" + Self.gap(previous.seq, seq, "ratings")
                } else if RatingChain.hash(previous: prev, values: hashed) != stored {
                    chainProblem = "\(name): hash does not match its content"
                } else if seq != previous.seq + 1 {
                    chainProblem = "\(name): follows rating seq \(previous.seq)" + Self.gap(previous.seq, seq, "ratings")
                }
            }
            if let void = voided[id], void.ratingHash != stored, voidProblem == nil {
                voidProblem = "void seq \(void.seq) (rating \(id)): the rating it voids has changed since (its hash differs)"
            }
            voided[id]?.ratingHash = nil
            previous = (seq, stored)

            let excluded = voided[id] != nil ? Exclusion.voided.rawValue : (values[14] ?? "")
            let recountRow = RollupRecount.Row(
                survey: values[1] ?? "", answers: values[2] ?? "{}", counter: values[5], field: values[6], officer: values[7],
                channel: values[9] ?? "", kiosk: values[10], createdAt: values[11] ?? "", localDay: values[13] ?? "")
            for cell in recount.cells(of: recountRow, excluded: excluded) { counts[cell, default: 0] += 1 }
            if let main = values[3], !main.isEmpty {
                let satisfied = values[4] == "1" ? 1 : 0
                for (dimension, key) in recount.dimensionKeys(of: recountRow) {
                    let cell = MainCell(dimension: dimension, day: recountRow.localDay, key: key, survey: recountRow.survey, excluded: excluded)
                    mains[cell, default: MainCount()].answers += 1
                    mains[cell, default: MainCount()].satisfied += satisfied
                }
            }
        }
        report.headSeq = report.ratings > 0 ? previous.seq : nil
        report.headHash = report.ratings > 0 ? previous.hash : nil
        if chainProblem == nil, let handedOut = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'rating'"),
            handedOut > previous.seq
        {
            chainProblem = "rating seq \(handedOut) is missing: ratings up to seq \(handedOut) were stored, the last one left is seq \(previous.seq)"
        }
        if voidProblem == nil, let handedOut = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'rating_void'"),
            handedOut > previousVoid.seq
        {
            voidProblem = "void seq \(handedOut) is missing: voids up to seq \(handedOut) were stored, the last one left is seq \(previousVoid.seq)"
        }
        if voidProblem == nil, let lost = voided.first(where: { $0.value.ratingHash != nil }) {
            voidProblem = "void seq \(lost.value.seq) (rating \(lost.key)): the rating it voids is missing"
        }
        let seal = sealProblem.map { $0.first + ($0.more > 0 ? " (and \($0.more) more rating(s))" : "") }
        let audit = try auditChainProblem(in: db)
        report.auditEntries = audit.entries
        report.problems += [chainProblem, seal, voidProblem, audit.problem].compactMap { $0 }
        report.problems += try rollupProblems(counts: counts, mains: mains, in: db)
        report.problems += try triggerProblems(expected: triggers, in: db)
        return report
    }

    /// The stored hash of rating `seq`, to compare with one noted down earlier (`kiosk verify --anchor`).
    public func ratingHash(seq: Int64) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT hash FROM rating WHERE seq = ?", arguments: [seq]) }
    }

    /// The figures' view of one rollup group: the main question's answers and how many were satisfied.
    struct MainCell: Hashable, Comparable {
        var dimension: String
        var day: String
        var key: String
        var survey: String
        var excluded: String

        static func < (lhs: MainCell, rhs: MainCell) -> Bool {
            (lhs.day, lhs.dimension, lhs.key, lhs.survey, lhs.excluded) < (rhs.day, rhs.dimension, rhs.key, rhs.survey, rhs.excluded)
        }
    }

    /// Compares the stored rollups with the recount: each row's count, the main question's answers and how
    /// many were satisfied (what the rate is made of), and that a choice is marked the same way on every row.
    static func rollupProblems(counts: [RollupCell: Int], mains: [MainCell: MainCount], in db: Database) throws -> [String] {
        var stored: [RollupCell: Int] = [:]
        var storedMains: [MainCell: MainCount] = [:]
        // Per survey, question and choice: the rows of each marking (is_main, satisfied) and the first of them.
        var marks: [String: [Marking: (rows: Int, first: RollupCell)]] = [:]
        var surveys: Set<String> = []
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM rollup_day ORDER BY dimension, day, key, survey, question, choice, excluded")
        while let row = try rows.next() {
            let cell = RollupCell(
                dimension: row["dimension"], day: row["day"], key: row["key"], survey: row["survey"], question: row["question"],
                choice: row["choice"], excluded: row["excluded"])
            let count: Int = row["count"]
            let marking = Marking(isMain: row["is_main"], satisfied: row["satisfied"])
            surveys.insert(cell.survey)
            stored[cell, default: 0] += count
            if marking.isMain == 1 {
                let main = MainCell(dimension: cell.dimension, day: cell.day, key: cell.key, survey: cell.survey, excluded: cell.excluded)
                storedMains[main, default: MainCount()].answers += count
                if marking.satisfied == 1 { storedMains[main, default: MainCount()].satisfied += count }
            }
            let choice = "\(cell.survey)\u{1F}\(cell.question)\u{1F}\(cell.choice)"
            if marks[choice]?[marking] == nil { marks[choice, default: [:]][marking] = (0, cell) }
            marks[choice]?[marking]?.rows += 1
        }
        for cell in counts.keys { surveys.insert(cell.survey) }
        let withSurvey = surveys.count > 1
        var problems: [String] = []
        let wrong = Set(stored.keys).union(counts.keys).filter { (stored[$0] ?? 0) != (counts[$0] ?? 0) }.sorted()
        if let first = wrong.first {
            let more = wrong.count > 1 ? " (and \(wrong.count - 1) more rollup row(s))" : ""
            problems.append(
                "rollup \(first.described(withSurvey: withSurvey)): stored \(stored[first] ?? 0), recomputed \(counts[first] ?? 0)\(more)")
        }
        let wrongMains = Set(storedMains.keys).union(mains.keys).filter { (storedMains[$0] ?? MainCount()) != (mains[$0] ?? MainCount()) }.sorted()
        // A wrong count already names its row; the sums are checked on their own when every count is right.
        if wrong.isEmpty, let first = wrongMains.first {
            var name = [first.dimension]
            if first.dimension != RollupDimension.all.rawValue { name.append(first.key.isEmpty ? "(none)" : first.key) }
            name.append(first.day)
            if withSurvey { name.append(first.survey) }
            let have = storedMains[first] ?? MainCount()
            let want = mains[first] ?? MainCount()
            problems.append(
                "rollup \(name.joined(separator: " "))\(first.excluded.isEmpty ? "" : " (\(first.excluded))"): main answers stored "
                    + "\(have.answers) (\(have.satisfied) satisfied), recomputed \(want.answers) (\(want.satisfied) satisfied)")
        }
        // A choice marked unlike its other rows: name the first row of the rarer marking.
        let odd = marks.values.filter { $0.count > 1 }.compactMap { markings -> (RollupCell, Marking, Int)? in
            let sorted = markings.sorted { ($0.value.rows, $0.value.first) < ($1.value.rows, $1.value.first) }
            return sorted.first.map { ($0.value.first, $0.key, markings.values.reduce(0) { $0 + $1.rows } - $0.value.rows) }
        }.sorted { $0.0 < $1.0 }
        if let (cell, marking, others) = odd.first {
            problems.append(
                "rollup \(cell.described(withSurvey: true)): marked is_main \(marking.isMain), satisfied \(marking.satisfied), unlike the "
                    + "\(others) other row(s) of this choice")
        }
        return problems
    }

    struct Marking: Hashable {
        var isMain: Int
        var satisfied: Int
    }

    struct MainCount: Equatable {
        var answers = 0
        var satisfied = 0
    }

    /// `; seq 5 to 7 are missing` when `after` and `seq` are not neighbours.
    static func gap(_ after: Int64, _ seq: Int64, _ what: String) -> String {
        guard seq > after + 1 else { return "" }
        return seq == after + 2 ? "; seq \(after + 1) of the \(what) is missing" : "; seq \(after + 1) to \(seq - 1) of the \(what) are missing"
    }
}
