import KioskCore
import Testing

/// The one CSV writer and reader of the project: quoting, formula guards, and a round trip of random cells.
@Suite struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("carriage\rreturn", "\"carriage\rreturn\""), ("crlf\r\nend", "\"crlf\r\nend\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), ("+84 912", "'+84 912"), ("-5 sao", "'-5 sao"),
        ("@SUM(A1)", "'@SUM(A1)"), (" padded ", "\" padded \""), ("\tcmd", "'\tcmd"), ("\rcmd", "\"'\rcmd\""), ("'=x", "''=x"), ("'plain", "'plain"),
        ("a=b", "a=b"),
    ])
    func textCellsAreQuotedAndGuarded(text: String, written: String) {
        #expect(CSVWriter.field(.text(text)) == written)
    }

    @Test func numbersAreWrittenAsNumbers() {
        #expect(CSVWriter.field(.integer(-5)) == "-5")
        #expect(CSVWriter.field(.decimal(-0.25, fractionDigits: 6)) == "-0.250000")
        #expect(CSVWriter.field(.decimal(0.9512345678, fractionDigits: 3)) == "0.951")
    }

    @Test func aFileHasCRLFLineEndsAndAByteOrderMark() {
        var writer = CSVWriter()
        writer.append(texts: ["a", "b"])
        writer.append([.text("=1+1"), .integer(2)])
        #expect(writer.bytes == [0xEF, 0xBB, 0xBF] + Array("a,b\r\n'=1+1,2\r\n".utf8))
    }

    @Test(arguments: [
        ("a,\"b\nc\"\r\nd,e\n", [CSVParser.Record(line: 1, fields: ["a", "b\nc"]), CSVParser.Record(line: 3, fields: ["d", "e"])]),
        ("a\r\rb\n", [CSVParser.Record(line: 1, fields: ["a"]), CSVParser.Record(line: 3, fields: ["b"])]),
        (" a , \"b\" ,c", [CSVParser.Record(line: 1, fields: ["a", "b", "c"])]),
    ])
    func readsRecordsWithTheirLines(text: String, records: [CSVParser.Record]) throws {
        #expect(try CSVParser.parse(text) == records)
    }

    @Test(arguments: [
        ("h\nx,\"no end quote\ny,z\n", 2, "never closed"),
        ("h\nx,\"closed\" too soon\n", 2, "more text follows"),
        ("h\nx,a\"b\n", 2, "does not start with a quote"),
        ("h\n\n\nx,\"a\nb\nc", 4, "never closed"),
    ])
    func brokenQuotingIsRefusedAtItsLine(text: String, line: Int, message: String) {
        #expect {
            try CSVParser.parse(text)
        } throws: { error in
            let failure = error as? CSVParser.Failure
            return failure?.line == line && failure?.message.contains(message) == true
        }
    }

    /// Random cells (quotes, commas, line ends, formula starts, Vietnamese) written and read back are the same cells.
    @Test func randomCellsRoundTrip() throws {
        var random = SeededGenerator(seed: 42)
        let pieces = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "'", "\"", ",", " ", "x", "ổn", "1", "HYPERLINK(", ";"]
        for _ in 0..<3000 {
            let rows = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...5, using: &random)).map { _ in
                    (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
                }
            }
            var writer = CSVWriter(byteOrderMark: false)
            for row in rows { writer.append(texts: row) }
            let raw = try CSVParser.parse(writer.text).map(\.fields)
            // A row of one empty cell is a blank line, which readers skip.
            #expect(raw.map { $0.map(CSVParser.unguarded) } == rows.filter { $0 != [""] }, "\(rows) → \(writer.text.debugDescription)")
            for cell in raw.joined() {
                #expect(!(cell.first.map(CSVWriter.formulaStarts.contains) ?? false), "\(cell.debugDescription) would run as a formula")
            }
        }
    }
}
