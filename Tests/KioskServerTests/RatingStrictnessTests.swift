import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskServer
import KioskStore
import NIOCore
import Testing

/// The rating API takes exactly what it checks: one value per key, JSON declared as JSON and written in
/// UTF-8, no control characters where they do not belong, a time the store and the city hub can hold,
/// and bursts judged on the server's clock. Each refusal is a 4xx with a sentence and stores nothing.
@Suite struct RatingStrictnessTests {
    func body(_ id: String = UUID().uuidString, answers: String = #"{"overall": "satisfied"}"#, extra: String = "") -> String {
        #"{"id": "\#(id)", "survey": "quick", "answers": \#(answers)\#(extra)}"#
    }

    func storedCount(_ configuration: ServerConfiguration) throws -> Int {
        try AppDatabase.open(directory: configuration.dataDirectory).ratingCount()
    }

    @Test func aKeyGivenTwiceIsRefused() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let twice = try await client.postRating(body(answers: #"{"overall": "very_dissatisfied", "overall": "satisfied"}"#))
            #expect(twice.status == .badRequest)
            #expect(try twice.errorMessage().contains("the key 'overall' appears twice"))
            let outer = try await client.postRating(
                #"{"id": "\#(UUID())", "id": "\#(UUID())", "survey": "quick", "answers": {"overall": "satisfied"}}"#)
            #expect(outer.status == .badRequest)
        }
        #expect(try storedCount(configuration) == 0)
    }

    @Test func onlyJSONInUTF8IsRead() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let json = body()
            for type in [nil, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/jsonx"] as [String?]
            {
                var headers = TestServer.kioskHeaders
                if let type { headers[.contentType] = type }
                let response = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: headers, body: ByteBuffer(string: json))
                #expect(response.status == .unsupportedMediaType, "\(type ?? "none")")
                #expect(try response.errorMessage().contains("application/json"))
            }
            var headers = TestServer.kioskHeaders
            headers[.contentType] = "application/json"
            var utf16 = ByteBuffer()
            utf16.writeBytes([0xFF, 0xFE] + Array(json.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            let refused = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: headers, body: utf16)
            #expect(refused.status == .badRequest)
            #expect(try refused.errorMessage().contains("UTF-16"))
            var latin1 = ByteBuffer(string: #"{"id": "\#(UUID())", "survey": "quick", "answers": {"overall": "satisfied"}, "comment": "Ch"#)
            latin1.writeBytes([0xF2, 0x20, 0x6C, 0xE2, 0x75])
            latin1.writeString(#""}"#)
            let notUTF8 = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: headers, body: latin1)
            #expect(notUTF8.status == .badRequest)
            #expect(try notUTF8.errorMessage().contains("not UTF-8"))
            headers[.contentType] = "Application/JSON; charset=UTF-8"
            let fine = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: headers, body: ByteBuffer(string: body()))
            #expect(fine.status == .created)
        }
        #expect(try storedCount(configuration) == 1)
    }

    /// What the 201 says is what is stored: control characters are taken out of a comment before both,
    /// and refused in every other field.
    @Test func controlCharactersAreStrippedFromCommentsAndRefusedElsewhere() async throws {
        let configuration = TestServer.configuration()
        let id = UUID().uuidString.lowercased()
        try await TestServer.withLiveServer(configuration) { client in
            let comment = #"Chờ\u0000 lâu\u001b[31m\r\nquá\u202e\tnhé\u0007"#
            let response = try await client.postRating(
                body(id, answers: #"{"overall": "dissatisfied", "reasons": ["waited_too_long"]}"#, extra: #", "comment": "\#(comment)""#))
            #expect(response.status == .created)
            #expect(try response.json()["comment"] as? String == "Chờ lâu[31m\nquá nhé")
            let fields = [
                "counter": "Q01", "kiosk": "kiosk-1", "dossierCode": "H26.05-260115-0001", "createdAt": "2026-11-24T09:00:00+07:00",
                "channel": "touch",
            ]
            for (field, value) in fields {
                for control in [#"\u0000"#, #"\u001b"#, #"\n"#, #"\u202e"#] {
                    let refused = try await client.postRating(body(extra: #", "\#(field)": "\#(value)\#(control)""#))
                    #expect(refused.status == .badRequest, "\(field) \(control)")
                    #expect(try refused.errorMessage().contains("control character"), "\(field) \(control)")
                }
            }
            let survey = try await client.postRating(body().replacingOccurrences(of: #""quick""#, with: #""quick\u0000""#))
            #expect(survey.status == .badRequest)
        }
        let stored = try AppDatabase.open(directory: configuration.dataDirectory).rating(id: UUID(uuidString: id)!)
        #expect(stored?.comment == "Chờ lâu[31m\nquá nhé")
        #expect(try storedCount(configuration) == 1)
    }

    /// Times the store or the hub cannot hold, or that no kiosk of this centre can have made, are refused
    /// with a sentence: a year-0 day, days that do not exist, a leap second, offsets not written ±HH:MM,
    /// before the centre opened (less a month), after now (plus the allowed skew).
    @Test(arguments: [
        "0000-06-01T00:00:00Z", "1970-01-01T00:00:00Z", "2025-05-30T23:59:59+07:00", "2026-02-30T09:00:00+07:00", "2026-11-24T07:00:60+07:00",
        "2026-11-24T24:00:00+07:00", "2026-11-24T09:00:00+0700", "2026-11-24T09:00:00+07", "2026-11-24T09:00:00+7:00", "2026-11-24T09:00:00",
        "2026-11-24T09:00:00+24:00", "2026-11-24 09:00:00 +07:00", "+2026-11-24T09:00:00Z", "2026-11-24T09:00:00.Z",
        "2026-11-24T09:00:00.1234567890Z",
        "2026-11-24T10:11:00+07:00", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2026-1-24T09:00:00Z", "२०२६-11-24T09:00:00Z",
    ])
    func impossibleOrImplausibleTimesAreRefused(_ time: String) async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let response = try await client.postRating(body(extra: #", "createdAt": "\#(time)""#))
            #expect(response.status == .badRequest, "\(time)")
            let message = try response.errorMessage()
            #expect(message.hasPrefix("createdAt"), "\(message)")
        }
        #expect(try storedCount(configuration) == 0)
    }

    @Test(arguments: [
        "2025-05-31T00:00:00+07:00", "2026-11-24T10:10:00+07:00", "2026-11-24T02:15:00.250Z", "2026-02-28T23:59:59-05:30", "2026-11-24t01:00:00z",
    ])
    func plausibleTimesAreKept(_ time: String) async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let response = try await client.postRating(body(extra: #", "createdAt": "\#(time)""#))
            #expect(response.status == .created, "\(time)")
        }
    }

    /// 30 presses in a moment are a burst whatever times the sender writes into them.
    @Test func aBurstIsJudgedOnTheServersClockNotOnCreatedAt() async throws {
        let (server, kiosk) = try SafeguardTests().server()
        try await server.run { client in
            var flags: [String] = []
            for index in 0..<30 {
                let created = RFC3339.format(
                    TestServer.now.addingTimeInterval(-Double(30 - index) * 61), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
                let response = try await client.execute(
                    uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: body(extra: #", "createdAt": "\#(created)""#)))
                #expect(response.status == .created)
                flags.append((try response.json()["excluded"] as? String) ?? "counted")
                server.clock.advance(by: 0.003)
            }
            #expect(flags == Array(repeating: "counted", count: 10) + Array(repeating: "misuse", count: 20))
            // A minute later the kiosk counts again.
            server.clock.advance(by: 61)
            let later = try await client.execute(uri: "/api/v1/ratings", method: .post, headers: kiosk, body: ByteBuffer(string: body()))
            #expect(try later.json()["excluded"] == nil)
        }
    }
}
