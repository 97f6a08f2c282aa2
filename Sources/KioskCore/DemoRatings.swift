import Foundation

/// A small, fast, seedable random generator (SplitMix64), so that demo data is the same for the same seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Makes a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Makes realistic synthetic ratings for demos and benchmarks: ratings fall in opening hours, more on
/// Monday mornings, spread over the centre's counters, their fields and officers, mostly satisfied
/// with some counters better than others, dissatisfied ones with reasons.
public struct DemoRatings: Sendable {
    public let content: CentreContent
    public let timeZone: TimeZone

    /// Makes a generator of demo ratings for `content`, dated in the centre's time zone.
    public init(content: CentreContent) {
        self.content = content
        self.timeZone = content.centre.timeZone
    }

    /// Makes `count` ratings on the `days` days that end on `lastDay`.
    public func make(count: Int, seed: UInt64, lastDay: LocalDate, days: Int = 365) -> [Rating] {
        var all: [Rating] = []
        make(count: count, seed: seed, lastDay: lastDay, days: days, chunkSize: count) { all += $0 }
        return all
    }

    /// Makes the same ratings as ``make(count:seed:lastDay:days:)``, handing them over `chunkSize` at a
    /// time so that millions never sit in memory at once.
    public func make(count: Int, seed: UInt64, lastDay: LocalDate, days: Int = 365, chunkSize: Int, _ body: ([Rating]) throws -> Void) rethrows {
        var random = SeededGenerator(seed: seed)
        guard let survey = content.surveys["quick"], let main = survey.mainQuestion else { return }
        let reasons = survey.questions.first { $0.when?.question == main.id }
        let centre = content.centre
        let sessions =
            centre.hours.isEmpty
            ? [OpeningSession(days: [.mon, .tue, .wed, .thu, .fri], open: 7 * 60 + 30, close: 17 * 60)] : centre.hours
        // Each counter has its own quality, so per-counter figures differ as they do in life.
        let quality = centre.counters.map { _ in Double.random(in: 0.86...0.99, using: &random) }
        let dayWeights = [1.5, 1.2, 1.0, 1.0, 1.1, 0.7, 0.2]  // Monday … Sunday
        var openDays: [(LocalDate, [OpeningSession], Double)] = []
        for offset in stride(from: days - 1, through: 0, by: -1) {
            let day = lastDay.adding(days: -offset)
            let weekday = Weekday.allCases[day.isoWeekday - 1]
            let open = sessions.filter { $0.days.contains(weekday) }
            if !open.isEmpty { openDays.append((day, open, dayWeights[day.isoWeekday - 1])) }
        }
        guard !openDays.isEmpty else { return }
        let totalWeight = openDays.reduce(0) { $0 + $1.2 }

        var ratings: [Rating] = []
        ratings.reserveCapacity(min(count, chunkSize))
        for _ in 0..<count {
            var pick = Double.random(in: 0..<totalWeight, using: &random)
            var chosen = openDays[openDays.count - 1]
            for entry in openDays {
                pick -= entry.2
                if pick < 0 { chosen = entry; break }
            }
            let session = chosen.1.randomElement(using: &random)!
            // Busier early in a session: take the smaller of two uniform draws.
            let span = Double(session.close - session.open)
            let minute = session.open + Int(min(Double.random(in: 0..<span, using: &random), Double.random(in: 0..<span, using: &random)))
            let createdAt = chosen.0.start(in: timeZone).addingTimeInterval(Double(minute * 60 + Int.random(in: 0..<60, using: &random)))

            let counterIndex = centre.counters.isEmpty ? nil : Int.random(in: 0..<centre.counters.count, using: &random)
            let counter = counterIndex.map { centre.counters[$0] }
            let field = counter?.fields.randomElement(using: &random)
            let officer = counter.flatMap { counter in centre.officers.filter { $0.counters.contains(counter.id) }.randomElement(using: &random) }
            let satisfiedShare = counterIndex.map { quality[$0] } ?? 0.94
            let draw = Double.random(in: 0..<1, using: &random)
            let satisfiedChoices = main.choices.filter { $0.satisfied == true }
            let unsatisfiedChoices = main.choices.filter { $0.satisfied == false }
            let choice: Choice
            if draw < satisfiedShare {
                // The best level about 60 % of the satisfied time.
                choice = Double.random(in: 0..<1, using: &random) < 0.6 ? satisfiedChoices[0] : satisfiedChoices.last!
            } else {
                choice = unsatisfiedChoices.randomElement(using: &random)!
            }
            var answers: [String: Answer] = [main.id: .one(choice.id)]
            if let reasons, reasons.when?.choices.contains(choice.id) == true, Double.random(in: 0..<1, using: &random) < 0.8 {
                let picked = reasons.choices.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)).map(\.id)
                answers[reasons.id] = .many(picked)
            }
            var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let id = UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
            let channel: Channel = Double.random(in: 0..<1, using: &random) < 0.85 ? .touch : .paper
            let kiosk = channel == .touch ? (centre.kiosks.randomElement(using: &random)?.id) : nil
            let submission = RatingSubmission(
                id: id, survey: survey.id, answers: answers, counter: counter?.id, field: field, officer: officer?.id,
                channel: channel, kiosk: kiosk, createdAt: createdAt)
            ratings.append(Rating(submission, survey: survey, receivedAt: createdAt))
            if ratings.count == chunkSize {
                try body(ratings)
                ratings.removeAll(keepingCapacity: true)
            }
        }
        if !ratings.isEmpty { try body(ratings) }
    }
}
