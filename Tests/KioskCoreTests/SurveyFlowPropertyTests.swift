import Foundation
import KioskCore
import TestSupport
import Testing

/// ``SurveyFlow`` over generated centres and kiosk settings, walked by generated residents (random taps,
/// skips, backs and walk-aways): what it asks, what it infers and the ratings it makes hold for all of them.
@Suite struct SurveyFlowPropertyTests {
    typealias Generator = StrictInputTests.Generator

    /// A centre of 1–5 fields, 0–6 counters with 0–3 fields each, and 0–6 officers at random counters.
    static func centre(using random: inout Generator) -> Centre {
        let fields = (1...Int.random(in: 1...5, using: &random)).map { ServiceField(id: "f\($0)", name: LocalizedText(vi: "Lĩnh vực \($0)")) }
        let counters = (0..<Int.random(in: 0...6, using: &random)).map { index in
            Counter(
                id: "Q\(index + 1)", name: LocalizedText(vi: "Quầy \(index + 1)"),
                fields: Array(fields.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))).map(\.id),
                priority: Bool.random(using: &random))
        }
        let officers = (0..<Int.random(in: 0...6, using: &random)).map { index in
            Officer(
                id: "cb-\(index + 1)", name: "Cán bộ \(index + 1)",
                counters: Array(counters.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))).map(\.id),
                showName: Int.random(in: 0..<4, using: &random) > 0, photo: Bool.random(using: &random) ? "photo.jpg" : nil)
        }
        return Centre(code: "test", name: LocalizedText(vi: "Trung tâm"), fields: fields, counters: counters, officers: officers)
    }

    static func kiosk(in centre: Centre, using random: inout Generator) -> KioskDevice {
        if let counter = centre.counters.randomElement(using: &random), Int.random(in: 0..<3, using: &random) == 0 {
            return KioskDevice(id: "desk", counter: counter.id)
        }
        return KioskDevice(id: "hall", askCounter: Bool.random(using: &random), askField: Bool.random(using: &random))
    }

    /// One resident's random walk: the steps seen and the rating made.
    static func walk(_ flow: SurveyFlow, using random: inout Generator) -> (seen: [FlowStep], rating: RatingSubmission?, walkedAway: Bool) {
        var progress = FlowProgress(dossierCode: Bool.random(using: &random) ? "HS-\(Int.random(in: 1000...9999, using: &random))" : nil)
        var step: FlowStep? = flow.mainStep
        var seen: [FlowStep] = []
        var moves = 0
        while let current = step, moves < 60 {
            moves += 1
            seen.append(current)
            if Int.random(in: 0..<12, using: &random) == 0 {
                return (seen, flow.submission(for: progress, id: UUID(), channel: .touch, walkedAway: true), true)
            }
            if current.id != flow.main, Int.random(in: 0..<8, using: &random) == 0 {
                step = flow.step(before: current.id, for: progress)
                continue
            }
            if current.optional, Int.random(in: 0..<4, using: &random) == 0 {
                step = flow.answer(.none, at: current.id, in: &progress)
                continue
            }
            switch current.kind {
            case .comment:
                step = flow.answer(.text(String(repeating: "góp ý ", count: Int.random(in: 0...300, using: &random))), at: current.id, in: &progress)
            case .multi:
                let ticked = current.choices.filter { _ in Bool.random(using: &random) }.map(\.id).shuffled(using: &random)
                if ticked.isEmpty && !current.optional { continue }
                step = flow.answer(.chosen(ticked), at: current.id, in: &progress)
            default:
                step = flow.answer(.chosen([current.choices.randomElement(using: &random)!.id]), at: current.id, in: &progress)
            }
        }
        #expect(step == nil, "a walk of 60 moves did not end")
        return (seen, flow.submission(for: progress, id: UUID(), channel: .touch), false)
    }

    @Test func generatedResidentsOnGeneratedCentres() throws {
        var random = Generator(state: 20_261_205)
        for _ in 0..<400 {
            let centre = Self.centre(using: &random)
            let device = Self.kiosk(in: centre, using: &random)
            let flow = SurveyFlow(survey: SampleSurvey.quick, centre: centre, kiosk: device, kioskID: device.id)
            // What the server sends is what the terminal runs.
            #expect(try JSONDecoder().decode(SurveyFlow.self, from: JSONEncoder().encode(flow)) == flow)
            let validator = RatingValidator(content: CentreContent(centre: centre, surveys: ["quick": SampleSurvey.quick]))
            for _ in 0..<10 {
                let (seen, rating, walkedAway) = Self.walk(flow, using: &random)
                try check(flow, centre: centre, device: device, seen: seen, rating: rating, walkedAway: walkedAway, validator: validator)
            }
        }
    }

    private func check(
        _ flow: SurveyFlow, centre: Centre, device: KioskDevice, seen: [FlowStep], rating: RatingSubmission?, walkedAway: Bool,
        validator: RatingValidator
    ) throws {
        let named = { (counter: String) in centre.officers.filter { $0.showName && $0.counters.contains(counter) } }
        // Never asked what is known: a desk kiosk asks no counter, officer or field; an officer or field is
        // asked only among two or more.
        for step in seen where [.counter, .officer, .field].contains(step.kind) {
            #expect(device.counter == nil)
            if step.kind != .counter { #expect(step.choices.count >= 2, "step \(step.id) asks among \(step.choices.count)") }
        }
        guard let rating else {
            #expect(walkedAway && seen.count == 1, "only a walk-away on the main question makes no rating")
            return
        }
        #expect(rating.answers["overall"] != nil)
        if let counter = rating.counter {
            if let officer = rating.officer { #expect(named(counter).contains { $0.id == officer }) }
            let listed = centre.counter(counter)?.fields ?? []
            if let field = rating.field, !listed.isEmpty { #expect(listed.contains(field)) }
            if named(counter).count == 1, !walkedAway { #expect(rating.officer == named(counter)[0].id, "the only officer is inferred") }
            if listed.count == 1 { #expect(rating.field == listed[0], "the only field is inferred") }
        } else {
            #expect(rating.officer == nil)
        }
        if device.counter != nil { #expect(rating.counter == device.counter) }
        let encoder = JSONEncoder()
        let body = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(rating))
        let validated = try validator.validate(body, now: Date())
        #expect(validated.answers == rating.answers && validated.counter == rating.counter && validated.officer == rating.officer)
        #expect(validated.field == rating.field && validated.dossierCode == rating.dossierCode)
    }
}
