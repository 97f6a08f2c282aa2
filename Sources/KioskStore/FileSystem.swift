import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file operation the system refused, with its reason (`strerror`).
public struct FileSystemError: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    /// Captures `errno` now: call right after the failing call.
    init(operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}

/// The few durable-file steps of backups and restores: flush a file or a folder to the disk, rename.
enum FileSystem {
    /// Flushes a file's data (or a folder's entries) to the disk, so that it survives a power cut.
    static func synchronize(_ url: URL, isDirectory: Bool = false) throws {
        let descriptor = open(url.path, (isDirectory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: url.path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileSystemError(operation: "flush to disk", path: url.path) }
    }

    /// Renames `source` to `destination` in one step, replacing it when it exists.
    static func move(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw FileSystemError(operation: "rename \(source.path) to", path: destination.path)
        }
    }

    /// Renames `source` to `destination` only when `destination` does not exist (a hard link, then the old
    /// name removed); where the file system has no hard links (FAT on a USB stick), checks, then renames.
    /// - Returns: false when `destination` exists.
    static func moveWithoutReplacing(_ source: URL, to destination: URL) throws -> Bool {
        if link(source.path, destination.path) == 0 {
            unlink(source.path)
            return true
        }
        let failure = errno
        if failure == EEXIST { return false }
        guard failure == EPERM || failure == ENOTSUP || failure == EOPNOTSUPP || failure == EXDEV else {
            throw FileSystemError(operation: "link \(source.path) to", path: destination.path, code: failure)
        }
        if FileManager.default.fileExists(atPath: destination.path) { return false }
        try move(source, to: destination)
        return true
    }

    /// The size of a file in bytes (0 when it cannot be read).
    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
