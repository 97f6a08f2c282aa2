import Hummingbird
import KioskCore
import NIOCore

extension Request {
    /// The body of an API request as strict JSON, the one way every JSON API of the centre reads a body.
    ///
    /// - 415 with a sentence unless the body is declared `application/json` (an optional `charset` must be
    ///   `utf-8`), so a form or a text body is never taken for JSON;
    /// - 413 over `limit` bytes;
    /// - 400 for what ``StrictJSON`` refuses: not UTF-8, a key given twice, bad syntax.
    /// - Parameter limit: the largest body read, in bytes.
    mutating func collectJSON(upTo limit: Int) async throws -> JSONValue {
        guard Self.declaresJSON(headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "send the body as application/json (UTF-8), with that Content-Type")
        }
        let body: ByteBuffer
        do {
            body = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the body is larger than \(limit / 1024) KiB; send a smaller one")
        }
        do {
            return try StrictJSON.parse(body.readableBytesView)
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON: \(error.description)")
        }
    }

    /// Whether a `Content-Type` value is JSON in UTF-8: `application/json`, with no parameter but `charset=utf-8`.
    static func declaresJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        let parts = value.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { $0 == "charset=utf-8" || $0 == "charset=\"utf-8\"" }
    }
}
