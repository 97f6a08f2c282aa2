/// Puts a session's CSRF token into an HTML page: `<meta name="csrf-token" content="…">` right after the
/// opening `<head>` tag, and `<input type="hidden" name="csrf" value="…">` right after the opening tag
/// of every `<form>` whose method is post. Comments and the insides of `<script>`, `<style>` and
/// `<textarea>` are left alone.
enum CSRFMarkup {
    /// The page with the token in it.
    /// - Parameter token: URL-safe base64 (needs no escaping in an attribute).
    static func insert(token: String, into html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 512)
        let meta = Array("<meta name=\"csrf-token\" content=\"\(token)\">".utf8)
        let field = Array("<input type=\"hidden\" name=\"\(CSRFMiddleware.fieldName)\" value=\"\(token)\">".utf8)
        var headDone = false
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                out.append(bytes[index])
                index += 1
                continue
            }
            if starts(bytes, at: index, with: "<!--") {
                let end = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                out.append(contentsOf: bytes[index..<end])
                index = end
                continue
            }
            let name = tagName(bytes, at: index + 1)
            let end = tagEnd(bytes, from: index)
            out.append(contentsOf: bytes[index..<end])
            switch name {
            case "head" where !headDone:
                out.append(contentsOf: meta)
                headDone = true
            case "form" where method(of: bytes[index..<end]) == "post":
                out.append(contentsOf: field)
            case "script", "style", "textarea":
                // Raw text up to the closing tag is copied unchanged.
                let close = findCaseInsensitive(bytes, "</\(name)", from: end) ?? bytes.count
                out.append(contentsOf: bytes[end..<close])
                index = close
                continue
            default:
                break
            }
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lower-cased name of the tag that starts at `start` (just after `<`); "" for end tags and others.
    private static func tagName(_ bytes: [UInt8], at start: Int) -> String {
        var end = start
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
    }

    /// The index just past the `>` that closes the tag starting at `start`, skipping quoted attribute values.
    private static func tagEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var quote: UInt8?
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The lower-cased value of the `method` attribute of a tag, or "" when it has none.
    private static func method(of tag: ArraySlice<UInt8>) -> String {
        let bytes = Array(tag)
        var index = 1
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }  // the tag's own name
        while index < bytes.count {
            while index < bytes.count, !isNameByte(bytes[index]) { index += 1 }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            var value: ArraySlice<UInt8> = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                let close = bytes[(index + 1)...].firstIndex(of: quote) ?? bytes.count
                value = bytes[(index + 1)..<close]
                index = close + 1
            } else {
                let valueStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                value = bytes[valueStart..<index]
            }
            if name == "method" { return String(decoding: value, as: UTF8.self).lowercased() }
        }
        return ""
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Whether `text` (lower-case ASCII) starts at `index`, ignoring the case of the page.
    private static func starts(_ bytes: [UInt8], at index: Int, with text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return pattern.indices.allSatisfy { lowered(bytes[index + $0]) == pattern[$0] }
    }

    private static func find(_ bytes: [UInt8], _ text: String, from start: Int) -> Int? {
        (start..<bytes.count).first { starts(bytes, at: $0, with: text) }
    }

    private static func findCaseInsensitive(_ bytes: [UInt8], _ text: String, from start: Int) -> Int? {
        find(bytes, text.lowercased(), from: start)
    }
}
