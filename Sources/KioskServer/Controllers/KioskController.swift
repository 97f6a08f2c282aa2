import Foundation
import Hummingbird
import KioskCore

/// The resident's kiosk: `GET /` (the page) and `GET /api/v1/kiosk` (what the page shows: the quick
/// survey, the screen strings, the centre and the kiosk).
struct KioskController {
    let services: AppServices
    let publicDirectory: URL

    /// The survey the touch kiosk asks.
    static let kioskSurvey = "quick"

    var pageEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: page)
    }

    var apiEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: configuration)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let url = publicDirectory.appendingPathComponent("index.html")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw APIError(.internalServerError, "the kiosk page is missing from this installation")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct KioskJSON: Encodable {
        struct CentreInfo: Encodable {
            var code: String
            var name: LocalizedText
            var timezone: String
        }
        struct DeviceInfo: Encodable {
            var id: String
            var counter: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(counter, forKey: .counter)
            }
            enum CodingKeys: String, CodingKey { case id, counter }
        }
        var centre: CentreInfo
        var kiosk: DeviceInfo?
        var languages: [String]
        var strings: [String: [String: String]]
        var survey: SurveyJSON

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(centre, forKey: .centre)
            try container.encode(kiosk, forKey: .kiosk)
            try container.encode(languages, forKey: .languages)
            try container.encode(strings, forKey: .strings)
            try container.encode(survey, forKey: .survey)
        }
        enum CodingKeys: String, CodingKey { case centre, kiosk, languages, strings, survey }
    }

    @Sendable func configuration(_ request: Request, context: AppRequestContext) async throws -> Response {
        let content = services.content
        guard let survey = content.surveys[Self.kioskSurvey] else {
            throw APIError(.internalServerError, "the quick survey is missing from the content")
        }
        var device: KioskJSON.DeviceInfo?
        if let id = request.uri.queryParameters.get("kiosk"), !id.isEmpty {
            let known = content.centre.kiosk(id)
            device = .init(id: id, counter: known?.counter)
        }
        var strings: [String: [String: String]] = [:]
        for (language, table) in content.strings { strings[language.rawValue] = table }
        let body = KioskJSON(
            centre: .init(code: content.centre.code, name: content.centre.name, timezone: content.centre.timeZoneIdentifier),
            kiosk: device, languages: Language.allCases.map(\.rawValue), strings: strings, survey: SurveyJSON(survey))
        return try JSONResponse.make(body)
    }
}

/// A survey as the kiosk page reads it: every key present, `null` where a value is absent.
struct SurveyJSON: Encodable {
    let survey: Survey

    init(_ survey: Survey) { self.survey = survey }

    enum Keys: String, CodingKey { case id, title, main, comment, questions, kind, prompt, when, optional, choices, label, face, satisfied, question }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(survey.id, forKey: .id)
        try container.encode(survey.title, forKey: .title)
        try container.encode(survey.main, forKey: .main)
        try container.encode(survey.comment, forKey: .comment)
        var questions = container.nestedUnkeyedContainer(forKey: .questions)
        for question in survey.questions {
            var q = questions.nestedContainer(keyedBy: Keys.self)
            try q.encode(question.id, forKey: .id)
            try q.encode(question.kind.rawValue, forKey: .kind)
            try q.encode(question.prompt, forKey: .prompt)
            try q.encode(question.when, forKey: .when)
            try q.encode(question.optional, forKey: .optional)
            var choices = q.nestedUnkeyedContainer(forKey: .choices)
            for choice in question.choices {
                var c = choices.nestedContainer(keyedBy: Keys.self)
                try c.encode(choice.id, forKey: .id)
                try c.encode(choice.label, forKey: .label)
                try c.encode(choice.face?.rawValue, forKey: .face)
                try c.encode(choice.satisfied, forKey: .satisfied)
            }
        }
    }
}
