import Foundation
import KioskCore
import KioskOCOP
import TestSupport
import Testing

/// The registry file without a store: whatever the registry can hold, its CSV reads back as the same
/// products and batches, and its JSON is the one product JSON.
@Suite struct RegistryFileRoundTripTests {
    static let today = LocalDate(year: 2026, month: 11, day: 24)
    static let base = "https://truyxuat.example.vn"

    /// Registry values drawn from a seeded generator, so a failure names a seed that repeats it.
    struct Generator {
        var random: SplitMix64
        init(state: UInt64) { random = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { random.next() }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func bool() -> Bool { next() & 1 == 0 }
        /// Text from letters a spreadsheet or a CSV reader could trip on: diacritics, quotes, commas,
        /// line breaks and formula starters.
        mutating func text(_ length: ClosedRange<Int>) -> String {
            let pieces = ["a", "Ư", "ở", "Đ", "ệ", " ", ",", "\"", "\n", "=", "+", "-", "@", "'", ";", "1", "₫", "\t"]
            return String((0..<int(length)).map { _ in pieces[int(0...pieces.count - 1)] }.joined())
        }
        mutating func optionalText() -> String? { bool() ? text(1...30) : nil }
        mutating func day() -> LocalDate { LocalDate(year: int(2020...2030), month: int(1...12), day: int(1...28)) }
        mutating func gtin() -> String {
            let digits = (0..<13).map { _ in String(int(0...9)) }.joined()
            return digits + String(GS1DigitalLink.checkDigit(of: digits))
        }
    }

    /// A product and its batches that the registry accepts, made from `generator`.
    static func registered(_ generator: inout Generator, index: Int) throws -> (OCOPProduct, [OCOPBatch]) {
        var certificate: OCOPCertificate?
        if generator.bool() {
            let stars = generator.int(3...5)
            let score = generator.bool() ? [3: 60, 4: 80, 5: 95][stars] : nil
            certificate = OCOPCertificate(
                stars: stars, score: score, number: "\(generator.int(1...9999))/QĐ-UBND", issued: generator.day(),
                authority: "UBND " + generator.text(1...20))
        }
        func localized() -> LocalizedText? { generator.bool() ? LocalizedText(vi: generator.text(1...40), en: generator.optionalText()) : nil }
        let product = try OCOPRules.validated(
            OCOPProduct(
                id: "p\(index)-\(generator.int(0...999))", name: LocalizedText(vi: "N" + generator.text(0...40), en: generator.optionalText()),
                group: OCOPGroup.allCases[generator.int(0...OCOPGroup.allCases.count - 1)], certificate: certificate,
                producer: OCOPProducer(
                    name: "P" + generator.text(0...30), address: "A" + generator.text(0...40), phone: generator.bool() ? "0225 3886 123" : nil),
                gtin: generator.gtin(), brand: generator.optionalText(), description: localized(), ingredients: localized(), storage: localized()))
        let batches = try (0..<generator.int(0...3)).map { number in
            let produced = generator.day()
            return try OCOPRules.validated(
                OCOPBatch(
                    product: product.id, id: "L\(number)/\(generator.int(0...99))", produced: produced,
                    expires: generator.bool() ? produced.adding(days: generator.int(0...900)) : nil,
                    quantity: generator.bool() ? generator.int(0...5000) : nil,
                    notes: generator.optionalText()))
        }
        return (product, batches)
    }

    @Test(arguments: 0..<40) func anyRegistryReadsBackFromItsCSV(seed: UInt64) throws {
        var generator = Generator(state: seed)
        var products: [OCOPProduct] = []
        var batches: [OCOPBatch] = []
        for index in 0..<generator.int(1...6) {
            let (product, its) = try Self.registered(&generator, index: index)
            products.append(product)
            batches += its
        }
        let csv = OCOPRegistryFile.csv(products: products, batches: batches, baseURL: Self.base, today: Self.today, warningDays: 90)
        let read = try OCOPRegistryFile.read(csv, file: "seed-\(seed).csv")
        #expect(read.products.map(\.value) == products, "seed \(seed)")
        #expect(read.batches.map(\.value) == batches, "seed \(seed)")
    }

    @Test func theJSONExportIsTheProductJSONWithEverythingTheRegistryHolds() throws {
        var generator = Generator(state: 7)
        let (product, batches) = try Self.registered(&generator, index: 1)
        let batch = OCOPBatch(
            product: product.id, id: "L1", produced: LocalDate(year: 2026, month: 1, day: 2), expires: LocalDate(year: 2026, month: 10, day: 1),
            quantity: 500, notes: "Kho số 2")
        let all = batches + [batch]
        let json = OCOPRegistryFile.json(products: [product], batches: all, baseURL: Self.base, today: Self.today, warningDays: 90)
        let expected = OCOPProductJSON(product, batches: all, base: Self.base, today: Self.today, warningDays: 90, audience: .registry)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let first = try #require((object["products"] as? [Any])?.first)
        let record = try JSONSerialization.data(withJSONObject: first, options: [.sortedKeys])
        let alone = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: try OCOPProductJSON.encoder().encode(expected)), options: [.sortedKeys])
        #expect(record == alone)
        let last = try #require(expected.batches?.last)
        #expect(last.quantity == 500 && last.notes == "Kho số 2" && last.expired)
        #expect(last.uri == "https://truyxuat.example.vn/01/\(product.gtin)/10/L1?17=261001&11=260102")
        #expect(object["generated"] as? String == "2026-11-24")
    }

    @Test func thePublicSeesNeitherStockNorStaffNotes() {
        let product = OCOPProduct(
            id: "gao", name: LocalizedText(vi: "Gạo"), group: .food, producer: OCOPProducer(name: "HTX", address: "Hải Phòng"),
            gtin: "08931234567897",
            hasImage: true)
        let batch = OCOPBatch(product: "gao", id: "G1", produced: LocalDate(year: 2026, month: 11, day: 1), quantity: 9, notes: "kho 2")
        let open = OCOPProductJSON(product, batches: [batch], base: Self.base, today: Self.today, warningDays: 90, audience: .public)
        #expect(open.batches?.first?.quantity == nil && open.batches?.first?.notes == nil)
        #expect(open.image == "https://truyxuat.example.vn/ocop/images/08931234567897")
        #expect(open.uri == "https://truyxuat.example.vn/01/08931234567897")
        #expect(open.certificate == nil)
        let offline = OCOPProductJSON(product, batches: nil, base: nil, today: Self.today, warningDays: 90, audience: .registry)
        #expect(offline.image == nil && offline.uri == nil && offline.batches == nil)
    }
}
