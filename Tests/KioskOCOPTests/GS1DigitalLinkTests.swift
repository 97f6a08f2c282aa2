import KioskCore
import KioskOCOP
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

/// Digital Link URIs worked out by hand from the GS1 rules (GS1 Digital Link standard 1.2 and the
/// General Specifications): check digits computed on paper, padding, qualifier order, percent-encoding.
@Suite struct GS1DigitalLinkTableTests {
    /// 893123456789 → weights 3,1,3… from the right: 9·3+8+7·3+6+5·3+4+3·3+2+1·3+3+9·3+8 = 133 → check 7.
    static let vietnameseGTIN = "8931234567897"

    @Test(
        arguments: [
            // (URI, GTIN-14, variant, batch, serial, expiry, production)
            ("https://id.gs1.org/01/09506000134352", "09506000134352", nil, nil, nil, nil, nil),
            ("https://id.gs1.org/01/09506000134352/10/ABC123", "09506000134352", nil, "ABC123", nil, nil, nil),
            ("https://x.vn/01/08931234567897/10/L%2F26?17=271231", "08931234567897", nil, "L/26", nil, "2027-12-31", nil),
            ("https://x.vn/01/09506000134352/22/2A/10/ABC/21/12345", "09506000134352", "2A", "ABC", "12345", nil, nil),
            ("https://x.vn/01/09506000134352/21/A%26B%2B1", "09506000134352", nil, nil, "A&B+1", nil, nil),
            ("https://x.vn/01/09506000134352/10/50%25?11=261124&17=270630", "09506000134352", nil, "50%", nil, "2027-06-30", "2026-11-24"),
            // A path before /01/ is the resolver's own (a sub-folder of the brand's site).
            ("https://brand.example.vn/truyxuat/01/00000096385074/10/X", "00000096385074", nil, "X", nil, nil, nil),
            // GTIN-13 in the path is padded.
            ("https://x.vn/01/8931234567897/10/L1", "08931234567897", nil, "L1", nil, nil, nil),
        ] as [(String, String, String?, String?, String?, String?, String?)])
    func validURIsParse(row: (String, String, String?, String?, String?, String?, String?)) throws {
        let link = try GS1DigitalLink.parse(row.0, referenceYear: 2026)
        #expect(link.gtin == row.1)
        #expect(link.variant == row.2)
        #expect(link.batch == row.3)
        #expect(link.serial == row.4)
        #expect(link.expiry == row.5.flatMap(LocalDate.init))
        #expect(link.production == row.6.flatMap(LocalDate.init))
    }

    @Test(arguments: [
        ("https://x.vn/01/09506000134353", "check digit should be 2, not 3"),
        ("https://x.vn/01/08931234567890/10/L1", "check digit should be 7, not 0"),
        ("https://x.vn/01/0950600013435A", "only digits"),
        ("https://x.vn/01/950600013435", "check digit should be"),  // 12 digits: read as a GTIN-12, whose check digit fails
        ("https://x.vn/01/9506000134", "8, 12, 13 or 14 digits, not 10"),
        ("https://x.vn/01/09506000134352/21/S1/10/L1", "order 22, 10, 21"),
        ("https://x.vn/01/09506000134352/10/L1/22/V", "order 22, 10, 21"),
        ("https://x.vn/01/09506000134352/10", "/10/ has no value"),
        ("https://x.vn/01/09506000134352/99/X", "unknown key qualifier /99/"),
        ("https://x.vn/01/09506000134352/10/L%C3%94", "may not hold 'Ô'"),
        ("https://x.vn/01/09506000134352/10/ABCDEFGHIJKLMNOPQRSTU", "21 characters; GS1 allows at most 20"),
        ("https://x.vn/01/09506000134352/10/L1?17=261332", "?17= must be a date YYMMDD"),
        ("https://x.vn/01/09506000134352/10/L1?11=2611", "?11= must be a date YYMMDD"),
    ])
    func invalidURIsAreNamed(uri: String, message: String) {
        #expect {
            _ = try GS1DigitalLink.parse(uri, referenceYear: 2026)
        } throws: { error in
            (error as? GS1DigitalLink.Problem)?.description.contains(message) == true
        }
    }

    @Test(
        arguments: [
            // (batch, serial, path) — reserved characters of RFC 3986 are percent-encoded, unreserved ones kept.
            ("L2026-11", nil, "/01/08931234567897/10/L2026-11"),
            ("L/26", nil, "/01/08931234567897/10/L%2F26"),
            ("A.B_C", "x+y", "/01/08931234567897/10/A.B_C/21/x%2By"),
            ("\"q\"", "(1)", "/01/08931234567897/10/%22q%22/21/%281%29"),
            ("50%", "a:b;c", "/01/08931234567897/10/50%25/21/a%3Ab%3Bc"),
        ] as [(String, String?, String)])
    func buildsPercentEncodedPaths(row: (String, String?, String)) throws {
        let link = try GS1DigitalLink(gtin: Self.vietnameseGTIN, batch: row.0, serial: row.1)
        let uri = link.uri(base: "https://x.vn")
        #expect(uri == "https://x.vn" + row.2)
        #expect(try GS1DigitalLink.parse(uri) == link)
    }

    @Test func twoDigitYearsFollowTheSlidingWindow() throws {
        // In 2026 the window runs 1977–2076: 76 is 2076, 77 is 1977.
        let late = try GS1DigitalLink.parse("https://x.vn/01/09506000134352?17=760101", referenceYear: 2026)
        let early = try GS1DigitalLink.parse("https://x.vn/01/09506000134352?17=770101", referenceYear: 2026)
        #expect(late.expiry == LocalDate("2076-01-01"))
        #expect(early.expiry == LocalDate("1977-01-01"))
        // In 2080 the window runs 2031–2130: 20 is 2120.
        let far = try GS1DigitalLink.parse("https://x.vn/01/09506000134352?17=200101", referenceYear: 2080)
        #expect(far.expiry == LocalDate("2120-01-01"))
    }
}

/// A request's path and query read strictly, as the resolver reads them.
@Suite struct GS1DigitalLinkRequestTests {
    @Test func aRequestGivesItsLinkAttributesAndParameters() throws {
        let parsed = try GS1DigitalLink.parse(
            path: "/01/08931234567897/10/L%2F26/", query: "17=271231&3103=000500&linkType=gs1%3Apip&lang=en",
            allowing: ["linkType", "lang"], referenceYear: 2026)
        #expect(parsed.link == (try GS1DigitalLink(gtin: "8931234567897", batch: "L/26", expiry: LocalDate(year: 2027, month: 12, day: 31))))
        #expect(parsed.attributes == ["17": "271231", "3103": "000500"])
        #expect(parsed.parameters == ["linkType": "gs1:pip", "lang": "en"])
    }

    @Test(
        arguments: [
            ("/01/08931234567897", "foo=1", "neither a GS1 data attribute nor a parameter of this resolver (lang, linkType)"),
            ("/01/08931234567897", "22=V", "?22= is a key; it belongs in the path (/22/…)"),
            ("/01/08931234567897", "17=271231&17=271231", "?17= is given twice"),
            ("/01/08931234567897", "7003=12345", "?7003= must be 10 digits, not '12345'"),
            ("/01/08931234567897", "=1", "a query parameter has no name"),
            ("/01/08931234567897", "250=a%01", "control character"),
            ("/01/08931234567897//", nil, "empty segment"),
            ("/01/", nil, "no /01/{GTIN} part"),
        ] as [(String, String?, String)])
    func strictRulesNameTheProblem(path: String, query: String?, message: String) {
        #expect {
            _ = try GS1DigitalLink.parse(path: path, query: query, allowing: ["linkType", "lang"], referenceYear: 2026)
        } throws: { error in
            guard let problem = error as? GS1DigitalLink.Problem else { return false }
            return problem.description.contains(message) && problem.vietnamese.hasSuffix(".")
        }
    }

    @Test func withoutAListAnyOtherParameterIsKept() throws {
        let parsed = try GS1DigitalLink.parse(path: "/01/08931234567897", query: "utm_source=tem", referenceYear: 2026)
        #expect(parsed.parameters == ["utm_source": "tem"])
    }
}
