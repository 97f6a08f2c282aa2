import Foundation

/// Counts of answers to a satisfaction question, from which every figure follows.
public struct Tally: Sendable, Equatable {
    /// Every stored answer, valid or not.
    public var total = 0
    /// Answers that count toward the rate.
    public var valid = 0
    /// Valid answers that count as satisfied.
    public var satisfied = 0
    /// Answers kept but excluded from the rate, by reason.
    public var excluded: [String: Int] = [:]
    /// Valid answers by choice id.
    public var levels: [String: Int] = [:]

    /// Makes an empty tally.
    public init() {}

    /// Adds `count` answers of `choice`.
    public mutating func add(choice: String, satisfied isSatisfied: Bool, excluded reason: String?, count: Int) {
        total += count
        if let reason, !reason.isEmpty {
            excluded[reason, default: 0] += count
            return
        }
        valid += count
        if isSatisfied { satisfied += count }
        levels[choice, default: 0] += count
    }
}

/// The satisfaction math of the centre: the rate, its interval and the distance to the target.
public enum SatisfactionMath {
    /// The z value of a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// satisfied ÷ valid; `nil` when nothing is valid.
    public static func rate(satisfied: Int, valid: Int) -> Double? {
        valid == 0 ? nil : Double(satisfied) / Double(valid)
    }

    /// The Wilson score interval at 95 %; `nil` when nothing is valid.
    public static func wilson(satisfied: Int, valid: Int, z: Double = z95) -> (low: Double, high: Double)? {
        guard valid > 0 else { return nil }
        let n = Double(valid)
        let p = Double(satisfied) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n)
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The smallest k ≥ 0 such that (satisfied + k) ÷ (valid + k) ≥ target; `nil` when no k reaches it
    /// (a target of 1 with a dissatisfied rating on record).
    public static func neededToTarget(satisfied: Int, valid: Int, target: Double) -> Int? {
        func reaches(_ k: Int) -> Bool {
            let n = valid + k
            return n > 0 && Double(satisfied + k) >= target * Double(n) - 1e-9
        }
        if reaches(0) { return 0 }
        guard target < 1 else { return nil }
        // (s + k) ≥ t (n + k)  ⇔  k ≥ (t n − s) ÷ (1 − t); round up, then correct for floating point.
        var k = max(1, Int(((target * Double(valid) - Double(satisfied)) / (1 - target)).rounded(.up)))
        while k > 1 && reaches(k - 1) { k -= 1 }
        while !reaches(k) { k += 1 }
        return k
    }
}

/// The figures of one period (and, for a group, one key), as `kiosk stats` and the API report them.
public struct SatisfactionFigures: Sendable, Equatable, Codable {
    /// The group's key (a counter id, a day…); `nil` for the whole period.
    public var key: String?
    public var total: Int
    public var valid: Int
    public var excluded: [String: Int]
    public var satisfied: Int
    public var rate: Double?
    /// The Wilson 95 % interval `[low, high]`, `nil` when nothing is valid.
    public var ci95: [Double]?
    public var neededToTarget: Int?
    public var levels: [String: Int]
    /// Whether `valid` is below the centre's minimum for a rate to be judged.
    public var tooFewToJudge: Bool

    /// Computes the figures of `tally` against the centre's target and minimum number of ratings.
    public init(key: String? = nil, tally: Tally, target: Double, minimumN: Int) {
        self.key = key
        total = tally.total
        valid = tally.valid
        excluded = tally.excluded
        satisfied = tally.satisfied
        levels = tally.levels
        rate = SatisfactionMath.rate(satisfied: tally.satisfied, valid: tally.valid)
        ci95 = SatisfactionMath.wilson(satisfied: tally.satisfied, valid: tally.valid).map { [$0.low, $0.high] }
        neededToTarget = SatisfactionMath.neededToTarget(satisfied: tally.satisfied, valid: tally.valid, target: target)
        tooFewToJudge = tally.valid < minimumN
    }

    enum CodingKeys: String, CodingKey {
        case key, total, valid, excluded, satisfied, rate, ci95, neededToTarget, levels, tooFewToJudge
    }

    /// Encodes every key, writing `null` for a missing rate or interval rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encode(total, forKey: .total)
        try container.encode(valid, forKey: .valid)
        try container.encode(excluded, forKey: .excluded)
        try container.encode(satisfied, forKey: .satisfied)
        try container.encode(rate, forKey: .rate)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(neededToTarget, forKey: .neededToTarget)
        try container.encode(levels, forKey: .levels)
        try container.encode(tooFewToJudge, forKey: .tooFewToJudge)
    }

    /// Whether the rate is at or above `target`; `nil` when there is no rate.
    public func meets(_ target: Double) -> Bool? {
        rate.map { $0 >= target - 1e-12 }
    }
}
