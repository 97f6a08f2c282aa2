import Foundation
import Hummingbird
import KioskCore
import KioskStore

/// The resident's kiosk: `GET /` (the page, only in a paired browser), `GET /api/v1/kiosk` (what the
/// page shows: the quick survey, the screen strings, the centre and the kiosk) and `GET /api/v1/kiosk/flow`
/// (the steps this kiosk asks).
struct KioskController {
    let services: AppServices
    let publicDirectory: URL
    let pairing: PairingController

    /// The survey the touch kiosk asks.
    static let kioskSurvey = "quick"

    var pageEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: page)
    }

    var apiEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: configuration)
    }

    /// `GET /api/v1/kiosk/flow` (behind the paired-kiosk middleware): the ``SurveyFlow`` of the kiosk that
    /// asks, which the page walks; the page has no rule of its own about what comes next.
    var flowEndpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: flow)
    }

    @Sendable func flow(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let paired = context.kiosk else { throw APIError(.unauthorized, PairedKioskAuthentication.notPairedMessage) }
        let content = services.content
        guard let survey = content.surveys[Self.kioskSurvey], survey.mainQuestion != nil else {
            throw APIError(.internalServerError, "the quick survey is missing from the content")
        }
        return try JSONResponse.make(SurveyFlow(survey: survey, centre: content.centre, kiosk: paired.device(in: content.centre), kioskID: paired.id))
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try PairedKioskAuthentication.kiosk(of: request, in: services.database) != nil else {
            let asked = request.uri.queryParameters.get("kiosk").map { String($0) }.flatMap { Self.isKioskID($0) ? $0 : nil }
            return pairing.page(.notPaired(kiosk: asked), status: .forbidden, setupLink: try await setupLink(for: request, context: context))
        }
        let url = publicDirectory.appendingPathComponent("index.html")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw APIError(.internalServerError, "the kiosk page is missing from this installation")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The first start's setup link, for a browser on the box itself while the store has no account.
    private func setupLink(for request: Request, context: AppRequestContext) async throws -> String? {
        guard SetupController.isOnThisBox(request, context: context), try services.database.users().isEmpty,
            let code = await services.setup.currentCode(now: services.now())
        else { return nil }
        return "/setup?code=\(code)"
    }

    struct KioskJSON: Encodable {
        struct CentreInfo: Encodable {
            var code: String
            var name: LocalizedText
            var timezone: String
        }
        /// What this kiosk asks and offers; defaults for a browser that names no known kiosk.
        struct DeviceInfo: Encodable {
            var id: String?
            var counter: String?
            var askCounter: Bool
            var askField: Bool
            var printer: String?
            var speech: Bool
            var idleSeconds: Int
            /// Seconds between two ratings of a backlog (``MisuseSettings/backlogSpacing``).
            var backlogSpacing: Double

            enum CodingKeys: String, CodingKey { case id, counter, askCounter, askField, printer, speech, idleSeconds, backlogSpacing }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(counter, forKey: .counter)
                try container.encode(askCounter, forKey: .askCounter)
                try container.encode(askField, forKey: .askField)
                try container.encode(printer, forKey: .printer)
                try container.encode(speech, forKey: .speech)
                try container.encode(idleSeconds, forKey: .idleSeconds)
                try container.encode(backlogSpacing, forKey: .backlogSpacing)
            }
        }
        struct OfficerInfo: Encodable {
            var id: String
            var name: String
            var title: LocalizedText?
            var photo: String?

            enum CodingKeys: String, CodingKey { case id, name, title, photo }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(title, forKey: .title)
                try container.encode(photo, forKey: .photo)
            }
        }
        struct CounterInfo: Encodable {
            var id: String
            var name: LocalizedText
            var fields: [String]
            var priority: Bool
            var officers: [OfficerInfo]
        }
        var centre: CentreInfo
        var kiosk: DeviceInfo
        var languages: [String]
        var strings: [String: [String: String]]
        var survey: SurveyJSON
        var counters: [CounterInfo]
        var fields: [ServiceField]
    }

    @Sendable func configuration(_ request: Request, context: AppRequestContext) async throws -> Response {
        let content = services.content
        let centre = content.centre
        guard let survey = content.surveys[Self.kioskSurvey] else {
            throw APIError(.internalServerError, "the quick survey is missing from the content")
        }
        // A paired kiosk is the kiosk of its cookie or token, whatever the address says.
        let paired = try PairedKioskAuthentication.kiosk(of: request, in: services.database)
        let id = paired?.id ?? request.uri.queryParameters.get("kiosk").flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        let known = paired?.device(in: centre) ?? id.flatMap(centre.kiosk) ?? KioskDevice(id: id ?? "")
        let device = KioskJSON.DeviceInfo(
            id: id, counter: known.counter, askCounter: known.askCounter, askField: known.askField, printer: known.printer,
            speech: known.speech, idleSeconds: known.idleSeconds, backlogSpacing: centre.misuse.backlogSpacing)
        var strings: [String: [String: String]] = [:]
        for (language, table) in content.strings { strings[language.rawValue] = table }
        let counters = centre.counters.map { counter in
            KioskJSON.CounterInfo(
                id: counter.id, name: counter.name, fields: counter.fields, priority: counter.priority,
                officers: centre.officers.filter { $0.showName && $0.counters.contains(counter.id) }.map { officer in
                    KioskJSON.OfficerInfo(
                        id: officer.id, name: officer.name, title: officer.title, photo: officer.photo.map { _ in "/content/photos/\(officer.id)" })
                })
        }
        let body = KioskJSON(
            centre: .init(code: centre.code, name: centre.name, timezone: centre.timeZoneIdentifier),
            kiosk: device, languages: Language.allCases.map(\.rawValue), strings: strings, survey: SurveyJSON(survey),
            counters: counters, fields: centre.fields)
        return try JSONResponse.make(body)
    }

    /// Whether `text` looks like a kiosk id (letters, digits, `.`, `_`, `-`, at most 64).
    static func isKioskID(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// `GET /content/photos/ID`: the photo of an officer the centre chose to show, from `kiosk-content/`.
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let officer = services.content.centre.officer(id), officer.showName, let photo = officer.photo,
            !photo.contains(".."),
            let data = FileManager.default.contents(atPath: services.configuration.contentDirectory.appendingPathComponent(photo).path)
        else { throw APIError(.notFound, "no photo for '\(id.prefix(64))'") }
        let type = photo.lowercased().hasSuffix(".png") ? "image/png" : photo.lowercased().hasSuffix(".webp") ? "image/webp" : "image/jpeg"
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
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
