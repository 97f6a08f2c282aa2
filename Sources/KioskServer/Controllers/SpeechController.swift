import Crypto
import Foundation
import Hummingbird
import NIOPosix

/// `GET /api/v1/speech?lang=vi&text=…`: the text read aloud by espeak-ng as WAV, cached in the data folder
/// so that each prompt is synthesised once. Mounted behind ``RequirePairedKioskMiddleware``: each new text
/// costs seconds of CPU and a file in the cache.
struct SpeechController {
    let services: AppServices
    /// The longest text read aloud, in characters.
    static let maximumLength = 500

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self).get(use: speak)
    }

    @Sendable func speak(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let raw = query.get("text"), !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError(.badRequest, "give the text to read as ?text=", field: "text")
        }
        let text = raw.precomposedStringWithCanonicalMapping
        guard text.count <= Self.maximumLength else {
            throw APIError(.badRequest, "text is \(text.count) characters; at most \(Self.maximumLength) are read aloud", field: "text")
        }
        let voice: String
        switch query.get("lang") ?? "vi" {
        case "vi": voice = "vi"
        case "en": voice = "en"
        default: throw APIError(.badRequest, "lang must be vi or en", field: "lang")
        }
        let folder = services.configuration.dataDirectory.appendingPathComponent("speech-cache", isDirectory: true)
        let key = SHA256.hash(data: Data("\(voice)\n\(text)".utf8)).map { String(format: "%02x", $0) }.joined()
        let file = folder.appendingPathComponent("\(key).wav")
        if let cached = FileManager.default.contents(atPath: file.path) { return wav(cached) }
        let audio = try await NIOThreadPool.singleton.runIfActive { try Self.synthesise(text, voice: voice, into: file) }
        guard let audio else { throw APIError(.serviceUnavailable, "speech is not available on this box (install espeak-ng)") }
        return wav(audio)
    }

    private func wav(_ data: Data) -> Response {
        Response(
            status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Runs espeak-ng with the text on standard input (never on its command line); `nil` when it is missing or fails.
    static func synthesise(_ text: String, voice: String, into file: URL) throws -> Data? {
        guard let program = ["/usr/bin/espeak-ng", "/usr/local/bin/espeak-ng"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return nil
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = file.appendingPathExtension("part")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-v", voice, "-s", "150", "-w", partial.path, "--stdin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); return nil }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: partial.path), !data.isEmpty else { return nil }
        // Publish the cache entry whole, so a concurrent reader never sees half a file.
        if rename(partial.path, file.path) != 0 { try? FileManager.default.removeItem(at: partial) }
        return data
    }
}
