import Foundation

/// Turns the bytes of an imported file into text, accepting only UTF-8 (with or without a byte-order mark).
///
/// UTF-16 is refused rather than guessed at: read as UTF-8, UTF-16 text of ASCII letters would even
/// pass (every other byte a NUL), and a spreadsheet saved as "Unicode text" would import as garbage.
public enum UTF8Text {
    /// Why the bytes are not accepted as text; `message` is a sentence for the person importing.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The text of `bytes`, without a UTF-8 byte-order mark.
    /// - Throws: ``Refusal`` for UTF-16 or UTF-32 (with or without a byte-order mark), NUL bytes, or invalid UTF-8.
    public static func decode(_ bytes: [UInt8]) throws(Refusal) -> String {
        let utf16Advice = "save it as UTF-8 (in Excel: \"CSV UTF-8\"; in a text editor: encoding UTF-8) and import it again"
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw Refusal(message: "the file is UTF-16 or UTF-32 text (it starts with that byte-order mark); \(utf16Advice)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let sample = bytes.prefix(200)
            let evenNULs = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let oddNULs = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            if max(evenNULs, oddNULs) * 4 >= sample.count / 2 * 3 {
                throw Refusal(message: "the file looks like UTF-16 text (every other byte is zero); \(utf16Advice)")
            }
            throw Refusal(message: "the file holds a zero byte at offset \(nul), so it is not text; export it again as CSV UTF-8")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(bytes: body, encoding: .utf8) else {
            throw Refusal(message: "the file is not UTF-8 text; save it as UTF-8 (in Excel: \"CSV UTF-8\") and import it again")
        }
        return text
    }
}
