import KioskCore
import KioskOCOP
import Testing

@Suite struct OCOPRulesTests {
    static let producer = OCOPProducer(name: "Hợp tác xã Thủy sản Cát Hải", address: "Thị trấn Cát Hải, Hải Phòng", phone: "0225 3886 123")
    static func product(
        gtin: String = "8931234567897",
        certificate: OCOPCertificate? = OCOPCertificate(
            stars: 4, score: 78, number: "1234/QĐ-UBND", issued: LocalDate(year: 2025, month: 3, day: 10), authority: "UBND thành phố Hải Phòng")
    ) -> OCOPProduct {
        OCOPProduct(
            id: "nuoc-mam-cat-hai", name: LocalizedText(vi: "Nước mắm Cát Hải"), group: .food, certificate: certificate, producer: producer,
            gtin: gtin)
    }

    func problems(_ body: () throws -> Void) -> [OCOPProblem] {
        do {
            try body()
            return []
        } catch let error as OCOPValidationError {
            return error.problems
        } catch {
            return [OCOPProblem(field: "?", message: "\(error)")]
        }
    }

    @Test func aGoodProductIsStoredWithItsGTINPadded() throws {
        let product = try OCOPRules.validated(Self.product())
        #expect(product.gtin == "08931234567897")
        #expect(product.certificate?.expires == LocalDate(year: 2028, month: 3, day: 9))
    }

    @Test func certificatesLastThirtySixMonths() {
        #expect(OCOPCertificate.defaultExpiry(issued: LocalDate(year: 2024, month: 2, day: 29)) == LocalDate(year: 2027, month: 2, day: 27))
        #expect(OCOPCertificate.defaultExpiry(issued: LocalDate(year: 2025, month: 1, day: 1)) == LocalDate(year: 2027, month: 12, day: 31))
        let late = OCOPCertificate(
            stars: 3, number: "1/QĐ", issued: LocalDate(year: 2025, month: 1, day: 1), authority: "UBND",
            expires: LocalDate(year: 2028, month: 1, day: 1))
        #expect(OCOPRules.problems(of: late).map(\.field) == ["certificate_expires"])
        #expect(OCOPRules.problems(of: late).first?.message.contains("lasts 36 months") == true)
    }

    @Test(
        arguments: [
            (2, nil, "stars", "OCOP awards 3, 4 or 5 stars, not 2"),
            (6, nil, "stars", "not 6"),
            (5, 85, "score", "a score of 85 does not give 5 stars (5★ is 90–100)"),
            (3, 70, "score", "3★ is 50–69"),
        ] as [(Int, Int?, String, String)])
    func starsAndScoresMustAgree(row: (Int, Int?, String, String)) {
        let certificate = OCOPCertificate(
            stars: row.0, score: row.1, number: "9/QĐ", issued: LocalDate(year: 2026, month: 1, day: 5), authority: "UBND")
        let found = problems { _ = try OCOPRules.validated(Self.product(certificate: certificate)) }
        #expect(found.map(\.field) == [row.2])
        #expect(found.first?.message.contains(row.3) == true, "\(found)")
    }

    @Test func everyProblemOfAProductIsListed() {
        var product = Self.product(gtin: "8931234567890")
        product.id = "Nước Mắm"
        product.name = LocalizedText(vi: "  ")
        product.producer = OCOPProducer(name: "", address: "", phone: "gọi tôi")
        product.certificate = OCOPCertificate(stars: 4, number: " ", issued: LocalDate(year: 2026, month: 1, day: 1), authority: "")
        let found = problems { _ = try OCOPRules.validated(product) }
        #expect(found.map(\.field) == ["id", "name_vi", "gtin", "producer", "producer_address", "producer_phone", "certificate", "authority"])
        #expect(found.first { $0.field == "gtin" }?.message == "check digit should be 7, not 0")
    }

    @Test func batchesExpireAfterTheyAreProduced() {
        let batch = OCOPBatch(
            product: "p", id: "L1", produced: LocalDate(year: 2026, month: 11, day: 1), expires: LocalDate(year: 2026, month: 10, day: 31))
        let found = problems { _ = try OCOPRules.validated(batch) }
        #expect(
            found == [
                OCOPProblem(
                    field: "expires", message: "expiry date 2026-10-31 is before production date 2026-11-01",
                    vietnamese: "Hạn dùng 2026-10-31 sớm hơn ngày sản xuất 2026-11-01.")
            ])
        let bad = OCOPBatch(product: "p", id: "LÔ 1", produced: LocalDate(year: 2026, month: 11, day: 1), quantity: -5)
        #expect(problems { _ = try OCOPRules.validated(bad) }.map(\.field) == ["batch", "quantity"])
    }

    @Test func certificateStatusFlagsTheWarningWindow() {
        let certificate = OCOPCertificate(stars: 4, number: "1", issued: LocalDate(year: 2023, month: 12, day: 1), authority: "UBND")
        #expect(certificate.expires == LocalDate(year: 2026, month: 11, day: 30))
        #expect(certificate.status(on: LocalDate(year: 2026, month: 8, day: 1), warningDays: 90) == .valid)
        #expect(certificate.status(on: LocalDate(year: 2026, month: 11, day: 24), warningDays: 90) == .expiring(daysLeft: 6))
        #expect(certificate.status(on: LocalDate(year: 2026, month: 11, day: 30), warningDays: 90) == .expiring(daysLeft: 0))
        #expect(
            certificate.status(on: LocalDate(year: 2026, month: 12, day: 1), warningDays: 90)
                == .expired(since: LocalDate(year: 2026, month: 11, day: 30)))
    }

    @Test(arguments: [
        ("Nước mắm Cát Hải", "nuoc-mam-cat-hai"),
        ("Đặc sản Đồ Sơn — bánh đa cua!", "dac-san-do-son-banh-da-cua"),
        ("  Gạo ST25  ", "gao-st25"),
    ])
    func idsAreMadeFromVietnameseNames(name: String, id: String) {
        #expect(OCOPRules.suggestedID(for: name) == id)
        #expect(OCOPRules.isValidID(id))
    }

    /// Texts that break one rule or another: empty, too long, wrong characters, wrong digits.
    static func pick(_ choices: [String], _ generator: inout some RandomNumberGenerator) -> String { choices.randomElement(using: &generator)! }

    @Test func everyProblemAStaffPageShowsHasAVietnameseSentence() {
        var generator = SystemRandomNumberGenerator()
        let ids = ["", "new", "Nước", String(repeating: "a", count: 41), "ok-id", "a b"]
        let names = ["", " ", String(repeating: "ă", count: 121), "Chè"]
        let gtins = ["", "123", "abc", "8931234567890", "8931234567897", "89312345678901234", "0"]
        let phones = ["", "abc", "12", "0225 3886 123", "+84 (0)225-3886"]
        let texts = ["", " ", "UBND", "1/QĐ"]
        for _ in 0..<500 {
            let issued = LocalDate(year: 2025, month: Int.random(in: 1...12, using: &generator), day: 1)
            let certificate = OCOPCertificate(
                stars: Int.random(in: 0...7, using: &generator),
                score: Bool.random(using: &generator) ? Int.random(in: -5...120, using: &generator) : nil,
                number: Self.pick(texts, &generator), issued: issued, authority: Self.pick(texts, &generator),
                expires: issued.adding(days: Int.random(in: -30...1200, using: &generator)))
            let product = OCOPProduct(
                id: Self.pick(ids, &generator), name: LocalizedText(vi: Self.pick(names, &generator)), group: .food,
                certificate: Bool.random(using: &generator) ? certificate : nil,
                producer: OCOPProducer(
                    name: Self.pick(texts, &generator), address: Self.pick(texts, &generator), phone: Self.pick(phones, &generator)),
                gtin: Self.pick(gtins, &generator))
            let batch = OCOPBatch(
                product: "p", id: Self.pick(["", "LÔ 1", String(repeating: "L", count: 21), "L1"], &generator), produced: issued,
                expires: issued.adding(days: Int.random(in: -10...10, using: &generator)), quantity: Int.random(in: -3...3, using: &generator),
                notes: Self.pick(["", String(repeating: "x", count: 501)], &generator))
            let found = problems { _ = try OCOPRules.validated(product) } + problems { _ = try OCOPRules.validated(batch) }
            for problem in found {
                #expect(problem.vietnamese != nil, "\(problem.field): \(problem.message)")
                #expect(problem.pageMessage.hasSuffix("."), "\(problem.field): \(problem.pageMessage)")
            }
        }
    }
}
