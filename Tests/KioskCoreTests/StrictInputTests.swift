import Foundation
import KioskCore
import Testing

/// Generated inputs for the parsers that take outside text: RFC 3339 times, strict JSON, control characters.
@Suite struct StrictInputTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Every valid time (random day, time, fraction and offset) parses to the instant Foundation gives.
    @Test func validTimesParseToTheSameInstantAsFoundation() throws {
        var random = Generator(state: 1)
        for _ in 0..<5_000 {
            let year = Int.random(in: 1900...2100, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let lastDay = Calendar(identifier: .gregorian).range(
                of: .day, in: .month, for: Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: month))!)!.count
            let day = Int.random(in: 1...lastDay, using: &random)
            let (hour, minute, second) = (
                Int.random(in: 0...23, using: &random), Int.random(in: 0...59, using: &random), Int.random(in: 0...59, using: &random)
            )
            let offsetMinutes = Int.random(in: -(14 * 60)...(14 * 60), using: &random)
            let offset =
                offsetMinutes == 0 && Bool.random(using: &random)
                ? "Z" : String(format: "%@%02d:%02d", offsetMinutes < 0 ? "-" : "+", abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            let millis = Int.random(in: 0...999, using: &random)
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", year, month, day, hour, minute, second, millis) + offset
            let parsed = try #require(RFC3339.parse(text), "\(text)")
            let expected = try #require(try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text), "\(text)")
            #expect(abs(parsed.timeIntervalSince(expected)) < 0.0005, "\(text)")
        }
    }

    /// Days that do not exist, out-of-range clock fields and offsets not written ±HH:MM never parse.
    @Test func impossibleTimesNeverParse() {
        var random = Generator(state: 2)
        for _ in 0..<3_000 {
            let year = Int.random(in: 1900...2100, using: &random)
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let bad: String
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bad = String(format: "%04d-02-%02dT09:00:00Z", year, leap ? 30 : Int.random(in: 29...31, using: &random))
            case 1: bad = String(format: "%04d-%02d-31T09:00:00Z", year, [4, 6, 9, 11].randomElement(using: &random)!)
            case 2: bad = String(format: "%04d-%02d-10T09:00:00Z", year, Int.random(in: 13...99, using: &random))
            case 3: bad = String(format: "%04d-05-10T%02d:%02d:%02dZ", year, Int.random(in: 24...99, using: &random), 0, 0)
            case 4:
                bad = String(
                    format: "%04d-05-10T09:%02d:%02dZ", year, Int.random(in: 0...59, using: &random), Int.random(in: 60...99, using: &random))
            default:
                bad =
                    String(format: "%04d-05-10T09:00:00", year) + ["+0700", "+07", "+7:00", "+07:0", "+24:00", "+07:60", "", " Z", "Z ", "+07:00 "]
                    .randomElement(using: &random)!
            }
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
    }

    /// Any value JSONSerialization writes is read back the same; mutated bytes never crash the reader.
    @Test func strictJSONReadsWhatIsWrittenAndSurvivesMutations() throws {
        var random = Generator(state: 3)
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random) {
            case 0: return Bool.random(using: &random)
            case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 8
            case 2: return String((0..<Int.random(in: 0...12, using: &random)).map { _ in "aăâbđêô\"\\/\n\t😀 0".randomElement(using: &random)! })
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth + 1) }
            default:
                var object: [String: Any] = [:]
                for index in 0..<Int.random(in: 0...4, using: &random) { object["k\(index)ư"] = value(depth + 1) }
                return object
            }
        }
        for _ in 0..<2_000 {
            let original = ["root": value(0)]
            let data = try JSONSerialization.data(withJSONObject: original)
            let parsed = try StrictJSON.parse(data)
            let viaFoundation = try JSONDecoder().decode(JSONValue.self, from: data)
            #expect(parsed == viaFoundation)
            var bytes = Array(data)
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: at)
                default: bytes.insert(Array("{}[]\",:\\0eE-.".utf8).randomElement(using: &random)!, at: at)
                }
            }
            _ = try? StrictJSON.parse(bytes)
        }
    }

    @Test func strictJSONRefusesWhatLenientReadersAccept() throws {
        let refused: [(String, String)] = [
            (#"{"a": 1, "a": 2}"#, "appears twice"), (#"{"a": {"b": 1, "b": 1}}"#, "appears twice"), (#"{"a": 1} x"#, "more after"),
            (#"{"a": 01}"#, "',' or '}'"), (#"{"a": .5}"#, "not valid"), (#"{"a": 1.}"#, "digits after"), (#"{"a": "\ud800"}"#, "surrogate"),
            (#"{"a": "\x"}"#, "not a JSON escape"), ("{\"a\": \"\u{01}\"}", "control character"), (#"{"a": NaN}"#, "not valid"),
            (#"{"a": 1e999}"#, "out of range"), (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), "deeper"),
            (#"{"a": "b"#, "not closed"), (#"{'a': 1}"#, "must be a string"),
        ]
        for (text, sentence) in refused {
            do {
                _ = try StrictJSON.parse(Array(text.utf8))
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(sentence), "\(text): \(error.description)")
            }
        }
        #expect(throws: StrictJSON.SyntaxError.self) { try StrictJSON.parse([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]) }
        #expect(throws: StrictJSON.SyntaxError.self) { try StrictJSON.parse(Array(#"{"a": "Ch"#.utf8) + [0xF2] + Array(#""}"#.utf8)) }
        #expect(try StrictJSON.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": "\ud83d\ude00"}"#.utf8)) == .object(["a": .string("😀")]))
    }

    @Test func controlCharactersAreEscapedForLogsAndRemovedFromText() {
        var random = Generator(state: 4)
        for _ in 0..<2_000 {
            let text = String(
                String.UnicodeScalarView(
                    (0..<Int.random(in: 0...30, using: &random)).map { _ in
                        [Unicode.Scalar(UInt8.random(in: 0...0x9F, using: &random)), "ư", "\u{202E}", "\u{2066}", "\\"].randomElement(using: &random)!
                    }))
            let escaped = ControlCharacters.escaped(text)
            #expect(!escaped.unicodeScalars.contains(where: ControlCharacters.isControl), "\(escaped)")
            let lines = ControlCharacters.escapedKeepingLines(text)
            #expect(!lines.unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\n" && $0 != "\t" })
            let removed = ControlCharacters.removed(from: text)
            #expect(!removed.unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\n" })
        }
        #expect(ControlCharacters.escaped("canbo\nINFO forged") == #"canbo\nINFO forged"#)
        #expect(ControlCharacters.escaped("\u{1B}[31mđỏ") == #"\u{1B}[31mđỏ"#)
        #expect(ControlCharacters.removed(from: "a\r\nb\rc\td\u{0}") == "a\nb\nc d")
    }
}
