import Foundation
import KioskCore

/// The six OCOP product groups of Decision 148/QĐ-TTg (2023).
public enum OCOPGroup: String, Sendable, CaseIterable, Codable {
    case food, drinks, herbal, handicrafts, flowers, tourism

    /// The group's name as the programme writes it.
    public var name: LocalizedText {
        switch self {
        case .food: LocalizedText(vi: "Thực phẩm", en: "Food")
        case .drinks: LocalizedText(vi: "Đồ uống", en: "Drinks")
        case .herbal: LocalizedText(vi: "Thảo dược", en: "Herbal products")
        case .handicrafts: LocalizedText(vi: "Thủ công mỹ nghệ, trang trí", en: "Handicrafts and decorations")
        case .flowers: LocalizedText(vi: "Hoa, cây cảnh", en: "Flowers and ornamental plants")
        case .tourism: LocalizedText(vi: "Dịch vụ du lịch cộng đồng, du lịch sinh thái", en: "Community and eco-tourism services")
        }
    }
}

/// An OCOP certificate: the stars a product was awarded, by whom, and until when.
public struct OCOPCertificate: Sendable, Equatable, Codable {
    /// 3, 4 or 5 stars.
    public var stars: Int
    /// The evaluation score out of 100, if known (3★ 50–69, 4★ 70–89, 5★ 90–100).
    public var score: Int?
    /// The decision number, e.g. `1234/QĐ-UBND`.
    public var number: String
    /// The decision's date.
    public var issued: LocalDate
    /// The issuing authority, e.g. `UBND thành phố Hải Phòng`.
    public var authority: String
    /// The last day the certificate is valid.
    public var expires: LocalDate

    /// How long a certificate lasts.
    public static let validityMonths = 36

    /// - Parameter expires: defaults to 36 months after `issued`, less a day.
    public init(stars: Int, score: Int? = nil, number: String, issued: LocalDate, authority: String, expires: LocalDate? = nil) {
        self.stars = stars
        self.score = score
        self.number = number.precomposedStringWithCanonicalMapping
        self.issued = issued
        self.authority = authority.precomposedStringWithCanonicalMapping
        self.expires = expires ?? Self.defaultExpiry(issued: issued)
    }

    /// The last valid day of a certificate issued on `issued`: 36 months later, less a day.
    public static func defaultExpiry(issued: LocalDate) -> LocalDate {
        let months = issued.year * 12 + (issued.month - 1) + validityMonths
        let year = months / 12
        let month = months % 12 + 1
        let day = min(issued.day, LocalDate.daysIn(month: month, year: year))
        return LocalDate(year: year, month: month, day: day).adding(days: -1)
    }

    /// Where the certificate stands on `today`, given how many days ahead a coming expiry is flagged.
    public func status(on today: LocalDate, warningDays: Int) -> CertificateStatus {
        let left = today.days(to: expires)
        if left < 0 { return .expired(since: expires) }
        if left <= warningDays { return .expiring(daysLeft: left) }
        return .valid
    }
}

/// Whether a certificate is still valid on a given day.
public enum CertificateStatus: Sendable, Equatable {
    case valid
    /// Valid, but it ends within the warning window.
    case expiring(daysLeft: Int)
    case expired(since: LocalDate)

    /// A short code for pages and JSON: `valid`, `expiring` or `expired`.
    public var code: String {
        switch self {
        case .valid: "valid"
        case .expiring: "expiring"
        case .expired: "expired"
        }
    }
}

/// The business that makes or sells the product (a cooperative, a household business, a company).
public struct OCOPProducer: Sendable, Equatable, Codable {
    public var name: String
    public var address: String
    /// The business's phone number, shown to shoppers.
    public var phone: String?

    /// Makes a producer; the name and address are stored in Unicode NFC.
    public init(name: String, address: String, phone: String? = nil) {
        self.name = name.precomposedStringWithCanonicalMapping
        self.address = address.precomposedStringWithCanonicalMapping
        self.phone = phone
    }
}

/// A product of the ward's registry: an OCOP product or a key local product (no certificate).
public struct OCOPProduct: Sendable, Equatable, Codable {
    /// A short id staff type: a-z, 0-9, '-' (e.g. `nuoc-mam-cat-hai`).
    public var id: String
    public var name: LocalizedText
    public var group: OCOPGroup
    /// `nil` for a key local product that has no OCOP stars yet.
    public var certificate: OCOPCertificate?
    public var producer: OCOPProducer
    /// The GTIN as 14 digits.
    public var gtin: String
    public var brand: String?
    public var description: LocalizedText?
    public var ingredients: LocalizedText?
    public var storage: LocalizedText?
    /// Whether an image is stored for the product.
    public var hasImage: Bool

    /// Makes a product from its fields, each as the property of the same name describes it.
    public init(
        id: String, name: LocalizedText, group: OCOPGroup, certificate: OCOPCertificate? = nil, producer: OCOPProducer, gtin: String,
        brand: String? = nil, description: LocalizedText? = nil, ingredients: LocalizedText? = nil, storage: LocalizedText? = nil,
        hasImage: Bool = false
    ) {
        self.id = id
        self.name = name
        self.group = group
        self.certificate = certificate
        self.producer = producer
        self.gtin = gtin
        self.brand = brand?.precomposedStringWithCanonicalMapping
        self.description = description
        self.ingredients = ingredients
        self.storage = storage
        self.hasImage = hasImage
    }
}

/// A batch (lot) of a product.
public struct OCOPBatch: Sendable, Equatable, Codable {
    /// The product's id.
    public var product: String
    /// The batch or lot id printed on the pack: GS1's character set, at most 20 characters.
    public var id: String
    public var produced: LocalDate
    public var expires: LocalDate?
    public var quantity: Int?
    public var notes: String?

    /// Makes a batch of the product whose id is `product`; the notes are stored in Unicode NFC.
    public init(product: String, id: String, produced: LocalDate, expires: LocalDate? = nil, quantity: Int? = nil, notes: String? = nil) {
        self.product = product
        self.id = id
        self.produced = produced
        self.expires = expires
        self.quantity = quantity
        self.notes = notes?.precomposedStringWithCanonicalMapping
    }

    /// Whether the batch is past its expiry date on `today` (a batch without one never is).
    public func isExpired(on today: LocalDate) -> Bool {
        expires.map { $0 < today } ?? false
    }
}

/// One thing wrong with a product or a batch: the field and a sentence saying what to fix.
public struct OCOPProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's name as forms, the CLI and CSV files call it (`gtin`, `stars`, `expires`…).
    public let field: String
    public let message: String
    /// The same sentence in Vietnamese, for a staff page, when the rule that found the problem has one.
    public let vietnamese: String?

    /// Makes a problem with `field`, its English `message` and, when the rule has one, its Vietnamese sentence.
    public init(field: String, message: String, vietnamese: String? = nil) {
        self.field = field
        self.message = message
        self.vietnamese = vietnamese
    }

    /// What a staff page shows: the Vietnamese sentence when there is one.
    public var pageMessage: String { vietnamese ?? message }

    public var description: String { "\(field): \(message)" }
}

/// Every problem found in one product or batch; nothing is stored while there is one.
public struct OCOPValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [OCOPProblem]

    /// Makes an error that carries `problems`.
    public init(_ problems: [OCOPProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// The registry's rules, checked before anything is stored.
public enum OCOPRules {
    /// Returns the product with its GTIN padded to 14 digits and its texts NFC-normalised.
    /// - Throws: ``OCOPValidationError`` listing every problem.
    public static func validated(_ product: OCOPProduct) throws -> OCOPProduct {
        var problems: [OCOPProblem] = []
        var product = product
        if !isValidID(product.id) {
            problems.append(
                OCOPProblem(
                    field: "id", message: "id '\(product.id.prefix(40))' may hold only a-z, 0-9 and '-', 1 to 40 characters",
                    vietnamese: "Mã sản phẩm '\(product.id.prefix(40))' chỉ được gồm a-z, 0-9 và '-', dài từ 1 đến 40 ký tự."))
        } else if reservedIDs.contains(product.id) {
            problems.append(
                OCOPProblem(
                    field: "id", message: "id '\(product.id)' names a page of the registry; choose another",
                    vietnamese: "Mã '\(product.id)' trùng tên một trang của danh mục; hãy chọn mã khác."))
        }
        product.name = LocalizedText(
            vi: product.name.vi.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping,
            en: product.name.en.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping }
                .flatMap { $0.isEmpty ? nil : $0 })
        if product.name.vi.isEmpty {
            problems.append(
                OCOPProblem(field: "name_vi", message: "the product needs a Vietnamese name", vietnamese: "Hãy nhập tên tiếng Việt của sản phẩm."))
        }
        if product.name.vi.count > 120 {
            problems.append(
                OCOPProblem(
                    field: "name_vi", message: "the name has \(product.name.vi.count) characters; at most 120",
                    vietnamese: "Tên sản phẩm dài \(product.name.vi.count) ký tự; tối đa 120 ký tự."))
        }
        do { product.gtin = try GS1DigitalLink.normalisedGTIN(product.gtin) } catch let problem as GS1DigitalLink.Problem {
            problems.append(OCOPProblem(field: "gtin", message: problem.description, vietnamese: problem.vietnamese))
        } catch {}
        if product.producer.name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(
                OCOPProblem(
                    field: "producer", message: "the producer or cooperative needs a name", vietnamese: "Hãy nhập tên cơ sở sản xuất hoặc hợp tác xã."
                ))
        }
        if product.producer.address.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(
                OCOPProblem(
                    field: "producer_address", message: "the producer's address is shown to shoppers; it may not be empty",
                    vietnamese: "Hãy nhập địa chỉ cơ sở sản xuất; địa chỉ này được hiển thị cho người mua."))
        }
        if let phone = product.producer.phone, !phone.isEmpty,
            !(phone.allSatisfy { $0.isASCII && ($0.isNumber || " +.-()".contains($0)) } && phone.filter(\.isNumber).count >= 8)
        {
            problems.append(
                OCOPProblem(
                    field: "producer_phone", message: "'\(phone.prefix(30))' is not a phone number",
                    vietnamese: "'\(phone.prefix(30))' không phải là số điện thoại."))
        }
        if let certificate = product.certificate {
            problems += self.problems(of: certificate)
        }
        product.description = normalised(product.description)
        product.ingredients = normalised(product.ingredients)
        product.storage = normalised(product.storage)
        if let brand = product.brand?.trimmingCharacters(in: .whitespaces) { product.brand = brand.isEmpty ? nil : brand }
        guard problems.isEmpty else { throw OCOPValidationError(problems) }
        return product
    }

    /// The certificate's problems: stars outside 3–5, a score that disagrees with the stars, empty
    /// number or authority, an expiry before the decision or beyond 36 months.
    public static func problems(of certificate: OCOPCertificate) -> [OCOPProblem] {
        var problems: [OCOPProblem] = []
        if !(3...5).contains(certificate.stars) {
            problems.append(
                OCOPProblem(
                    field: "stars", message: "OCOP awards 3, 4 or 5 stars, not \(certificate.stars)",
                    vietnamese: "Sản phẩm OCOP được xếp hạng 3, 4 hoặc 5 sao, không phải \(certificate.stars) sao."))
        } else if let score = certificate.score {
            let range = [3: 50...69, 4: 70...89, 5: 90...100][certificate.stars]!
            if !range.contains(score) {
                problems.append(
                    OCOPProblem(
                        field: "score",
                        message:
                            "a score of \(score) does not give \(certificate.stars) stars (\(certificate.stars)★ is \(range.lowerBound)–\(range.upperBound))",
                        vietnamese:
                            "Điểm \(score) không ứng với hạng \(certificate.stars) sao (\(certificate.stars)★ là \(range.lowerBound)–\(range.upperBound) điểm)."
                    ))
            }
        }
        if certificate.number.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(
                OCOPProblem(
                    field: "certificate", message: "the certificate needs its decision number, e.g. 1234/QĐ-UBND",
                    vietnamese: "Hãy nhập số quyết định công nhận, ví dụ 1234/QĐ-UBND."))
        }
        if certificate.authority.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(
                OCOPProblem(
                    field: "authority", message: "the certificate needs its issuing authority, e.g. UBND thành phố Hải Phòng",
                    vietnamese: "Hãy nhập cơ quan cấp giấy chứng nhận, ví dụ UBND thành phố Hải Phòng."))
        }
        let latest = OCOPCertificate.defaultExpiry(issued: certificate.issued)
        if certificate.expires <= certificate.issued {
            problems.append(
                OCOPProblem(
                    field: "certificate_expires",
                    message: "the certificate expires \(certificate.expires), not after it was issued \(certificate.issued)",
                    vietnamese: "Ngày hết hạn \(certificate.expires) phải sau ngày cấp \(certificate.issued)."))
        } else if certificate.expires > latest {
            problems.append(
                OCOPProblem(
                    field: "certificate_expires",
                    message: "a certificate lasts 36 months: one issued \(certificate.issued) ends by \(latest), not \(certificate.expires)",
                    vietnamese:
                        "Giấy chứng nhận có hiệu lực 36 tháng: cấp ngày \(certificate.issued) thì hết hạn chậm nhất ngày \(latest), không phải \(certificate.expires)."
                ))
        }
        return problems
    }

    /// Returns the batch with its notes normalised.
    /// - Throws: ``OCOPValidationError``: a batch id outside GS1's rules, an expiry before production,
    ///   a negative quantity.
    public static func validated(_ batch: OCOPBatch) throws -> OCOPBatch {
        var problems: [OCOPProblem] = []
        var batch = batch
        batch.id = batch.id.trimmingCharacters(in: .whitespaces)
        do { _ = try GS1DigitalLink.checkQualifier(batch.id, name: "batch") } catch let problem as GS1DigitalLink.Problem {
            problems.append(OCOPProblem(field: "batch", message: problem.description, vietnamese: problem.vietnamese))
        } catch {}
        if let expires = batch.expires, expires < batch.produced {
            problems.append(
                OCOPProblem(
                    field: "expires", message: "expiry date \(expires) is before production date \(batch.produced)",
                    vietnamese: "Hạn dùng \(expires) sớm hơn ngày sản xuất \(batch.produced)."))
        }
        if let quantity = batch.quantity, quantity < 0 {
            problems.append(
                OCOPProblem(
                    field: "quantity", message: "quantity must be 0 or more, not \(quantity)",
                    vietnamese: "Số lượng phải từ 0 trở lên, không phải \(quantity)."))
        }
        if let notes = batch.notes {
            let trimmed = notes.trimmingCharacters(in: .whitespacesAndNewlines)
            batch.notes = trimmed.isEmpty ? nil : trimmed
            if trimmed.count > 500 {
                problems.append(
                    OCOPProblem(
                        field: "notes", message: "notes have \(trimmed.count) characters; at most 500",
                        vietnamese: "Ghi chú dài \(trimmed.count) ký tự; tối đa 500 ký tự."))
            }
        }
        guard problems.isEmpty else { throw OCOPValidationError(problems) }
        return batch
    }

    /// Ids the staff pages use for their own addresses (`/staff/ocop/new`).
    public static let reservedIDs: Set<String> = ["new", "import", "export"]

    /// Whether `id` is a registry id: 1–40 of a-z, 0-9 and '-'.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 40 && id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A registry id made from a Vietnamese name: `Nước mắm Cát Hải` → `nuoc-mam-cat-hai`.
    public static func suggestedID(for name: String) -> String {
        let folded = name.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        var id = ""
        for character in folded {
            if ("a"..."z").contains(character) || ("0"..."9").contains(character) {
                id.append(character)
            } else if !id.isEmpty && !id.hasSuffix("-") {
                id.append("-")
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return String(id.prefix(40))
    }

    private static func normalised(_ text: LocalizedText?) -> LocalizedText? {
        guard let text else { return nil }
        let vi = text.vi.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        let en = text.en?.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        if vi.isEmpty && (en ?? "").isEmpty { return nil }
        return LocalizedText(vi: vi, en: en?.isEmpty == true ? nil : en)
    }
}

extension OCOPProduct {
    /// The product's Digital Link for `batch` (its id and dates) on the public base URL.
    public func link(batch: OCOPBatch?, serial: String? = nil) throws -> GS1DigitalLink {
        try GS1DigitalLink(gtin: gtin, batch: batch?.id, serial: serial, expiry: batch?.expires, production: batch?.produced)
    }
}
