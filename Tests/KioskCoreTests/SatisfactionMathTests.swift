import KioskCore
import Testing

@Suite struct SatisfactionMathTests {
    @Test func rateIsSatisfiedOverValidAndNullWithoutRatings() {
        #expect(SatisfactionMath.rate(satisfied: 95, valid: 100) == 0.95)
        #expect(SatisfactionMath.rate(satisfied: 0, valid: 0) == nil)
    }

    @Test(arguments: [
        (95, 100, 0.8882495307680808, 0.9784563208456319),
        (0, 1, 0.0, 0.7934506856227626),
        (10, 10, 0.7224672001371107, 1.0),
        (481, 500, 0.9414152274693561, 0.9755398819441696),
    ])
    func wilsonIntervalMatchesReferenceValues(satisfied: Int, valid: Int, low: Double, high: Double) throws {
        let interval = try #require(SatisfactionMath.wilson(satisfied: satisfied, valid: valid))
        #expect(abs(interval.low - low) < 1e-9)
        #expect(abs(interval.high - high) < 1e-9)
    }

    @Test func wilsonIsNilWithoutRatings() {
        #expect(SatisfactionMath.wilson(satisfied: 0, valid: 0) == nil)
    }

    @Test func neededToTargetIsTheSmallestSufficientCount() throws {
        // (90 + k) / (100 + k) ≥ 0.95 first holds at k = 100.
        #expect(SatisfactionMath.neededToTarget(satisfied: 90, valid: 100, target: 0.95) == 100)
        #expect(SatisfactionMath.neededToTarget(satisfied: 95, valid: 100, target: 0.95) == 0)
        #expect(SatisfactionMath.neededToTarget(satisfied: 0, valid: 0, target: 0.95) == 1)
        #expect(SatisfactionMath.neededToTarget(satisfied: 9, valid: 10, target: 1) == nil)
        // Brute force over a grid: the answer reaches the target and one less does not.
        for valid in 1...60 {
            for satisfied in 0...valid {
                for target in [0.5, 0.8, 0.9, 0.95, 0.99] {
                    let k = try #require(SatisfactionMath.neededToTarget(satisfied: satisfied, valid: valid, target: target))
                    #expect(Double(satisfied + k) / Double(valid + k) >= target - 1e-12)
                    if k > 0 { #expect(Double(satisfied + k - 1) / Double(valid + k - 1) < target) }
                }
            }
        }
    }

    @Test func figuresMarkSmallSamplesAndKeepExclusionsApart() {
        var tally = Tally()
        tally.add(choice: "very_satisfied", satisfied: true, excluded: nil, count: 10)
        tally.add(choice: "dissatisfied", satisfied: false, excluded: nil, count: 2)
        tally.add(choice: "very_satisfied", satisfied: true, excluded: "misuse", count: 5)
        let figures = SatisfactionFigures(tally: tally, target: 0.95, minimumN: 30)
        #expect(figures.total == 17)
        #expect(figures.valid == 12)
        #expect(figures.satisfied == 10)
        #expect(figures.excluded == ["misuse": 5])
        #expect(figures.levels == ["very_satisfied": 10, "dissatisfied": 2])
        #expect(figures.tooFewToJudge)
        #expect(figures.neededToTarget == 28)
    }
}
