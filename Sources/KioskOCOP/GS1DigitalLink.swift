import Foundation
import KioskCore

/// A GS1 Digital Link URI for a product, its batch and optionally one item:
/// `https://{base}/01/{GTIN-14}[/22/{variant}][/10/{batch}][/21/{serial}][?17=YYMMDD&11=YYMMDD]`.
///
/// GTIN-8, -12 and -13 are padded to 14 digits; the check digit is verified; batch, variant and serial
/// are limited to GS1's 82-character set and 20 characters, and percent-encoded in the path.
public struct GS1DigitalLink: Sendable, Equatable {
    /// Why a GTIN, a qualifier or a link was refused; every case says what to fix.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        /// The same sentence in Vietnamese, for the page a shopper sees.
        public let vietnamese: String

        /// Makes a problem from its English and Vietnamese sentences.
        public init(description: String, vietnamese: String) {
            self.description = description
            self.vietnamese = vietnamese
        }

        /// The English description as a sentence a person reads: capitalised, with a full stop.
        public var sentence: String {
            description.prefix(1).uppercased() + description.dropFirst() + (description.hasSuffix(".") ? "" : ".")
        }
    }

    /// The GTIN as 14 digits.
    public var gtin: String
    /// Consumer product variant (AI 22).
    public var variant: String?
    /// Batch or lot (AI 10).
    public var batch: String?
    /// Serial number of one item (AI 21).
    public var serial: String?
    /// Expiry date (AI 17), as a day.
    public var expiry: LocalDate?
    /// Production date (AI 11).
    public var production: LocalDate?

    /// - Throws: ``Problem`` for a GTIN with the wrong length, digits or check digit, or a qualifier
    ///   outside GS1's character set or length.
    public init(
        gtin: String, variant: String? = nil, batch: String? = nil, serial: String? = nil, expiry: LocalDate? = nil,
        production: LocalDate? = nil
    ) throws {
        self.gtin = try Self.normalisedGTIN(gtin)
        self.variant = try variant.map { try Self.checkQualifier($0, name: "variant (22)", vietnameseName: "Phiên bản (22)") }
        self.batch = try batch.map { try Self.checkQualifier($0, name: "batch (10)", vietnameseName: "Số lô (10)") }
        self.serial = try serial.map { try Self.checkQualifier($0, name: "serial (21)", vietnameseName: "Số sê-ri (21)") }
        self.expiry = expiry
        self.production = production
    }

    /// The URI on `base` (`https://truyxuat.example.vn`, with or without a trailing slash).
    public func uri(base: String) -> String {
        var text = base.hasSuffix("/") ? String(base.dropLast()) : base
        text += "/01/\(gtin)"
        if let variant { text += "/22/\(Self.percentEncode(variant))" }
        if let batch { text += "/10/\(Self.percentEncode(batch))" }
        if let serial { text += "/21/\(Self.percentEncode(serial))" }
        var query: [String] = []
        if let expiry { query.append("17=\(Self.yymmdd(expiry))") }
        if let production { query.append("11=\(Self.yymmdd(production))") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// Reads a Digital Link URI back.
    /// - Throws: ``Problem`` naming what is wrong: no `/01/`, a bad GTIN, qualifiers out of order, a bad date,
    ///   a query that is not GS1's (see ``parse(path:query:allowing:referenceYear:)``).
    /// - Parameter referenceYear: the year two-digit years are read around (GS1's sliding window); this year by default.
    public static func parse(_ uri: String, referenceYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) throws
        -> GS1DigitalLink
    {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, ["http", "https"].contains(scheme.lowercased())
        else {
            throw Problem(
                description: "'\(uri.prefix(80))' is not an http(s) address", vietnamese: "'\(uri.prefix(80))' không phải một địa chỉ http(s).")
        }
        return try parse(path: components.percentEncodedPath, query: components.percentEncodedQuery, referenceYear: referenceYear).link
    }

    /// A Digital Link read from a request: the link, the query's other data attributes and its other parameters.
    public struct Parsed: Sendable, Equatable {
        public var link: GS1DigitalLink
        /// Every data attribute of the query (`17`, `11`, `3103`…), AI to value; `17` and `11` are also in `link`.
        public var attributes: [String: String]
        /// The query's parameters that are not AIs (`linkType`, `lang`…), decoded.
        public var parameters: [String: String]
    }

    /// Reads the path and query of a request as a Digital Link, strictly: a path `[…]/01/{GTIN}[/22/…][/10/…][/21/…]`
    /// (one trailing slash is the same resource) and a query of GS1 data attributes, each once, and of the
    /// caller's own parameters.
    /// - Parameters:
    ///   - path: the percent-encoded path.
    ///   - query: the percent-encoded query, without `?`.
    ///   - parameters: the names of non-AI parameters the caller accepts; `nil` accepts any.
    ///   - referenceYear: the year two-digit years are read around.
    /// - Throws: ``Problem`` for an empty path segment, bad percent-encoding, a control character, an AI that is
    ///   unknown, repeated, a key qualifier (those belong in the path), or a value of the wrong form or length,
    ///   and a parameter the caller does not accept.
    public static func parse(path: String, query: String?, allowing parameters: Set<String>? = nil, referenceYear: Int) throws -> Parsed {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let start = segments.firstIndex(of: "01") else { throw noGTIN }
        var rest = Array(segments[(start + 1)...])
        if rest.count > 1, rest.last == "" { rest.removeLast() }
        if rest.count > 1, rest.contains("") {
            throw Problem(
                description: "the path has an empty segment (//); write each key qualifier and its value once",
                vietnamese: "Đường dẫn có một đoạn rỗng (//); mỗi mã định danh và giá trị của nó chỉ viết một lần.")
        }
        guard let gtin = rest.first, !gtin.isEmpty else { throw noGTIN }
        var values: [String: String] = [:]
        var order: [String] = []
        var index = 1
        while index < rest.count {
            let key = rest[index]
            guard qualifierNames.contains(key) else {
                throw Problem(
                    description: "unknown key qualifier /\(key.prefix(20))/ after the GTIN",
                    vietnamese: "Sau mã GTIN không được có /\(key.prefix(20))/; chỉ dùng /22/, /10/ hoặc /21/.")
            }
            guard index + 1 < rest.count else {
                throw Problem(description: "/\(key)/ has no value", vietnamese: "/\(key)/ không có giá trị đi kèm.")
            }
            values[key] = try decoded(rest[index + 1])
            order.append(key)
            index += 2
        }
        let expected = ["22", "10", "21"].filter { values[$0] != nil }
        guard order == expected else {
            throw Problem(
                description: "key qualifiers must come in the order 22, 10, 21, not \(order.joined(separator: ", "))",
                vietnamese: "Các mã định danh phải theo thứ tự 22, 10, 21, không phải \(order.joined(separator: ", ")).")
        }
        let (attributes, others) = try parseQuery(query, allowing: parameters, referenceYear: referenceYear)
        let link = try GS1DigitalLink(
            gtin: gtin, variant: values["22"], batch: values["10"], serial: values["21"],
            expiry: attributes["17"].flatMap { parseYYMMDD($0, referenceYear: referenceYear) },
            production: attributes["11"].flatMap { parseYYMMDD($0, referenceYear: referenceYear) })
        return Parsed(link: link, attributes: attributes, parameters: others)
    }

    private static let noGTIN = Problem(
        description: "the address has no /01/{GTIN} part", vietnamese: "Địa chỉ không có phần /01/{GTIN} (mã số sản phẩm).")

    /// The key qualifiers a GTIN may have in the path.
    static let qualifierNames: Set<String> = ["22", "10", "21"]

    /// What a data attribute's value may be.
    enum ValueForm: Sendable {
        /// YYMMDD.
        case date
        /// Digits only, within the range of lengths.
        case digits(ClosedRange<Int>)
        /// Characters of the 82-character set, at most this many.
        case characters(Int)
    }

    /// The data attributes a GTIN's link may carry in its query (GS1 General Specifications, section 3), by AI.
    static let dataAttributes: [String: ValueForm] = {
        var table: [String: ValueForm] = [
            "11": .date, "12": .date, "13": .date, "15": .date, "16": .date, "17": .date, "7006": .date,
            "7003": .digits(10...10), "30": .digits(1...8), "37": .digits(1...8), "242": .digits(1...6),
            "240": .characters(30), "241": .characters(30), "243": .characters(20), "250": .characters(30), "251": .characters(30),
            "422": .digits(3...3), "423": .digits(3...15), "424": .digits(3...3), "425": .digits(3...15), "426": .digits(3...3),
        ]
        // Net weight (kg, lb), length and net volume (l, m³), with the decimal point's place as the last digit.
        for measure in ["310", "311", "315", "316", "320"] {
            for decimals in 0...5 { table["\(measure)\(decimals)"] = .digits(6...6) }
        }
        return table
    }()

    /// Reads a query: GS1 data attributes (numeric names) and the caller's other parameters.
    private static func parseQuery(_ query: String?, allowing allowed: Set<String>?, referenceYear: Int) throws -> (
        attributes: [String: String], parameters: [String: String]
    ) {
        var attributes: [String: String] = [:]
        var parameters: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(String(parts[0]))
            let value = try decoded(parts.count > 1 ? String(parts[1]) : "")
            guard !name.isEmpty else {
                throw Problem(description: "a query parameter has no name", vietnamese: "Một tham số trong phần truy vấn (sau dấu ?) không có tên.")
            }
            let shown = String(name.prefix(20))
            guard attributes[name] == nil, parameters[name] == nil else {
                throw Problem(
                    description: "?\(shown)= is given twice; give it once",
                    vietnamese: "?\(shown)= xuất hiện hai lần; mỗi tham số chỉ được có một lần.")
            }
            guard name.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                if let allowed, !allowed.contains(name) {
                    let list = allowed.sorted().joined(separator: ", ")
                    throw Problem(
                        description: "?\(shown)= is neither a GS1 data attribute nor a parameter of this resolver (\(list))",
                        vietnamese: "?\(shown)= không phải mã dữ liệu GS1 cũng không phải tham số của trang này (\(list)).")
                }
                parameters[name] = value
                continue
            }
            if name == "01" || qualifierNames.contains(name) {
                throw Problem(
                    description: "?\(name)= is a key; it belongs in the path (/\(name)/…), not in the query",
                    vietnamese: "?\(name)= là mã định danh; nó phải nằm trong đường dẫn (/\(name)/…), không nằm sau dấu ?.")
            }
            guard let form = dataAttributes[name] else {
                throw Problem(
                    description: "?\(shown)= is not a GS1 data attribute of a product's link",
                    vietnamese: "?\(shown)= không phải mã dữ liệu GS1 dùng được cho sản phẩm.")
            }
            try check(value, of: name, as: form, referenceYear: referenceYear)
            attributes[name] = value
        }
        return (attributes, parameters)
    }

    /// Checks one data attribute's value against its form.
    private static func check(_ value: String, of ai: String, as form: ValueForm, referenceYear: Int) throws {
        let shown = String(value.prefix(30))
        switch form {
        case .date:
            guard parseYYMMDD(value, referenceYear: referenceYear) != nil else {
                throw Problem(
                    description: "?\(ai)= must be a date YYMMDD, not '\(shown)'",
                    vietnamese: "?\(ai)= phải là một ngày dạng YYMMDD, không phải '\(shown)'.")
            }
        case .digits(let lengths):
            let count = lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound) to \(lengths.upperBound)"
            guard lengths.contains(value.count), value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw Problem(
                    description: "?\(ai)= must be \(count) digits, not '\(shown)'",
                    vietnamese: "?\(ai)= phải gồm \(count.replacingOccurrences(of: "to", with: "đến")) chữ số, không phải '\(shown)'.")
            }
        case .characters(let maximum):
            guard !value.isEmpty, value.count <= maximum else {
                throw Problem(
                    description: "?\(ai)= has \(value.count) characters; GS1 allows 1 to \(maximum)",
                    vietnamese: "?\(ai)= có \(value.count) ký tự; GS1 cho phép từ 1 đến \(maximum).")
            }
            _ = try checkQualifier(value, name: "?\(ai)=", maximum: maximum)
        }
    }

    /// A percent-decoded path segment or query part, without control characters.
    private static func decoded(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        let wellFormed = bytes.indices.allSatisfy { index in
            bytes[index] != UInt8(ascii: "%")
                || (index + 2 < bytes.count && [bytes[index + 1], bytes[index + 2]].allSatisfy { Character(Unicode.Scalar($0)).isHexDigit })
        }
        guard wellFormed, let value = text.removingPercentEncoding else {
            throw Problem(
                description: "'\(text.prefix(30))' is not valid percent-encoding (% must be followed by two hexadecimal digits)",
                vietnamese: "'\(text.prefix(30))' mã hóa phần trăm sai (sau dấu % phải là hai chữ số thập lục phân).")
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Problem(description: "the address holds a control character", vietnamese: "Địa chỉ chứa ký tự điều khiển (không in được).")
        }
        return value
    }

    /// The GTIN padded to 14 digits, after checking its length, digits and check digit.
    public static func normalisedGTIN(_ text: String) throws -> String {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Problem(
                description: "a GTIN has only digits; '\(digits.prefix(20))' has other characters",
                vietnamese: "Mã GTIN chỉ gồm chữ số; '\(digits.prefix(20))' có ký tự khác.")
        }
        guard [8, 12, 13, 14].contains(digits.count) else {
            throw Problem(
                description: "a GTIN has 8, 12, 13 or 14 digits, not \(digits.count)",
                vietnamese: "Mã GTIN có 8, 12, 13 hoặc 14 chữ số, không phải \(digits.count).")
        }
        let padded = String(repeating: "0", count: 14 - digits.count) + digits
        let expected = checkDigit(of: String(padded.dropLast()))
        let given = Int(String(padded.last!))!
        guard expected == given else {
            throw Problem(
                description: "check digit should be \(expected), not \(given)",
                vietnamese: "Số kiểm tra của mã GTIN phải là \(expected), không phải \(given).")
        }
        return padded
    }

    /// The GS1 mod-10 check digit of the digits before it (weights 3 and 1 from the right).
    public static func checkDigit(of digits: String) -> Int {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            sum += Int(String(character))! * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// GS1's 82-character set for alphanumeric keys (AI encodable character set 82).
    static let characterSet82 = Set("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

    /// Checks a qualifier or text attribute: not empty, at most `maximum` characters of the 82-character set.
    static func checkQualifier(_ value: String, name: String, vietnameseName: String? = nil, maximum: Int = 20) throws -> String {
        let localName = vietnameseName ?? name
        guard !value.isEmpty else { throw Problem(description: "\(name) is empty", vietnamese: "\(localName) để trống.") }
        guard value.count <= maximum else {
            throw Problem(
                description: "\(name) has \(value.count) characters; GS1 allows at most \(maximum)",
                vietnamese: "\(localName) có \(value.count) ký tự; GS1 cho phép tối đa \(maximum).")
        }
        if let bad = value.first(where: { !characterSet82.contains($0) }) {
            throw Problem(
                description: "\(name) may not hold '\(bad)'; use letters A–Z a–z, digits and !\"%&'()*+,-./:;<=>?_",
                vietnamese: "\(localName) không được chứa '\(bad)'; chỉ dùng chữ A–Z a–z không dấu, chữ số và !\"%&'()*+,-./:;<=>?_ mà thôi.")
        }
        return value
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so the URI stays ASCII.
    public static func percentEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func yymmdd(_ day: LocalDate) -> String {
        String(format: "%02d%02d%02d", day.year % 100, day.month, day.day)
    }

    /// YYMMDD as GS1 reads it (General Specifications 7.12): the century is the one that puts the year
    /// within 49 years before and 50 years after `referenceYear`; day 00 means the month's last day.
    static func parseYYMMDD(_ text: String, referenceYear: Int) -> LocalDate? {
        guard text.count == 6, text.allSatisfy(\.isNumber), let yy = Int(text.prefix(2)), let mm = Int(text.dropFirst(2).prefix(2)),
            let dd = Int(text.suffix(2)), (1...12).contains(mm)
        else { return nil }
        let century = referenceYear / 100 * 100
        let difference = yy - referenceYear % 100
        let year = difference >= 51 ? century - 100 + yy : difference <= -50 ? century + 100 + yy : century + yy
        let last = LocalDate.daysIn(month: mm, year: year)
        guard dd <= last else { return nil }
        return LocalDate(year: year, month: mm, day: dd == 0 ? last : dd)
    }
}
