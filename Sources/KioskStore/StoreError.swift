import GRDB

/// What went wrong with the store's file or disk, thrown by the store in place of SQLite's own errors, so that
/// nothing outside the store reads SQLite's result codes: the server answers by it (once, in its storage
/// middleware), the health state follows it, and `open` names it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB): restore the last good backup.
    case damaged(reason: String)
    /// The disk is full (SQLITE_FULL): free space and it works again.
    case full(reason: String)
    /// The file or its folder cannot be written: a read-only file system, a folder of another user
    /// (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH); SQLite's primary result code.
    case readOnly(reason: String, sqliteCode: Int32)
    /// The store cannot write just now or cannot open its file (an I/O error, SQLITE_IOERR, SQLITE_CANTOPEN);
    /// SQLite's primary result code.
    case cannotWrite(reason: String, sqliteCode: Int32)

    /// The store error `error` stands for (itself when it is one), or `nil` for an error that is not one of the
    /// store's file or disk (a refused value, a broken rule).
    init?(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else { return nil }
        let reason = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .damaged(reason: reason)
        case .SQLITE_FULL: self = .full(reason: reason)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: self = .readOnly(reason: reason, sqliteCode: error.resultCode.rawValue)
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: self = .cannotWrite(reason: reason, sqliteCode: error.resultCode.rawValue)
        default: return nil
        }
    }

    /// Runs `body`, throwing a file or disk failure as the store error it stands for and any other error as it is.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError(error) ?? error
        }
    }

    /// Runs `body`, throwing a file or disk failure as the store error it stands for and any other error as it is.
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StoreError(error) ?? error
        }
    }

    /// SQLite's own words for the failure, for a log or a sentence.
    public var reason: String {
        switch self {
        case .damaged(let reason), .full(let reason), .readOnly(let reason, _), .cannotWrite(let reason, _): reason
        }
    }

    /// Whether the file itself is damaged, not a passing condition of the disk.
    public var isDamage: Bool {
        if case .damaged = self { return true }
        return false
    }

    /// The label of the failure in `kiosk_store_write_failures_total{code}`.
    public var metricLabel: String {
        switch self {
        case .damaged: "corrupt"
        case .full: "full"
        case .readOnly(_, let code), .cannotWrite(_, let code): "\(code)"
        }
    }

    public var description: String {
        switch self {
        case .damaged(let reason): "the store's file is damaged (SQLite: \(reason))"
        case .full(let reason): "the disk of the store is full (SQLite: \(reason))"
        case .readOnly(let reason, _): "the store's file or folder cannot be written (SQLite: \(reason))"
        case .cannotWrite(let reason, _): "the store cannot write to its disk (SQLite: \(reason))"
        }
    }
}
