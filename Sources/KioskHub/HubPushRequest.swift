import Foundation
import KioskCore

/// A link of a centre's rating chain as a push carries it: each rating's `seq`, the hash before it and its own.
struct HubChainLink: Sendable, Equatable {
    var seq: Int64
    var prevHash: String?
    var hash: String?
}

/// A push as the hub reads its body: every item whose id and `seq` can be read is judged on its own, so an
/// item with a field of the wrong type or a date PostgreSQL cannot hold is refused alone and the rest are stored.
/// A body that is not JSON, not `{"ratings": [...], "voids": [...]}`, or an item without a readable id and
/// `seq` is refused whole (400).
struct HubPushRequest: Decodable, Sendable {
    var ratings: [Screened<HubRating>]
    var voids: [Screened<HubVoid>]
    /// The chain links of every rating, refused ones included (the centre's chain runs through them).
    var chain: [HubChainLink]

    enum CodingKeys: String, CodingKey { case ratings, voids }

    init(ratings: [Screened<HubRating>], voids: [Screened<HubVoid>], chain: [HubChainLink]) {
        self.ratings = ratings
        self.voids = voids
        self.chain = chain
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ratings = try container.decode([ReadItem<HubRating>].self, forKey: .ratings)
        let voids = try container.decode([ReadItem<HubVoid>].self, forKey: .voids)
        self.ratings = ratings.map(\.screened)
        self.voids = voids.map(\.screened)
        chain = ratings.map(\.link)
    }

    /// Reads the body of a push.
    /// - Throws: ``HubItemProblem`` with a sentence when the body is not a push.
    static func read(_ data: Data) throws -> HubPushRequest {
        do {
            return try JSONDecoder().decode(HubPushRequest.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = Self.describe(error)
            if field.isEmpty, case .dataCorrupted = error {
                throw HubItemProblem(field: "body", message: "the push is not JSON: send {\"ratings\": [...], \"voids\": [...]}")
            }
            throw HubItemProblem(
                field: field,
                message: "the push is not a batch of ratings and voids (\(field.isEmpty ? "body" : field): \(problem)); nothing was stored")
        }
    }

    /// The field a decoding error is about (`ratings[3].localDay`) and what is wrong with it, in a few words.
    static func describe(_ error: DecodingError) -> (field: String, problem: String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context): return (path(context.codingPath + [key]), "is missing")
        case .typeMismatch(let type, let context): return (path(context.codingPath), "must be \(typeName(type))")
        case .valueNotFound(let type, let context): return (path(context.codingPath), "must be \(typeName(type)), not null")
        case .dataCorrupted(let context): return (path(context.codingPath), "is not valid (\(context.debugDescription.prefix(120)))")
        @unknown default: return ("", "is not readable")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is LocalDate.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int16.Type: "a whole number"
        case is UUID.Type: "a UUID"
        default: type is any Collection.Type ? "a list" : "an object"
        }
    }
}

/// An item type of a push: how it is named, how its id is named in the JSON, and how the hub judges it.
protocol HubPushItem: Decodable, Sendable {
    static var kind: String { get }
    static var idKey: String { get }
    var seq: Int64 { get }
    /// The item as the hub stores it, or refused.
    var screened: Screened<Self> { get }
}

extension HubRating: HubPushItem {
    static var kind: String { "rating" }
    static var idKey: String { "id" }
    var screened: Screened<HubRating> { HubPushCheck.screen(self) }
}

extension HubVoid: HubPushItem {
    static var kind: String { "void" }
    static var idKey: String { "ratingID" }
    var screened: Screened<HubVoid> { HubPushCheck.screen(self) }
}

/// One item of a push, read and judged: its id and `seq` must be readable, the rest is checked by ``HubPushCheck``.
private struct ReadItem<Item: HubPushItem>: Decodable {
    var screened: Screened<Item>
    var link: HubChainLink

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let id = try container.decode(UUID.self, forKey: Key(stringValue: Item.idKey))
        let seq = try container.decode(Int64.self, forKey: Key(stringValue: "seq"))
        link = HubChainLink(
            seq: seq, prevHash: try? container.decodeIfPresent(String.self, forKey: Key(stringValue: "prevHash")),
            hash: try? container.decodeIfPresent(String.self, forKey: Key(stringValue: "hash")))
        do {
            screened = try Item(from: decoder).screened
        } catch let error as DecodingError {
            let (field, problem) = HubPushRequest.describe(error)
            let relative = field.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? field
            screened = .refused(
                HubPushCheck.refusal(kind: Item.kind, id: id, seq: seq, HubItemProblem(field: relative, message: "\(relative) \(problem)")))
        }
    }
}
