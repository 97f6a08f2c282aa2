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
    /// - Throws: ``HubItemProblem`` with a sentence of the hub's own when the body is not a push: the decoder's
    ///   own text never reaches the centre.
    static func read(_ data: Data) throws -> HubPushRequest {
        do {
            return try JSONDecoder().decode(HubPushRequest.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = Self.describe(error)
            if field.isEmpty, case .dataCorrupted = error {
                throw HubItemProblem(
                    field: "body",
                    message: "Nội dung gửi lên không phải JSON; chưa lưu gì. / The push is not JSON: send {\"ratings\": [...], \"voids\": [...]}; "
                        + "nothing was stored.")
            }
            let at = field.isEmpty ? "body" : field
            throw HubItemProblem(
                field: at,
                message: "Nội dung gửi lên không phải một lô đánh giá và lượt hủy (\(at) \(problem.vi)); chưa lưu gì. / "
                    + "The push is not a batch of ratings and voids (\(at) \(problem.en)); nothing was stored.")
        } catch {
            throw HubItemProblem(
                field: "body", message: "Không đọc được nội dung gửi lên; chưa lưu gì. / The push cannot be read; nothing was stored.")
        }
    }

    /// What is wrong with a value, in Vietnamese and in English.
    struct Problem: Sendable, Equatable {
        var vi: String
        var en: String
    }

    /// The field a decoding error is about (`ratings[3].localDay`) and what is wrong with it, in a few words of the
    /// hub's own (never the decoder's description, which may quote what was sent).
    static func describe(_ error: DecodingError) -> (field: String, problem: Problem) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), Problem(vi: "bị thiếu", en: "is missing"))
        case .typeMismatch(let type, let context):
            let name = typeName(type)
            return (path(context.codingPath), Problem(vi: "phải là \(name.vi)", en: "must be \(name.en)"))
        case .valueNotFound(let type, let context):
            let name = typeName(type)
            return (path(context.codingPath), Problem(vi: "phải là \(name.vi), không được null", en: "must be \(name.en), not null"))
        case .dataCorrupted(let context):
            return (path(context.codingPath), Problem(vi: "không hợp lệ", en: "is not valid"))
        @unknown default:
            return ("", Problem(vi: "không đọc được", en: "is not readable"))
        }
    }

    private static func typeName(_ type: Any.Type) -> Problem {
        switch type {
        case is String.Type, is LocalDate.Type: Problem(vi: "một chuỗi", en: "a string")
        case is Bool.Type: Problem(vi: "true hoặc false", en: "true or false")
        case is Int.Type, is Int64.Type, is Int16.Type: Problem(vi: "một số nguyên", en: "a whole number")
        case is UUID.Type: Problem(vi: "một UUID", en: "a UUID")
        default: type is any Collection.Type ? Problem(vi: "một danh sách", en: "a list") : Problem(vi: "một đối tượng", en: "an object")
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
                HubPushCheck.refusal(kind: Item.kind, id: id, seq: seq, HubItemProblem(field: relative, message: "\(relative) \(problem.en)")))
        }
    }
}
