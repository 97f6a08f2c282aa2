import Foundation
import KioskCore

/// What a guidance slip shows: the centre, the topic, its short steps, the QR code with its link, the date.
public struct Slip: Sendable, Equatable {
    public var centreName: String
    public var title: String
    public var steps: [String]
    /// What the QR code opens; no QR when `nil`.
    public var link: String?
    /// "In ngày 24/11/2026" or "Printed 24/11/2026".
    public var dateLine: String
    /// "Nguồn: …" (the topic's official source), when there is one.
    public var sourceLine: String?

    /// Makes a slip from its parts, each as the property of the same name describes it.
    public init(centreName: String, title: String, steps: [String], link: String?, dateLine: String, sourceLine: String? = nil) {
        self.centreName = centreName
        self.title = title
        self.steps = steps
        self.link = link
        self.dateLine = dateLine
        self.sourceLine = sourceLine
    }

    /// The slip of `topic` in `language`, dated `date` (the centre's local day).
    public init(topic: HelpTopic, centre: Centre, language: Language, date: LocalDate) {
        let day = String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
        self.init(
            centreName: centre.name.text(in: language),
            title: topic.title.text(in: language),
            steps: topic.steps(in: language),
            link: topic.link,
            dateLine: language == .vi ? "In ngày \(day)" : "Printed \(day)",
            sourceLine: topic.source?.line(in: language))
    }
}

/// The output formats of a slip.
public enum SlipFormat: String, Sendable, CaseIterable {
    case escpos, pdf, png, html
}
