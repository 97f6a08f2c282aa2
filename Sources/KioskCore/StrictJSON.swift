/// A strict JSON reader (RFC 8259) for what outsiders send: it refuses what lenient decoders quietly
/// accept, so that what is checked is exactly what was sent.
///
/// - bytes that are not UTF-8 (a UTF-16 body, a stray Latin-1 byte);
/// - an object that names the same key twice (`{"overall": "a", "overall": "b"}`): which one a reader
///   would keep is not defined, so neither is kept;
/// - nesting deeper than ``maximumDepth``, and anything after the one value but white space.
///
/// Strings are returned as sent (escapes decoded); what a field may hold is the caller's rule.
public enum StrictJSON {
    /// How deeply arrays and objects may nest. A rating nests three levels.
    public static let maximumDepth = 32

    /// Why a body is not strict JSON, in a sentence that says where.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        /// The sentence, such as "the key 'overall' appears twice in one object".
        public var description: String
    }

    /// Parses one JSON value from `bytes`.
    /// - Throws: ``SyntaxError`` naming the first problem.
    public static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        var reader = Reader(bytes: Array(bytes))
        return try reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func document() throws(SyntaxError) -> JSONValue {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                throw fail("the body is UTF-16 or holds NUL bytes; send UTF-8 text")
            }
            let value = try value(depth: 0)
            skipSpace()
            guard index == bytes.count else { throw fail("there is more after the JSON value at byte \(index); send one value") }
            return value
        }

        func fail(_ sentence: String) -> SyntaxError { SyntaxError(description: sentence) }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= StrictJSON.maximumDepth else { throw fail("the JSON nests deeper than \(StrictJSON.maximumDepth) levels") }
            skipSpace()
            guard index < bytes.count else { throw fail("the JSON ends before its value is complete") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw fail("the JSON is not valid at byte \(index)")
            }
            index += expected.count
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("an object key must be a string (byte \(index))") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("a ':' must follow the key '\(key.prefix(40))'") }
                index += 1
                let member = try value(depth: depth + 1)
                guard members.updateValue(member, forKey: key) == nil else {
                    throw fail("the key '\(key.prefix(40))' appears twice in one object; send each field once")
                }
                skipSpace()
                guard index < bytes.count else { throw fail("the JSON ends inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                } else {
                    throw fail("a ',' or '}' is expected at byte \(index)")
                }
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw fail("the JSON ends inside an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                } else {
                    throw fail("a ',' or ']' is expected at byte \(index)")
                }
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var runStart = index
            func flushRun(_ end: Int) throws(SyntaxError) {
                guard runStart < end else { return }
                guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw fail("the body is not UTF-8 text (byte \(runStart)); send UTF-8")
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    try flushRun(index)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw fail("a control character must be escaped in a JSON string (byte \(index))") }
                if byte == UInt8(ascii: "\\") {
                    try flushRun(index)
                    index += 1
                    scalars.append(try escape())
                    runStart = index
                    continue
                }
                index += 1
            }
            throw fail("a string is not closed")
        }

        mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
            guard index < bytes.count else { throw fail("the JSON ends inside an escape") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try hex4()
                if (0xD800...0xDBFF).contains(high) {
                    guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("a lone UTF-16 surrogate \\u\(String(high, radix: 16)) is not a character")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone UTF-16 surrogate is not a character") }
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                }
                guard let scalar = Unicode.Scalar(high) else { throw fail("a lone UTF-16 surrogate is not a character") }
                return scalar
            default:
                throw fail("'\\\(Character(Unicode.Scalar(byte)))' is not a JSON escape (byte \(index - 1))")
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard bytes.count - index >= 4 else { throw fail("a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for byte in bytes[index..<(index + 4)] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw fail("a \\u escape needs four hex digits") }
                value = value * 16 + UInt32(digit)
            }
            index += 4
            return value
        }

        /// A number as RFC 8259 writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        mutating func number() throws(SyntaxError) -> Double {
            let start = index
            func isDigit(_ at: Int) -> Bool { at < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw fail("the JSON is not valid at byte \(start)") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while isDigit(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard isDigit(index) else { throw fail("a number needs digits after its '.' (byte \(index))") }
                while isDigit(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard isDigit(index) else { throw fail("a number needs digits in its exponent (byte \(index))") }
                while isDigit(index) { index += 1 }
            }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
                throw fail("the number at byte \(start) is out of range")
            }
            return value
        }
    }
}
