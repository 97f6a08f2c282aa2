import Foundation
import KioskCore

/// The coordinates of a rollup row that a count belongs to (its primary key without `excluded`).
struct RollupCell: Hashable, Comparable {
    var dimension: String
    var day: String
    var key: String
    var survey: String
    var question: String
    var choice: String
    var excluded: String

    static func < (lhs: RollupCell, rhs: RollupCell) -> Bool {
        if (lhs.day, lhs.dimension, lhs.key, lhs.survey) != (rhs.day, rhs.dimension, rhs.key, rhs.survey) {
            return (lhs.day, lhs.dimension, lhs.key, lhs.survey) < (rhs.day, rhs.dimension, rhs.key, rhs.survey)
        }
        return (lhs.question, lhs.choice, lhs.excluded) < (rhs.question, rhs.choice, rhs.excluded)
    }

    /// How messages name the row: `counter Q03 2026-11-24 overall satisfied (misuse)`.
    func described(withSurvey: Bool) -> String {
        var parts = [dimension]
        if dimension != RollupDimension.all.rawValue { parts.append(key.isEmpty ? "(none)" : key) }
        parts.append(day)
        parts.append(withSurvey ? "\(survey)/\(question)" : question)
        parts.append(choice)
        return parts.joined(separator: " ") + (excluded.isEmpty ? "" : " (\(excluded))")
    }
}

/// Works out, from a stored rating row alone, which rollup rows it counts in — the same rows
/// ``Rating/rollupEntries(for:in:)`` gave when it was stored. Needs only the centre's time zone (for the hour).
struct RollupRecount {
    let timeZone: TimeZone
    private var answersCache: [String: [(question: String, choices: [String])]] = [:]
    private var offsetCache: [Int: Int] = [:]

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The stored columns a recount reads.
    struct Row {
        var survey: String
        var answers: String
        var counter: String?
        var field: String?
        var officer: String?
        var channel: String
        var kiosk: String?
        var createdAt: String
        var localDay: String
    }

    /// The dimension keys of the row (all, counter, field, officer, channel, kiosk, hour).
    mutating func dimensionKeys(of row: Row) -> [(String, String)] {
        let hour = localHour(ofStored: row.createdAt)
        return [
            (RollupDimension.all.rawValue, ""), (RollupDimension.counter.rawValue, row.counter ?? ""),
            (RollupDimension.field.rawValue, row.field ?? ""), (RollupDimension.officer.rawValue, row.officer ?? ""),
            (RollupDimension.channel.rawValue, row.channel), (RollupDimension.kiosk.rawValue, row.kiosk ?? ""),
            (RollupDimension.hour.rawValue, (hour < 10 ? "0" : "") + String(hour)),
        ]
    }

    /// Every question and chosen answer of the row's answers, questions sorted.
    mutating func answers(of row: Row) -> [(question: String, choices: [String])] {
        if let cached = answersCache[row.answers] { return cached }
        let decoded = (try? JSONDecoder().decode([String: Answer].self, from: Data(row.answers.utf8))) ?? [:]
        let result = decoded.sorted { $0.key < $1.key }.map { (question: $0.key, choices: $0.value.choiceIDs) }
        if answersCache.count < 100_000 { answersCache[row.answers] = result }
        return result
    }

    /// Every rollup cell the row counts in, with `excluded`.
    mutating func cells(of row: Row, excluded: String) -> [RollupCell] {
        let keys = dimensionKeys(of: row)
        var cells: [RollupCell] = []
        for (question, choices) in answers(of: row) {
            for choice in choices {
                for (dimension, key) in keys {
                    cells.append(
                        RollupCell(
                            dimension: dimension, day: row.localDay, key: key, survey: row.survey, question: question, choice: choice,
                            excluded: excluded))
                }
            }
        }
        return cells
    }

    /// The local hour of a stored timestamp (`2026-11-24T02:15:00.000Z`), read without a date parser when
    /// it has the stored shape; the zone's offset is looked up once per UTC hour.
    mutating func localHour(ofStored text: String) -> Int {
        guard let epoch = Self.epochSeconds(text) ?? RFC3339.parse(text).map({ Int($0.timeIntervalSince1970.rounded(.down)) }) else { return 0 }
        let utcHour = Self.floorDiv(epoch, 3600)
        let offset: Int
        if let cached = offsetCache[utcHour] {
            offset = cached
        } else {
            offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
            offsetCache[utcHour] = offset
        }
        let local = epoch + offset
        return Self.floorDiv(local, 3600) - Self.floorDiv(local, 86_400) * 24
    }

    /// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS(.fff)Z`, or `nil` for another shape.
    static func epochSeconds(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            bytes.last == 0x5A
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
