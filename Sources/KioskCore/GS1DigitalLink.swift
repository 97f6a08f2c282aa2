import Foundation

/// A GS1 Digital Link URI for a product, its batch and optionally one item:
/// `https://{base}/01/{GTIN-14}[/22/{variant}][/10/{batch}][/21/{serial}][?17=YYMMDD&11=YYMMDD]`.
///
/// GTIN-8, -12 and -13 are padded to 14 digits; the check digit is verified; batch, variant and serial
/// are limited to GS1's 82-character set and 20 characters, and percent-encoded in the path.
public struct GS1DigitalLink: Sendable, Equatable {
    /// Why a GTIN, a qualifier or a link was refused; every case says what to fix.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
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
        self.variant = try variant.map { try Self.checkQualifier($0, name: "variant (22)") }
        self.batch = try batch.map { try Self.checkQualifier($0, name: "batch (10)") }
        self.serial = try serial.map { try Self.checkQualifier($0, name: "serial (21)") }
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
    /// - Throws: ``Problem`` naming what is wrong: no `/01/`, a bad GTIN, qualifiers out of order, a bad date.
    /// - Parameter referenceYear: the year two-digit years are read around (GS1's sliding window); this year by default.
    public static func parse(_ uri: String, referenceYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) throws -> GS1DigitalLink {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, ["http", "https"].contains(scheme.lowercased())
        else { throw Problem(description: "'\(uri.prefix(80))' is not an http(s) address") }
        let parts = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let start = parts.firstIndex(of: "01"), start + 1 < parts.count else {
            throw Problem(description: "the address has no /01/{GTIN} part")
        }
        let gtin = parts[start + 1]
        var values: [String: String] = [:]
        var order: [String] = []
        var index = start + 2
        while index < parts.count {
            let key = parts[index]
            guard ["22", "10", "21"].contains(key) else { throw Problem(description: "unknown key qualifier /\(key)/ after the GTIN") }
            guard index + 1 < parts.count, let value = parts[index + 1].removingPercentEncoding else {
                throw Problem(description: "/\(key)/ has no value")
            }
            values[key] = value
            order.append(key)
            index += 2
        }
        let expected = ["22", "10", "21"].filter { values[$0] != nil }
        guard order == expected else {
            throw Problem(description: "key qualifiers must come in the order 22, 10, 21, not \(order.joined(separator: ", "))")
        }
        func date(_ key: String) throws -> LocalDate? {
            guard let text = components.queryItems?.first(where: { $0.name == key })?.value else { return nil }
            guard let day = Self.parseYYMMDD(text, referenceYear: referenceYear) else { throw Problem(description: "?\(key)= must be a date YYMMDD, not '\(text)'") }
            return day
        }
        return try GS1DigitalLink(
            gtin: gtin, variant: values["22"], batch: values["10"], serial: values["21"], expiry: try date("17"), production: try date("11"))
    }

    /// The GTIN padded to 14 digits, after checking its length, digits and check digit.
    public static func normalisedGTIN(_ text: String) throws -> String {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Problem(description: "a GTIN has only digits; '\(digits.prefix(20))' has other characters")
        }
        guard [8, 12, 13, 14].contains(digits.count) else {
            throw Problem(description: "a GTIN has 8, 12, 13 or 14 digits, not \(digits.count)")
        }
        let padded = String(repeating: "0", count: 14 - digits.count) + digits
        let expected = checkDigit(of: String(padded.dropLast()))
        let given = Int(String(padded.last!))!
        guard expected == given else {
            throw Problem(description: "check digit should be \(expected), not \(given)")
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

    static func checkQualifier(_ value: String, name: String) throws -> String {
        guard !value.isEmpty else { throw Problem(description: "\(name) is empty") }
        guard value.count <= 20 else { throw Problem(description: "\(name) has \(value.count) characters; GS1 allows at most 20") }
        if let bad = value.first(where: { !characterSet82.contains($0) }) {
            throw Problem(description: "\(name) may not hold '\(bad)'; use letters A–Z a–z, digits and !\"%&'()*+,-./:;<=>?_")
        }
        return value
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so the URI stays ASCII.
    static func percentEncode(_ value: String) -> String {
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
