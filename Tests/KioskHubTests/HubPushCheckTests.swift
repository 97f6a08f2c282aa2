import Foundation
import KioskCore
import KioskHub
import KioskServer
import KioskStore
import PostgresNIO
import TestSupport
import Testing

/// A pushed rating as JSON, to be broken on purpose.
typealias JSONObject = [String: Any]

/// Items a centre can send but the hub must not store, each with the field the refusal must name.
enum BadItems {
    /// A rating that passes every check of the hub, without a chain.
    static func sound(seq: Int64, day: String = "2026-11-20") -> JSONObject {
        [
            "id": UUID().uuidString.lowercased(), "seq": seq, "fingerprint": String(repeating: "ab", count: 32), "survey": "quick",
            "mainChoice": "dissatisfied", "satisfied": false,
            "answers": [["question": "overall", "choice": "dissatisfied", "main": true, "satisfied": false]],
            "counter": "Q01", "channel": "touch", "createdAt": "\(day)T02:15:00.000Z", "receivedAt": "\(day)T02:15:02.000Z",
            "localDay": day, "hour": 9,
        ]
    }

    /// The named bad items, in the order they are pushed (seq from `first`), with the field each refusal names.
    static func named(from first: Int64) -> [(name: String, item: JSONObject, field: String)] {
        var cases: [(String, JSONObject, String)] = []
        var seq = first
        func add(_ name: String, _ field: String, _ change: (inout JSONObject) -> Void) {
            var item = sound(seq: seq)
            change(&item)
            cases.append((name, item, field))
            seq += 1
        }
        add("year 0", "localDay") {
            $0["localDay"] = "0000-06-01"
            $0["createdAt"] = "0000-06-01T00:00:00Z"
            $0["receivedAt"] = "0000-06-01T00:00:02Z"
        }
        add("createdAt in year 0", "createdAt") { $0["createdAt"] = "0000-06-01T00:00:00Z" }
        add("localDay in 1000-01", "localDay") { $0["localDay"] = "1000-01-15" }
        add("localDay a month only", "localDay") { $0["localDay"] = "1041-08" }
        add("localDay far from createdAt", "localDay") { $0["localDay"] = "2026-10-01" }
        add("3 MB string", "officer") { $0["officer"] = String(repeating: "a", count: 3_000_000) }
        add("satisfied on a dissatisfied answer", "satisfied") { $0["satisfied"] = true }
        add("two main answers", "answers") {
            $0["answers"] = [
                ["question": "overall", "choice": "dissatisfied", "main": true, "satisfied": false],
                ["question": "again", "choice": "yes", "main": true, "satisfied": true],
            ]
        }
        add("mainChoice not the main answer", "mainChoice") { $0["mainChoice"] = "very_satisfied" }
        add("hour 24", "hour") { $0["hour"] = 24 }
        add("unknown channel", "channel") { $0["channel"] = "fax" }
        add("fingerprint not a digest", "fingerprint") { $0["fingerprint"] = "abc" }
        add("hour a string", "hour") { $0["hour"] = "nine" }
        add("answers missing", "answers") { $0.removeValue(forKey: "answers") }
        return cases
    }
}

extension HubTests {
    /// The `error.message` of a JSON error body, or `nil` when the body is not one.
    func errorMessage(_ data: Data) -> String? {
        let object = try? JSONSerialization.jsonObject(with: data) as? JSONObject
        return (object?["error"] as? JSONObject)?["message"] as? String
    }

    /// The hub's partitions of `rating`, by name.
    func partitions(_ database: HubDatabase) async throws -> [String] {
        var names: [String] = []
        let rows = try await database.client.query(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'rating'::regclass ORDER BY 1")
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    func pushBody(_ ratings: [JSONObject], voids: [JSONObject] = []) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["ratings": ratings, "voids": voids])
    }

    @Test("bad bodies get 400 with a sentence; bad items are refused alone, naming id and field; no partition for them")
    func badItemsAreRefusedAlone() async throws {
        try await withHub { _, database, hub in
            let token = try await database.addCentre(code: "HP-BAD", name: "Phường Thử", kind: .ward)
            let url = hub.url.appendingPathComponent("hub/v1/push")
            let wholeBodies: [(String, String)] = [
                ("not json", "not JSON"), (#"{"ratings": 5, "voids": []}"#, "ratings"), (#"{"ratings": []}"#, "voids"),
                (#"{"ratings": [{"seq": 1}], "voids": []}"#, "ratings[0].id"),
                (#"{"ratings": [{"id": "x", "seq": 1}], "voids": []}"#, "ratings[0].id"),
                ("[]", "body"), ("", "JSON"),
            ]
            for (body, words) in wholeBodies {
                let (status, headers, data) = try await hubExchange(url, method: "POST", token: token, body: Data(body.utf8))
                #expect(status == 400, "\(body)")
                #expect(headers[.contentType]?.hasPrefix("application/json") == true)
                let message = errorMessage(data) ?? ""
                #expect(message.contains(words), "\(body): \(message)")
            }
            let (tooLarge, _, tooLargeBody) = try await hubExchange(url, method: "POST", token: token, body: Data(repeating: 0x20, count: 5_000_000))
            #expect(tooLarge == 413)
            #expect(errorMessage(tooLargeBody)?.contains("4 MB") == true)

            // Good items first, then every bad one: the good are stored, each bad one refused with its id and field.
            let good = (1...3).map { BadItems.sound(seq: Int64($0)) }
            let bad = BadItems.named(from: 4)
            let (status, data) = try await hubRequest(url, method: "POST", token: token, body: try pushBody(good + bad.map(\.item)))
            #expect(status == 200, "\(String(decoding: data.prefix(300), as: UTF8.self))")
            let result = try JSONDecoder().decode(HubPushResult.self, from: data)
            #expect(result.ratings.prefix(3).allSatisfy { $0.status == .stored })
            for (outcome, (name, item, field)) in zip(result.ratings.dropFirst(3), bad) {
                #expect(outcome.status == .refused, "\(name)")
                let message = outcome.message ?? ""
                #expect(message.contains(item["id"] as! String) && message.contains("\(field):"), "\(name): \(message)")
                #expect(message.count < 400, "\(name): the sentence echoes the value")
            }
            #expect(try await partitions(database) == ["rating_default", "rating_y2026m11"])
            #expect(try await hubCounts(database, centre: "HP-BAD") == (3, 3, 3))
            // Sent again: the same answer, the good ones now duplicates.
            let (_, again) = try await hubRequest(url, method: "POST", token: token, body: try pushBody(good + bad.map(\.item)))
            let replay = try JSONDecoder().decode(HubPushResult.self, from: again)
            #expect(replay.ratings.map(\.status) == [.duplicate, .duplicate, .duplicate] + bad.map { _ in .refused })
            #expect(replay.ratings.dropFirst(3).map(\.message) == result.ratings.dropFirst(3).map(\.message))
        }
    }

    @Test("many generated malformed items and bodies: never a 500, every refusal a sentence, no partition outside 2000–2100")
    func generatedInputsNeverFail() async throws {
        try await withHub { _, database, hub in
            let token = try await database.addCentre(code: "HP-FUZZ", name: "Phường Ngẫu Nhiên", kind: .ward)
            let url = hub.url.appendingPathComponent("hub/v1/push")
            var random = SeededGenerator(seed: 77)
            let keys = Array(BadItems.sound(seq: 1).keys) + ["prevHash", "hash", "excluded", "kiosk", "field"]
            let values: [Any] = [
                NSNull(), true, 0, -1, 24, Int64.max, 1.5, "", "0000-01-01", "9999-12-31", "2026-02-30", "2026-11-20T25:00:00Z",
                "0000-06-01T00:00:00Z", "1000-01-15", "2101-01-01T00:00:00Z", "-2026-11-20", String(repeating: "x", count: 70_000),
                String(repeating: "9", count: 64), "Nguyễn Văn A", "\u{0}", ["a": 1], [1, 2], "misuse", "voided", "paper",
            ]
            var seq: Int64 = 0
            for round in 0..<40 {
                var items: [JSONObject] = []
                for _ in 0..<15 {
                    seq += 1
                    var item = BadItems.sound(seq: seq, day: "2026-\(String(format: "%02d", Int.random(in: 1...12, using: &random)))-10")
                    for _ in 0..<Int.random(in: 1...3, using: &random) {
                        let key = keys.randomElement(using: &random)!
                        if key == "seq" { continue }
                        if Int.random(in: 0..<6, using: &random) == 0 {
                            item.removeValue(forKey: key)
                        } else {
                            item[key] = values.randomElement(using: &random)!
                        }
                    }
                    items.append(item)
                }
                var voids: [JSONObject] = []
                for _ in 0..<3 {
                    seq += 1
                    var void: JSONObject = ["seq": seq, "ratingID": items.randomElement(using: &random)!["id"] ?? "", "at": "2026-11-24T03:00:00Z"]
                    void[["at", "ratingID", "at"].randomElement(using: &random)!] = values.randomElement(using: &random)!
                    voids.append(void)
                }
                let (status, data) = try await hubRequest(url, method: "POST", token: token, body: try pushBody(items, voids: voids))
                #expect([200, 400, 409].contains(status), "round \(round): \(status) \(String(decoding: data.prefix(300), as: UTF8.self))")
                if status == 200 {
                    let result = try JSONDecoder().decode(HubPushResult.self, from: data)
                    #expect(result.ratings.count == items.count && result.voids.count == voids.count)
                    #expect(result.ratings.allSatisfy { $0.status != .refused || ($0.message ?? "").hasSuffix("the hub did not store it") })
                } else {
                    #expect((errorMessage(data) ?? "").count > 20, "round \(round)")
                }
            }
            for round in 0..<30 {
                let bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                let (status, data) = try await hubRequest(url, method: "POST", token: token, body: Data(bytes))
                #expect(status == 400 && errorMessage(data) != nil, "bytes \(round): \(status)")
            }
            for name in try await partitions(database) where name != "rating_default" {
                let year = Int(name.dropFirst("rating_y".count).prefix(4)) ?? 0
                #expect((2000...2100).contains(year), "\(name)")
            }
        }
    }
}
