import Foundation
import GRDB
import KioskCore

/// A rating ready to be stored, with the rollup rows it adds to.
public struct PreparedRating: Sendable {
    public var rating: Rating
    public var rollups: [RollupKey]
    public var localDay: LocalDate

    /// Prepares `rating` of `survey`, counting days and hours in `timeZone`.
    public init(_ rating: Rating, survey: Survey, timeZone: TimeZone) {
        self.rating = rating
        self.rollups = rating.rollupEntries(for: survey, in: timeZone)
        self.localDay = LocalDate.of(rating.createdAt, in: timeZone).date
    }
}

/// What happened to one rating handed to the store.
public enum StoreOutcome: Sendable, Equatable {
    /// Stored now.
    case created(Rating)
    /// The same id with the same content was stored before; this is the stored rating.
    case alreadyStored(Rating)
    /// The id was stored before with different content; this is the stored rating.
    case conflict(Rating)
    /// Another rating already carries the same dossier code; this is that rating.
    case dossierAlreadyRated(Rating)
}

extension AppDatabase {
    /// Stores ratings in one transaction, with their rollup rows; every rating ends up stored once.
    ///
    /// Each rating is checked against what is stored under its id (and against earlier ratings of the
    /// same call), so that a retry is answered with the stored rating and a reused id is refused.
    /// - Parameter misuse: when given, a rating from a kiosk that comes in a burst is stored flagged as
    ///   misuse (live ingest passes the centre's `[misuse]` settings; imports and paper forms pass none).
    public func record(_ ratings: [PreparedRating], misuse: MisuseSettings? = nil) throws -> [StoreOutcome] {
        try write { db in try Self.record(ratings, misuse: misuse, key: chainKey, in: db) }
    }

    /// Stores ratings in the transaction open on `db`, each with its MAC when `key` is given.
    static func record(_ ratings: [PreparedRating], misuse: MisuseSettings? = nil, key: ChainKey?, in db: Database) throws -> [StoreOutcome] {
        var outcomes: [StoreOutcome] = []
        outcomes.reserveCapacity(ratings.count)
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO rollup_day (dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (dimension, day, key, survey, question, choice, excluded)
                DO UPDATE SET count = count + 1
                """)
        // The chain: one read of the last hash per transaction; this transaction is the only writer.
        var previous = try String.fetchOne(db, sql: "SELECT hash FROM rating ORDER BY seq DESC LIMIT 1") ?? RatingChain.genesis
        // Prepared once per connection: these run for every rating.
        let byID = try db.cachedStatement(sql: "SELECT * FROM rating WHERE id = ?")
        let byDossier = try db.cachedStatement(sql: "SELECT * FROM rating WHERE dossier_code = ? LIMIT 1")
        for prepared in ratings {
            let id = prepared.rating.id.uuidString.lowercased()
            if let existing = try RatingRecord.fetchOne(byID, arguments: [id]) {
                let stored = try Self.withVoid(existing.rating, in: db)
                let same = existing.fingerprint == RatingChain.fingerprintDigest(prepared.rating.fingerprint)
                outcomes.append(same ? .alreadyStored(stored) : .conflict(stored))
                continue
            }
            if let code = prepared.rating.dossierCode,
                let other = try RatingRecord.fetchOne(byDossier, arguments: [code])
            {
                outcomes.append(.dossierAlreadyRated(other.rating))
                continue
            }
            var rating = prepared.rating
            var rollups = prepared.rollups
            if let misuse, rating.excluded == nil, try Self.isBurst(rating, misuse, in: db) {
                rating.excluded = .misuse
                for index in rollups.indices { rollups[index].excluded = .misuse }
            }
            var record = RatingRecord(rating, localDay: prepared.localDay)
            record.prevHash = previous
            record.hash = RatingChain.hash(of: record, previous: previous)
            record.mac = key?.mac(ofHash: record.hash)
            try record.insert(db)
            previous = record.hash
            for key in rollups {
                let day = key.day.description
                let satisfied = key.satisfied.map { $0 ? 1 : 0 } ?? -1
                let excluded = key.excluded?.rawValue ?? ""
                for (dimension, value) in RollupDimension.keys(of: key) {
                    try upsert.execute(arguments: [
                        dimension.rawValue, day, value, key.survey, key.question, key.isMain, key.choice, satisfied, excluded,
                    ])
                }
            }
            rating.fingerprint = record.fingerprint
            outcomes.append(.created(rating))
        }
        return outcomes
    }

    /// The stored rating with `id`, if any (excluded as `voided` when it was voided).
    public func rating(id: UUID) throws -> Rating? {
        try read { db in
            try RatingRecord.filter(RatingRecord.Columns.id == id.uuidString.lowercased()).fetchOne(db).map {
                try Self.withVoid($0.rating, in: db)
            }
        }
    }

    /// How many ratings are stored.
    public func ratingCount() throws -> Int {
        try read { try RatingRecord.fetchCount($0) }
    }

    /// How many ratings have been stored, read in constant time: the last rating's `seq`. Ratings are
    /// never deleted (the append-only triggers) and a rolled-back insert gives its number back, so this
    /// equals ``ratingCount()`` without counting millions of rows (`GET /health` asks it every few seconds).
    public func ratingsStoredSoFar() throws -> Int {
        try read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT seq FROM rating ORDER BY seq DESC LIMIT 1")) ?? 0
        }
    }
}

/// A rating of a batch whose id is already stored with different content, or whose dossier code
/// another rating already carries.
public struct StoredConflict: Error, Sendable {
    /// Its position in the batch.
    public var index: Int
    /// Whether the dossier code, rather than the id, is the problem.
    public var dossierCode: Bool
}

extension AppDatabase {
    /// Stores all ratings in one transaction, or none: the first whose id is stored with different
    /// content rolls the whole batch back. Ratings already stored with the same content are skipped.
    /// - Returns: how many ratings were newly stored.
    /// - Throws: ``StoredConflict`` naming the offending rating.
    @discardableResult
    public func recordAll(_ ratings: [PreparedRating]) throws -> Int {
        try write { db in
            let outcomes = try Self.record(ratings, key: chainKey, in: db)
            for (index, outcome) in outcomes.enumerated() {
                switch outcome {
                case .conflict: throw StoredConflict(index: index, dossierCode: false)
                case .dossierAlreadyRated: throw StoredConflict(index: index, dossierCode: true)
                case .created, .alreadyStored: continue
                }
            }
            return outcomes.filter { if case .created = $0 { true } else { false } }.count
        }
    }
}
