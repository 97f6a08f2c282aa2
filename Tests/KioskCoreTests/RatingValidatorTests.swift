import Foundation
import KioskCore
import Testing

@Suite struct RatingValidatorTests {
    let validator = RatingValidator(content: Fixtures.content)
    let now = RFC3339.parse("2026-11-24T10:00:00+07:00")!
    let id = "5f0c6a1e-8d7b-4a52-9c1e-2b7f3f4d9a10"

    func validate(_ body: String) throws -> RatingSubmission {
        try validator.validate(try Fixtures.json(body), now: now)
    }

    func refusal(_ body: String) throws -> RatingError? {
        do {
            _ = try validate(body)
            return nil
        } catch let error as RatingError {
            return error
        }
    }

    @Test func acceptsAFullRating() throws {
        let rating = try validate(
            """
            {"id": "\(id)", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": ["waited_too_long"]},
             "counter": "Q01", "field": "ho-tich", "officer": "cb-01", "dossierCode": "h26.05-260115-0001",
             "channel": "touch", "kiosk": "kiosk-1", "comment": "Chờ lâu quá", "createdAt": "2026-11-24T09:15:00+07:00"}
            """)
        #expect(rating.id == UUID(uuidString: id))
        #expect(rating.answers == ["overall": .one("dissatisfied"), "reasons": .many(["waited_too_long"])])
        #expect(rating.dossierCode == "H26.05-260115-0001")
        #expect(rating.channel == .touch)
        #expect(rating.createdAt == RFC3339.parse("2026-11-24T02:15:00Z"))
    }

    @Test func acceptsTheMinimum() throws {
        let rating = try validate(#"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "satisfied"}}"#)
        #expect(rating.createdAt == nil)
        #expect(rating.counter == nil)
    }

    @Test(arguments: [
        (#"[1, 2]"#, nil as String?, "must be a JSON object"),
        (#"{"survey": "quick", "answers": {"overall": "satisfied"}}"#, "id", "id is required"),
        (#"{"id": "abc", "survey": "quick", "answers": {"overall": "satisfied"}}"#, "id", "must be a UUID"),
        (#"{"id": "ID", "answers": {"overall": "satisfied"}}"#, "survey", "survey is required"),
        (#"{"id": "ID", "survey": "long", "answers": {"overall": "satisfied"}}"#, "survey", "survey 'long' is not defined"),
        (#"{"id": "ID", "survey": "quick"}"#, "answers", "answers is required"),
        (#"{"id": "ID", "survey": "quick", "answers": {}}"#, "answers.overall", "answers.overall is required"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "meh"}}"#, "answers.overall", "'meh' is not a choice"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": 3}}"#, "answers.overall", "must be one choice id"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied", "mood": "x"}}"#, "answers.mood", "has no question 'mood'"),
        (
            #"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied", "reasons": ["attitude"]}}"#, "answers.reasons",
            "only asked when overall is dissatisfied"
        ),
        (
            #"{"id": "ID", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": "attitude"}}"#, "answers.reasons",
            "must be an array"
        ),
        (
            #"{"id": "ID", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": ["attitude", "attitude"]}}"#,
            "answers.reasons", "lists 'attitude' twice"
        ),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "dissatisfied", "reasons": []}}"#, "answers.reasons", "at least one"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q99"}"#, "counter", "counter 'Q99' is not defined"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "field": "dat-dai"}"#, "field", "field 'dat-dai' is not defined"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "officer": "cb-99"}"#, "officer", "officer 'cb-99' is not defined"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "channel": "fax"}"#, "channel", "channel 'fax' is not one of"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "kiosk": "a b"}"#, "kiosk", "may hold only"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "dossierCode": "<script>"}"#, "dossierCode", "may hold only"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "createdAt": "yesterday"}"#, "createdAt", "RFC 3339"),
        (
            #"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "createdAt": "2026-11-25T10:00:00+07:00"}"#, "createdAt",
            "in the future"
        ),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": 3}"#, "counter", "must be a string"),
        (#"{"id": "ID", "survey": "quick", "answers": {"overall": "satisfied"}, "name": "Lan"}"#, "name", "unknown field 'name'"),
    ])
    func refusesInvalidInputNamingTheField(body: String, field: String?, message: String) throws {
        let error = try #require(try refusal(body.replacingOccurrences(of: "\"ID\"", with: "\"\(id)\"")))
        #expect(error.field == field)
        #expect(error.description.contains(message), "\(error.description)")
    }

    @Test func refusesOverlongComments() throws {
        let comment = String(repeating: "a", count: RatingValidator.maximumCommentLength + 1)
        let error = try #require(try refusal(#"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "satisfied"}, "comment": "\#(comment)"}"#))
        #expect(error.field == "comment")
    }

    @Test func scrubsPersonalDataFromComments() throws {
        let rating = try validate(
            #"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "dissatisfied"}, "comment": "Gọi 0912 345 678 hoặc a.b@mail.vn, CCCD 001234567890"}"#
        )
        #expect(rating.comment == "Gọi [đã ẩn] hoặc [đã ẩn], CCCD [đã ẩn]")
    }

    @Test func fingerprintTellsRetriesFromChanges() throws {
        let first = try validate(#"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "satisfied"}, "counter": "Q01"}"#)
        let same = try validate(#"{"counter": "Q01", "answers": {"overall": "satisfied"}, "survey": "quick", "id": "\#(id.uppercased())"}"#)
        let other = try validate(#"{"id": "\#(id)", "survey": "quick", "answers": {"overall": "very_satisfied"}, "counter": "Q01"}"#)
        #expect(first.fingerprint == same.fingerprint)
        #expect(first.fingerprint != other.fingerprint)
    }
}
