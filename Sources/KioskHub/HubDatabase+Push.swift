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
    /// then voids. A rating already stored with the same fingerprint is a duplicate and changes nothing; with
    /// another fingerprint it is a conflict, refused. Pushes of one centre are taken one at a time.
    /// - Throws: ``HubError/invalidBatch(_:)`` for a batch too large or out of order (nothing is stored).
    public func push(_ batch: HubPushBatch, from centre: String) async throws -> HubPushResult {
        guard batch.ratings.count <= HubPushBatch.maximumItems, batch.voids.count <= HubPushBatch.maximumItems else {
            throw HubError.invalidBatch("a push carries at most \(HubPushBatch.maximumItems) ratings and \(HubPushBatch.maximumItems) voids")
        }
        guard zip(batch.ratings, batch.ratings.dropFirst()).allSatisfy({ $0.seq < $1.seq }),
            zip(batch.voids, batch.voids.dropFirst()).allSatisfy({ $0.seq < $1.seq })
        else { throw HubError.invalidBatch("ratings and voids must come in the order of their seq") }
        for rating in batch.ratings where !(0...23).contains(rating.hour) || rating.fingerprint.isEmpty {
            throw HubError.invalidBatch("rating \(rating.id.uuidString.lowercased()) has no fingerprint or an hour outside 0–23")
        }
        try await ensurePartitions(for: Set(batch.ratings.map(\.localDay.firstOfMonth)))
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            // Serialises the pushes of one centre: a re-sent batch waits for the first and then finds its ratings.
            try await connection.query("SELECT 1 FROM centre WHERE code = \(centre) FOR UPDATE", logger: logger)
            let ratings = try await Self.storeRatings(batch.ratings, of: centre, on: connection, logger: logger)
            var voids: [HubOutcome] = []
            for void in batch.voids {
                voids.append(try await Self.storeVoid(void, of: centre, on: connection, logger: logger))
            }
            let ratingSeq = batch.ratings.last?.seq ?? 0
            let voidSeq = batch.voids.last?.seq ?? 0
            try await connection.query(
                """
                UPDATE centre SET rating_seq = greatest(rating_seq, \(ratingSeq)), void_seq = greatest(void_seq, \(voidSeq)),
                    pushed_at = now() WHERE code = \(centre)
                """, logger: logger)
            return HubPushResult(ratings: ratings, voids: voids)
        }
    }

    private static func storeRatings(
        _ ratings: [HubRating], of centre: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [HubOutcome] {
        guard !ratings.isEmpty else { return [] }
        var stored: [UUID: String] = [:]
        let rows = try await connection.query(
            "SELECT id, fingerprint FROM rating_id WHERE centre = \(centre) AND id = ANY(\(ratings.map(\.id)))", logger: logger)
        for try await (id, fingerprint) in rows.decode((UUID, String).self) { stored[id] = fingerprint }
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
                \(new.map { $0.excluded ?? "" }), \(new.map(\.createdAt)), \(new.map(\.receivedAt)), \(new.map(\.fingerprint)),
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
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE centre = $1 AND count <= 0", binds: {
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
                officer: officer, channel: channel, kiosk: kiosk, createdAt: "", receivedAt: "", localDay: LocalDate(day) ?? LocalDate(year: 1970, month: 1, day: 1),
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
            VALUES (\(centre), \(void.ratingID), \(void.seq), \(void.at)::timestamptz, \(rating.excluded))
            """, logger: logger)
        return HubOutcome(id: void.ratingID, seq: void.seq, status: .stored)
    }

    /// Creates the monthly partitions of `months` that do not exist yet (each in a short transaction of its own),
    /// moving any rows the default partition caught for that month into it.
    func ensurePartitions(for months: Set<LocalDate>) async throws {
        for month in months.sorted() where !(await knownPartitions.contains(month)) {
            let name = String(format: "rating_y%04dm%02d", month.year, month.month)
            let from = month.description
            let to = month.nextMonth.description
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(4242002)", logger: logger)
                let exists = try await connection.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: logger).collect()
                if try exists.first?.decode(Bool.self) == true { return }
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE TEMP TABLE moved ON COMMIT DROP AS SELECT * FROM rating_default WHERE local_day >= '\(from)' AND local_day < '\(to)'"),
                    logger: logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM rating_default WHERE local_day >= '\(from)' AND local_day < '\(to)'"), logger: logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE TABLE \(name) PARTITION OF rating FOR VALUES FROM ('\(from)') TO ('\(to)')"), logger: logger)
                try await connection.query("INSERT INTO rating SELECT * FROM moved", logger: logger)
            }
            await knownPartitions.insert(month)
        }
    }
}

/// The months whose partition this process has seen, so that most pushes skip the check.
actor PartitionCache {
    private var months: Set<LocalDate> = []
    func contains(_ month: LocalDate) -> Bool { months.contains(month) }
    func insert(_ month: LocalDate) { months.insert(month) }
}
