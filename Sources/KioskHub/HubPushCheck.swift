import Foundation
import KioskCore

/// Why the hub refuses one pushed item: the field at fault and a sentence naming the item.
struct HubItemProblem: Error, Sendable, Equatable {
    var field: String
    var message: String
}

/// One pushed item as the hub judged it before touching its database: sound, or refused with a sentence.
enum Screened<Item: HubPushItem>: Sendable {
    case sound(Item)
    case refused(HubOutcome)

    var seq: Int64 {
        switch self {
        case .sound(let item): item.seq
        case .refused(let outcome): outcome.seq
        }
    }

    /// The item, when it is sound.
    var item: Item? {
        if case .sound(let item) = self { return item }
        return nil
    }
}

/// The checks every pushed item passes before the hub stores it. A centre's store keeps what its own checks
/// let through, and a rule may be added there later than here, so the hub checks each item on its own: what
/// PostgreSQL would refuse (a date in year 0), what would make a partition for a month nobody rated in, what
/// would count wrong (two main answers, `satisfied` against the main answer), strings longer than any id.
/// An item that fails is refused alone, with a sentence naming its id and field; the others are stored.
enum HubPushCheck {
    /// The years a rating's day, creation and receipt time may fall in.
    static let years = 2000...2100
    /// The most answers one rating may carry (every question of a survey, every choice of the multiple ones).
    static let maximumAnswers = 64
    /// The longest RFC 3339 timestamp accepted, in bytes.
    static let maximumTimestamp = 40

    /// `rating` as the hub stores it, or refused.
    static func screen(_ rating: HubRating) -> Screened<HubRating> {
        guard let problem = problem(of: rating) else { return .sound(rating) }
        return .refused(refusal(kind: "rating", id: rating.id, seq: rating.seq, problem))
    }

    /// `void` as the hub stores it, or refused.
    static func screen(_ void: HubVoid) -> Screened<HubVoid> {
        guard let problem = problem(of: void) else { return .sound(void) }
        return .refused(refusal(kind: "void", id: void.ratingID, seq: void.seq, problem))
    }

    /// The outcome of an item refused for `problem`.
    static func refusal(kind: String, id: UUID, seq: Int64, _ problem: HubItemProblem) -> HubOutcome {
        HubOutcome(
            id: id, seq: seq, status: .refused,
            message: "\(kind) \(id.uuidString.lowercased()) (seq \(seq)), \(problem.field): \(problem.message); the hub did not store it")
    }

    /// The first problem of `rating`, or `nil` when the hub can store it.
    static func problem(of rating: HubRating) -> HubItemProblem? {
        if rating.seq < 1 { return HubItemProblem(field: "seq", message: "seq must be 1 or more") }
        if !isDigest(rating.fingerprint) {
            return HubItemProblem(field: "fingerprint", message: "the fingerprint must be a SHA-256 in 64 lowercase hex digits")
        }
        for (field, value) in [("survey", rating.survey), ("channel", rating.channel)] where !isIdentifier(value) {
            return HubItemProblem(field: field, message: "\(field) must be an id: letters, digits, '.', '_' or '-', 1 to 64 of them")
        }
        for (field, value) in [("counter", rating.counter), ("field", rating.field), ("officer", rating.officer), ("kiosk", rating.kiosk)] {
            if let value, !value.isEmpty, !isIdentifier(value) {
                return HubItemProblem(field: field, message: "\(field) must be an id: letters, digits, '.', '_' or '-', at most 64")
            }
        }
        if Channel(rawValue: rating.channel) == nil {
            return HubItemProblem(
                field: "channel", message: "channel '\(rating.channel)' is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let excluded = rating.excluded, !excluded.isEmpty, Exclusion(rawValue: excluded) == nil {
            return HubItemProblem(
                field: "excluded", message: "excluded must be empty or one of \(Exclusion.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (field, value) in [("prevHash", rating.prevHash), ("hash", rating.hash)] {
            if let value, !value.isEmpty, !isDigest(value) {
                return HubItemProblem(field: field, message: "\(field) must be a SHA-256 in 64 lowercase hex digits")
            }
        }
        if let problem = timeProblem(of: rating) { return problem }
        return answersProblem(of: rating)
    }

    /// The first problem of the day, hour and times of `rating`.
    static func timeProblem(of rating: HubRating) -> HubItemProblem? {
        guard years.contains(rating.localDay.year) else {
            return HubItemProblem(
                field: "localDay", message: "the day \(rating.localDay) is outside the years \(years.lowerBound)–\(years.upperBound)")
        }
        guard (0...23).contains(rating.hour) else { return HubItemProblem(field: "hour", message: "hour must be 0 to 23") }
        var created: Date?
        for (field, text) in [("createdAt", rating.createdAt), ("receivedAt", rating.receivedAt)] {
            let instant = timestamp(text)
            guard let instant else {
                return HubItemProblem(field: field, message: "\(field) must be an RFC 3339 time such as 2026-11-24T02:15:00Z, in the years 2000–2100")
            }
            if created == nil { created = instant }
        }
        // Time zones lie within a day of UTC, so the centre's local day is the UTC day of createdAt, or one next to it.
        if let created, abs(LocalDate.of(created, in: utc).date.days(to: rating.localDay)) > 1 {
            return HubItemProblem(field: "localDay", message: "the day \(rating.localDay) is not the day of createdAt in any time zone")
        }
        return nil
    }

    /// The first problem of the answers of `rating`, and of `mainChoice` and `satisfied` against them.
    static func answersProblem(of rating: HubRating) -> HubItemProblem? {
        guard rating.answers.count <= maximumAnswers else {
            return HubItemProblem(field: "answers", message: "a rating carries at most \(maximumAnswers) answers")
        }
        var seen: Set<[String]> = []
        var mainQuestions: Set<String> = []
        var otherQuestions: Set<String> = []
        for answer in rating.answers {
            guard isIdentifier(answer.question), isIdentifier(answer.choice) else {
                return HubItemProblem(field: "answers", message: "every question and choice must be an id: letters, digits, '.', '_' or '-', 1 to 64")
            }
            guard seen.insert([answer.question, answer.choice]).inserted else {
                return HubItemProblem(field: "answers", message: "the choice \(answer.choice) of \(answer.question) comes twice")
            }
            if answer.main { mainQuestions.insert(answer.question) } else { otherQuestions.insert(answer.question) }
        }
        if let question = mainQuestions.intersection(otherQuestions).first {
            return HubItemProblem(field: "answers", message: "the question \(question) is the main question in one answer and not in another")
        }
        let main = rating.answers.filter(\.main)
        guard main.count <= 1 else {
            return HubItemProblem(field: "answers", message: "\(main.count) answers are marked main; a rating answers its main question once")
        }
        guard rating.mainChoice == (main.first?.choice ?? "") else {
            return HubItemProblem(field: "mainChoice", message: "mainChoice is not the choice of the answer marked main")
        }
        let satisfied = main.first?.satisfied ?? false
        guard rating.satisfied == satisfied else {
            return HubItemProblem(
                field: "satisfied",
                message:
                    "satisfied is \(rating.satisfied) but the main answer \(rating.mainChoice) counts as \(satisfied ? "satisfied" : "not satisfied")"
            )
        }
        return nil
    }

    /// The first problem of `void`, or `nil` when the hub can store it.
    static func problem(of void: HubVoid) -> HubItemProblem? {
        if void.seq < 1 { return HubItemProblem(field: "seq", message: "seq must be 1 or more") }
        if timestamp(void.at) == nil {
            return HubItemProblem(field: "at", message: "at must be an RFC 3339 time such as 2026-11-24T02:15:00Z, in the years 2000–2100")
        }
        return nil
    }

    /// The instant of an RFC 3339 `text` within ``years``, or `nil`.
    static func timestamp(_ text: String) -> Date? {
        guard text.utf8.count <= maximumTimestamp, let date = RFC3339.parse(text) else { return nil }
        return years.contains(Calendar.gregorian(in: utc).component(.year, from: date)) ? date : nil
    }

    /// A checked timestamp as PostgreSQL is given it: UTC, to the millisecond (the text as sent when it cannot be read).
    static func normalized(_ text: String) -> String {
        timestamp(text).map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) } ?? text
    }

    /// An id of the content, a counter, an officer or a kiosk: ASCII letters, digits, `.`, `_`, `-`, 1 to 64.
    static func isIdentifier(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || "._-".utf8.contains($0)
            }
    }

    /// Whether `text` is a lowercase hex SHA-256.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static let utc = TimeZone(identifier: "UTC")!
}
