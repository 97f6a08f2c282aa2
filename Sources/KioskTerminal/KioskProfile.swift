import Foundation
import KioskCore

/// One terminal kiosk: the centre's content, its `[[kiosks]]` entry and the ``SurveyFlow`` they make
/// (the same steps the touch kiosk walks).
public struct KioskProfile: Sendable {
    /// The survey the kiosks ask.
    public static let surveyID = "quick"

    public let content: CentreContent
    public let survey: Survey
    /// This kiosk's settings; a hall kiosk's defaults when it is not named.
    public let device: KioskDevice
    /// The id sent with every rating and call; `nil` when the kiosk was not named.
    public let kioskID: String?
    public let timeZone: TimeZone
    /// Seconds without a key before the idle countdown.
    public let idleSeconds: Double
    /// The steps this kiosk asks: the same ``SurveyFlow`` the server sends the touch kiosk.
    public let flow: SurveyFlow

    /// Why a profile cannot be made.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The content has no quick survey.
        case noSurvey
        /// `--kiosk` names a kiosk that `centre.toml` does not list.
        case unknownKiosk(String, known: [String])

        public var description: String {
            switch self {
            case .noSurvey: "the content has no surveys/quick.toml, which the kiosk asks"
            case .unknownKiosk(let id, let known):
                "kiosk '\(id)' is not in centre.toml (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            }
        }
    }

    /// - Parameters:
    ///   - content: the centre's content.
    ///   - kioskID: the kiosk's id in `centre.toml`, or `nil` for a hall kiosk with default settings.
    ///   - idleSeconds: overrides the kiosk's `idle_seconds` (trials and tests).
    /// - Throws: ``Problem`` when the survey is missing or the kiosk is unknown.
    public init(content: CentreContent, kioskID: String?, idleSeconds: Double? = nil) throws {
        guard let survey = content.surveys[Self.surveyID], survey.mainQuestion != nil else { throw Problem.noSurvey }
        var device = KioskDevice(id: kioskID ?? "")
        if let kioskID {
            guard let known = content.centre.kiosk(kioskID) else {
                throw Problem.unknownKiosk(kioskID, known: content.centre.kiosks.map(\.id))
            }
            device = known
        }
        self.content = content
        self.survey = survey
        self.device = device
        self.kioskID = kioskID
        self.timeZone = TimeZone(identifier: content.centre.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        self.idleSeconds = idleSeconds ?? Double(device.idleSeconds)
        self.flow = SurveyFlow(survey: survey, centre: content.centre, kiosk: device, kioskID: kioskID)
    }

    var centre: Centre { content.centre }
}
