import Foundation
import Logging

/// Log lines of the terminal kiosk, appended to a file: the screen belongs to the residents, so nothing
/// is written to it. Never holds a comment or anything else a resident typed.
public struct FileLogHandler: LogHandler {
    private let file: LogFile
    private let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    /// Appends to `url` (made when missing).
    public init(label: String, url: URL) throws {
        self.init(label: label, file: try LogFile(url: url))
    }

    init(label: String, file: LogFile) {
        self.label = label
        self.file = file
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Appends one line to the file: the time, level, label, message and the merged metadata.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601)
        file.append("\(time) \(event.level) \(label): \(event.message)\(details.isEmpty ? "" : " " + details)\n")
    }
}

/// One open log file shared by the handlers of a process.
final class LogFile: Sendable {
    private let handle: FileHandle
    /// Lines from several threads are written whole, one after the other.
    private let lock = NSLock()

    init(url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    func append(_ line: String) {
        lock.withLock { handle.write(Data(line.utf8)) }
    }
}
