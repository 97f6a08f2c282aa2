import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A lock on a data folder (`flock` on `DATA/kiosk.lock`), so that `kiosk restore` never swaps the database
/// under a process that has it open.
///
/// Every process that opens the store (`kiosk serve`, `kiosk terminal --data`, any command with `--data`)
/// holds it shared for as long as the store is open; `kiosk restore` holds it exclusively. The kernel
/// drops the lock when the process ends, however it ends (a crash, `kill -9`, a power cut), so it never
/// goes stale and needs no clean-up.
public final class DataFolderLock: Sendable {
    /// The lock file's name inside the data folder.
    public static let fileName = "kiosk.lock"

    /// How the lock is held.
    public enum Mode: Sendable {
        /// The store is in use; many processes may hold it at once.
        case shared
        /// The store is being replaced; nobody else may hold the lock.
        case exclusive
    }

    private let descriptor: Int32

    /// Takes the lock of the data folder `directory` (created when missing).
    /// - Parameters:
    ///   - mode: shared to use the store, exclusive to replace it.
    ///   - timeout: how long to wait for a holder of the other kind to let go; 0 tries once.
    /// - Throws: ``DataFolderBusy`` when another process holds the lock in a way that excludes `mode`;
    ///   ``FileSystemError`` when the lock file cannot be opened.
    public init(directory: URL, mode: Mode, waiting timeout: TimeInterval = 0) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(Self.fileName).path
        // Read-only is enough for flock, so a lock file made by root (sudo) still serves the service's user.
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open the lock file", path: path) }
        let operation = (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, operation) != 0 {
            let failure = errno
            if failure == EINTR { continue }
            guard failure == EWOULDBLOCK, Date() < deadline else {
                close(descriptor)
                throw DataFolderBusy(directory: directory, wanted: mode, holders: Self.holders(of: path))
            }
            usleep(50_000)
        }
        self.descriptor = descriptor
    }

    /// The whole content of a file of /proc, whose size the system gives as 0.
    private static func readWhole(_ path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.readToEnd()
    }

    deinit {
        // Closing the only descriptor of the lock file releases the lock.
        close(descriptor)
    }

    /// The processes holding a lock on `path`, read from `/proc/locks` (Linux), as "pid 812 (kiosk serve --data …)".
    static func holders(of path: String) -> [String] {
        var status = stat()
        guard stat(path, &status) == 0, let locks = readWhole("/proc/locks").map({ String(decoding: $0, as: UTF8.self) }) else { return [] }
        let inode = ":\(status.st_ino)"
        var pids: [Int32] = []
        // "1: FLOCK  ADVISORY  READ  812 08:01:131090 0 EOF"; waiters are marked "->" and are not holders.
        for line in locks.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].hasSuffix(inode), let pid = Int32(fields[4]) else { continue }
            if !pids.contains(pid) { pids.append(pid) }
        }
        return pids.map { pid in
            let raw = readWhole("/proc/\(pid)/cmdline") ?? Data()
            let command = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            return command.isEmpty ? "pid \(pid)" : "pid \(pid) (\(command))"
        }
    }
}

/// Another process holds the data folder's lock: the store is open elsewhere (for a restore), or being
/// restored (for anything else).
public struct DataFolderBusy: Error, CustomStringConvertible {
    public let directory: URL
    public let wanted: DataFolderLock.Mode
    /// The processes holding the lock, when the system tells (Linux).
    public let holders: [String]

    public var description: String {
        let who = holders.isEmpty ? "" : ": " + holders.joined(separator: ", ")
        switch wanted {
        case .exclusive:
            return "the data folder \(directory.path) is in use by a running kiosk (the server, a terminal kiosk or a command)\(who); "
                + "stop it first (sudo systemctl stop kiosk)"
        case .shared:
            return "the data folder \(directory.path) is being restored (kiosk restore)\(who); try again when it has finished"
        }
    }
}
