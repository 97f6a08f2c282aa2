import Foundation
import Hummingbird

/// JSON answers of the centre's server and of the hub, encoded the same way everywhere: sorted keys, slashes as
/// they are, UTF-8, never cached.
public enum JSONResponse {
    /// A response whose body is `value` as JSON.
    /// - Throws: what `JSONEncoder` throws for a value it cannot encode.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
