import Foundation
import KioskCore
import Testing

@Suite struct FormatTests {
    @Test("one formatter: rates read 95,3 %, changes +1,2 điểm, days 05/12/2026, for every value")
    func oneFormatter() {
        #expect(Format.percent(0.953) == "95,3 %")
        #expect(Format.percent(nil as Double?) == "—")
        #expect(Format.points(0.012) == "+1,2 điểm")
        #expect(Format.points(-0.03) == "-3,0 điểm")
        #expect(Format.day(LocalDate(year: 2026, month: 12, day: 5)) == "05/12/2026")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let rate = Double.random(in: 0...1, using: &random)
            let text = Format.percent(rate)
            #expect(text.hasSuffix(" %") && !text.contains("."), "\(text)")
            let number = Double(text.dropLast(2).replacingOccurrences(of: ",", with: "."))
            #expect(number.map { abs($0 - rate * 100) <= 0.05 + 1e-9 } == true, "\(rate) → \(text)")
        }
    }
}
