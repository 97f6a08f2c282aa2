import Foundation
import KioskCore
import Logging
import PostgresNIO

/// One rollup row's coordinates at the hub, without the centre (the push is one centre's).
struct HubRollupCell: Hashable {
    var dimension: String
    var day: LocalDate
    var key: String
    var survey: String
    var question: String
    var isMain: Bool
    var choice: String
    var satisfied: Int16
    var excluded: String

    /// Every cell `rating` counts in, as the centre's store counts it (``RollupDimension/keys(of:)``).
    static func cells(of rating: HubRating, excluded: String? = nil) -> [HubRollupCell] {
        var cells: [HubRollupCell] = []
        for key in rating.rollupKeys {
            let satisfied: Int16 = key.satisfied.map { $0 ? 1 : 0 } ?? -1
            for (dimension, value) in RollupDimension.keys(of: key) {
                cells.append(
                    HubRollupCell(
                        dimension: dimension.rawValue, day: key.day, key: value, survey: key.survey, question: key.question,
                        isMain: key.isMain, choice: key.choice, satisfied: satisfied, excluded: excluded ?? key.excluded?.rawValue ?? ""))
            }
        }
        return cells
    }
}

extension HubRollupCell: Comparable {
    /// The order of the rollup tables' primary key (after the centre).
    static func < (lhs: HubRollupCell, rhs: HubRollupCell) -> Bool {
        if lhs.dimension != rhs.dimension { return lhs.dimension < rhs.dimension }
        if lhs.day != rhs.day { return lhs.day < rhs.day }
        if lhs.key != rhs.key { return lhs.key < rhs.key }
        if lhs.survey != rhs.survey { return lhs.survey < rhs.survey }
        if lhs.question != rhs.question { return lhs.question < rhs.question }
        if lhs.choice != rhs.choice { return lhs.choice < rhs.choice }
        return lhs.excluded < rhs.excluded
    }
}

extension LocalDate {
    /// The first day of the month.
    var firstOfMonth: LocalDate { LocalDate(year: year, month: month, day: 1) }
    /// The first day of the next month.
    var nextMonth: LocalDate { LocalDate(year: month == 12 ? year + 1 : year, month: month % 12 + 1, day: 1) }
}

extension HubDatabase {
    /// Stores one centre's push in one transaction: new ratings with their rollup rows (per day and per month),
    /// then voids. Every item is checked first (``HubPushCheck``): one the hub cannot store is refused alone,
    /// and the others are stored. A rating already stored with the same fingerprint is a duplicate and changes
    /// nothing; with another fingerprint it is a conflict, refused. Pushes of one centre are taken one at a time.
    /// - Throws: ``HubError/invalidBatch(_:)`` for a batch too large or out of order, ``HubError/chainBroken(_:)``
    ///   when the centre's rating chain no longer extends what it pushed before (nothing is stored).
    public func push(_ batch: HubPushBatch, from centre: String) async throws -> HubPushResult {
        try await push(
            HubPushRequest(
                ratings: batch.ratings.map(\.screened), voids: batch.voids.map(\.screened),
                chain: batch.ratings.map { HubChainLink(seq: $0.seq, prevHash: $0.prevHash, hash: $0.hash) }),
            from: centre)
    }

    /// Stores the sound items of `request` and answers for every item, in the order sent.
    func push(_ request: HubPushRequest, from centre: String) async throws -> HubPushResult {
        guard request.ratings.count <= HubPushBatch.maximumItems, request.voids.count <= HubPushBatch.maximumItems else {
            throw HubError.invalidBatch("a push carries at most \(HubPushBatch.maximumItems) ratings and \(HubPushBatch.maximumItems) voids")
        }
        guard zip(request.ratings, request.ratings.dropFirst()).allSatisfy({ $0.seq < $1.seq }),
            zip(request.voids, request.voids.dropFirst()).allSatisfy({ $0.seq < $1.seq })
        else { throw HubError.invalidBatch("ratings and voids must come in the order of their seq") }
        let ratings = request.ratings.compactMap(\.item)
        let voids = request.voids.compactMap(\.item)
        let logger = logger
        do {
            let months = Set(ratings.map(\.localDay.firstOfMonth))
            let (stored, created) = try await client.withTransaction(logger: logger) { connection in
                // A push that may make a partition takes the partition lock before it reads anything: making one
                // locks the default partition, which a push that read ratings first would hold while it waited.
                try await lockForNewPartitions(months, on: connection)
                // Serialises the pushes of one centre: a re-sent batch waits for the first and then finds its ratings.
                let head = try await Self.chainHead(of: centre, on: connection, logger: logger)
                let held = try await Self.heldRatings(ratings.map(\.id), of: centre, on: connection, logger: logger)
                try Self.checkChain(request.chain, head: head, held: held, pushed: ratings)
                // Partitions only for months of items that passed the checks, and inside this transaction.
                let created = try await ensurePartitions(for: months, on: connection)
                let outcomes = try await Self.storeRatings(ratings, held: held, of: centre, on: connection, logger: logger)
                var voidOutcomes: [HubOutcome] = []
                for void in voids {
                    voidOutcomes.append(try await Self.storeVoid(void, of: centre, on: connection, logger: logger))
                }
                try await Self.advance(
                    centre, ratingSeq: request.ratings.last?.seq ?? 0, voidSeq: request.voids.last?.seq ?? 0,
                    chain: request.chain, on: connection, logger: logger)
                return (HubPushResult(ratings: outcomes, voids: voidOutcomes), created)
            }
            for month in created { await knownPartitions.insert(month) }
            return HubPushResult(ratings: Self.merge(request.ratings, stored.ratings), voids: Self.merge(request.voids, stored.voids))
        } catch let error as PostgresTransactionError {
            // A refusal from inside the transaction comes back wrapped in how the transaction ended.
            guard let refusal = error.closureError as? HubError else { throw error }
            if case .chainBroken(let reason) = refusal { try await raiseAlert(.chainBroken, of: centre, message: reason) }
            throw refusal
        }
    }

    /// The outcomes of every item in the order sent: the refused ones with the outcomes of those stored.
    static func merge<Item: HubPushItem>(_ items: [Screened<Item>], _ stored: [HubOutcome]) -> [HubOutcome] {
        var next = stored.makeIterator()
        return items.map { item in
            switch item {
            case .sound: next.next()!
            case .refused(let outcome): outcome
            }
        }
    }

    private static func storeRatings(
        _ ratings: [HubRating], held: [UUID: HeldRating], of centre: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [HubOutcome] {
        guard !ratings.isEmpty else { return [] }
        var stored = held.mapValues(\.fingerprint)
        var outcomes: [HubOutcome] = []
        var new: [HubRating] = []
        for rating in ratings {
            if let fingerprint = stored[rating.id] {
                outcomes.append(
                    fingerprint == rating.fingerprint
                        ? HubOutcome(id: rating.id, seq: rating.seq, status: .duplicate)
                        : HubOutcome(
                            id: rating.id, seq: rating.seq, status: .conflict,
                            message: "the hub holds another rating under this id; it was not changed"))
                continue
            }
            stored[rating.id] = rating.fingerprint
            new.append(rating)
            outcomes.append(HubOutcome(id: rating.id, seq: rating.seq, status: .stored))
        }
        guard !new.isEmpty else { return outcomes }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let answers = try new.map { String(decoding: try encoder.encode($0.answers), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO rating_id (centre, id, fingerprint, local_day, seq)
            SELECT \(centre), * FROM unnest(\(new.map(\.id)), \(new.map(\.fingerprint)), \(new.map(\.localDay.description))::date[], \(new.map(\.seq)))
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO rating (centre, id, seq, local_day, hour, survey, main_choice, satisfied, answers, counter, field, officer,
                channel, kiosk, excluded, created_at, received_at, fingerprint, prev_hash, hash)
            SELECT \(centre), id, seq, day::date, hour, survey, main_choice, satisfied, answers::jsonb, NULLIF(counter, ''),
                NULLIF(field, ''), NULLIF(officer, ''), channel, NULLIF(kiosk, ''), NULLIF(excluded, ''), created_at::timestamptz,
                received_at::timestamptz, fingerprint, NULLIF(prev_hash, ''), NULLIF(hash, '')
            FROM unnest(\(new.map(\.id)), \(new.map(\.seq)), \(new.map(\.localDay.description)), \(new.map { Int16($0.hour) }),
                \(new.map(\.survey)), \(new.map(\.mainChoice)), \(new.map(\.satisfied)), \(answers), \(new.map { $0.counter ?? "" }),
                \(new.map { $0.field ?? "" }), \(new.map { $0.officer ?? "" }), \(new.map(\.channel)), \(new.map { $0.kiosk ?? "" }),
                \(new.map { $0.excluded ?? "" }), \(new.map { HubPushCheck.normalized($0.createdAt) }), \(new.map { HubPushCheck.normalized($0.receivedAt) }), \(new.map(\.fingerprint)),
                \(new.map { $0.prevHash ?? "" }), \(new.map { $0.hash ?? "" }))
                AS r(id, seq, day, hour, survey, main_choice, satisfied, answers, counter, field, officer, channel, kiosk, excluded,
                    created_at, received_at, fingerprint, prev_hash, hash)
            """, logger: logger)
        var counts: [HubRollupCell: Int64] = [:]
        for rating in new {
            for cell in HubRollupCell.cells(of: rating) { counts[cell, default: 0] += 1 }
        }
        try await addRollups(counts, of: centre, on: connection, logger: logger)
        return outcomes
    }

    /// Adds `counts` to the day and month rollups of `centre` (negative counts take away; rows that reach 0 go).
    static func addRollups(_ counts: [HubRollupCell: Int64], of centre: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard !counts.isEmpty else { return }
        var months: [HubRollupCell: Int64] = [:]
        for (cell, count) in counts {
            var month = cell
            month.day = cell.day.firstOfMonth
            months[month, default: 0] += count
        }
        for (table, column, cells) in [("rollup_day", "day", counts), ("rollup_month", "month", months)] {
            // In the primary key's order, so that two transactions touching the same rows take their locks in one order.
            let entries = cells.filter { $0.value != 0 }.sorted { $0.key < $1.key }
            let keys = entries.map(\.key)
            var query = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table) AS t (centre, dimension, \(column), key, survey, question, is_main, choice, satisfied, excluded, count)
                    SELECT $1, dimension, day::date, key, survey, question, is_main, choice, satisfied, excluded, count
                    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::int2[], $10::text[], $11::int8[])
                        AS c(dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                    ON CONFLICT (centre, dimension, \(column), key, survey, question, choice, excluded)
                    DO UPDATE SET count = t.count + EXCLUDED.count
                    """)
            query.binds.append(centre)
            query.binds.append(keys.map(\.dimension))
            query.binds.append(keys.map(\.day.description))
            query.binds.append(keys.map(\.key))
            query.binds.append(keys.map(\.survey))
            query.binds.append(keys.map(\.question))
            query.binds.append(keys.map(\.isMain))
            query.binds.append(keys.map(\.choice))
            query.binds.append(keys.map(\.satisfied))
            query.binds.append(keys.map(\.excluded))
            query.binds.append(entries.map(\.value))
            try await connection.query(query, logger: logger)
            if entries.contains(where: { $0.value < 0 }) {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "DELETE FROM \(table) WHERE centre = $1 AND count <= 0",
                        binds: {
                            var binds = PostgresBindings()
                            binds.append(centre)
                            return binds
                        }()), logger: logger)
            }
        }
    }

    private static func storeVoid(_ void: HubVoid, of centre: String, on connection: PostgresConnection, logger: Logger) async throws -> HubOutcome {
        let existing = try await connection.query(
            "SELECT 1 FROM rating_void WHERE centre = \(centre) AND rating_id = \(void.ratingID)", logger: logger
        ).collect()
        if !existing.isEmpty { return HubOutcome(id: void.ratingID, seq: void.seq, status: .duplicate) }
        var found: HubRating?
        let rows = try await connection.query(
            """
            SELECT r.seq, r.local_day::text, r.hour, r.survey, r.main_choice, r.satisfied, r.answers::text, r.counter, r.field, r.officer,
                r.channel, r.kiosk, r.excluded, r.fingerprint
            FROM rating_id i JOIN rating r ON r.centre = i.centre AND r.id = i.id AND r.local_day = i.local_day
            WHERE i.centre = \(centre) AND i.id = \(void.ratingID)
            """, logger: logger)
        for try await (seq, day, hour, survey, main, satisfied, answers, counter, field, officer, channel, kiosk, excluded, fingerprint)
            in rows.decode((Int64, String, Int16, String, String, Bool, String, String?, String?, String?, String, String?, String?, String).self)
        {
            found = HubRating(
                id: void.ratingID, seq: seq, fingerprint: fingerprint, survey: survey, mainChoice: main, satisfied: satisfied,
                answers: (try? JSONDecoder().decode([HubAnswer].self, from: Data(answers.utf8))) ?? [], counter: counter, field: field,
                officer: officer, channel: channel, kiosk: kiosk, createdAt: "", receivedAt: "",
                localDay: LocalDate(day) ?? LocalDate(year: 1970, month: 1, day: 1),
                hour: Int(hour), excluded: excluded)
        }
        guard let rating = found else {
            return HubOutcome(id: void.ratingID, seq: void.seq, status: .unknown, message: "the hub holds no rating with this id from this centre")
        }
        var counts: [HubRollupCell: Int64] = [:]
        for cell in HubRollupCell.cells(of: rating) { counts[cell, default: 0] -= 1 }
        for cell in HubRollupCell.cells(of: rating, excluded: Exclusion.voided.rawValue) { counts[cell, default: 0] += 1 }
        try await addRollups(counts, of: centre, on: connection, logger: logger)
        try await connection.query(
            "UPDATE rating SET excluded = 'voided' WHERE centre = \(centre) AND id = \(void.ratingID) AND local_day = \(rating.localDay.description)::date",
            logger: logger)
        try await connection.query(
            """
            INSERT INTO rating_void (centre, rating_id, seq, at, previous_excluded)
            VALUES (\(centre), \(void.ratingID), \(void.seq), \(HubPushCheck.normalized(void.at))::timestamptz, \(rating.excluded))
            """, logger: logger)
        return HubOutcome(id: void.ratingID, seq: void.seq, status: .stored)
    }
}

/// The months whose partition this process has seen, so that most pushes skip the check.
actor PartitionCache {
    private var months: Set<LocalDate> = []
    func contains(_ month: LocalDate) -> Bool { months.contains(month) }
    func isSuperset(of others: Set<LocalDate>) -> Bool { months.isSuperset(of: others) }
    func insert(_ month: LocalDate) { months.insert(month) }
}
