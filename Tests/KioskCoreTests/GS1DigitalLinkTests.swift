import KioskCore
import Testing

@Suite struct GS1DigitalLinkTests {
    @Test(arguments: [
        ("9780306406157", "09780306406157"),  // GTIN-13 (an ISBN)
        ("4006381333931", "04006381333931"),
        ("036000291452", "00036000291452"),  // GTIN-12 (UPC-A)
        ("96385074", "00000096385074"),  // GTIN-8
        ("09780306406157", "09780306406157"),  // GTIN-14
    ])
    func validGTINsArePaddedTo14(gtin: String, padded: String) throws {
        #expect(try GS1DigitalLink.normalisedGTIN(gtin) == padded)
    }

    @Test(arguments: [
        ("9780306406153", "check digit should be 7, not 3"),
        ("97803064061", "a GTIN has 8, 12, 13 or 14 digits, not 11"),
        ("97803O6406157", "only digits"),
    ])
    func invalidGTINsAreNamed(gtin: String, message: String) {
        do {
            _ = try GS1DigitalLink.normalisedGTIN(gtin)
            Issue.record("\(gtin) was accepted")
        } catch let problem as GS1DigitalLink.Problem {
            #expect(problem.description.contains(message), "\(problem)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func buildsInTheFixedOrderPercentEncodedWithDates() throws {
        let link = try GS1DigitalLink(
            gtin: "9780306406157", batch: "LÔ/2026#1".replacingOccurrences(of: "Ô", with: "O").replacingOccurrences(of: "#", with: "-"),
            serial: "A&B", expiry: LocalDate("2027-06-30"), production: LocalDate("2026-11-24"))
        let uri = link.uri(base: "https://truyxuat.example.vn/")
        #expect(uri == "https://truyxuat.example.vn/01/09780306406157/10/LO%2F2026-1/21/A%26B?17=270630&11=261124")
        let ascii = uri.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii)
        let parsed = try GS1DigitalLink.parse(uri)
        #expect(parsed == link)
    }

    @Test func qualifiersOutsideGS1RulesAreRefused() {
        #expect(throws: GS1DigitalLink.Problem.self) { _ = try GS1DigitalLink(gtin: "9780306406157", batch: "LÔ-1") }
        #expect(throws: GS1DigitalLink.Problem.self) { _ = try GS1DigitalLink(gtin: "9780306406157", batch: String(repeating: "1", count: 21)) }
        #expect(throws: GS1DigitalLink.Problem.self) { _ = try GS1DigitalLink(gtin: "9780306406157", serial: "") }
    }

    @Test(arguments: [
        ("https://x.vn/10/ABC", "no /01/"),
        ("https://x.vn/01/09780306406157/21/S1/10/L1", "order 22, 10, 21"),
        ("https://x.vn/01/09780306406157/10/L1?17=271399", "?17= must be a date"),
        ("https://x.vn/01/09780306406150", "check digit should be 7, not 0"),
        ("ftp://x.vn/01/09780306406157", "http(s)"),
    ])
    func parsingNamesTheProblem(uri: String, message: String) {
        do {
            _ = try GS1DigitalLink.parse(uri)
            Issue.record("\(uri) was accepted")
        } catch let problem as GS1DigitalLink.Problem {
            #expect(problem.description.contains(message), "\(problem)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func dayZeroMeansTheLastDayOfTheMonth() throws {
        let link = try GS1DigitalLink.parse("https://x.vn/01/09780306406157/10/L1?17=280200")
        #expect(link.expiry == LocalDate("2028-02-29"))
    }
}
