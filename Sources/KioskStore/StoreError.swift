import GRDB

/// What an error of the store means for the people who rely on it, so that nothing outside the store reads
/// SQLite's result codes: the server answers by it, the health state follows it, and `open` names it.
public enum StoreFailure: Sendable, Equatable {
    /// The file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB): restore the last good backup.
    case damaged
    /// The disk is full (SQLITE_FULL): free space and it works again.
    case full
    /// The store cannot write just now or cannot open its file for writing (an I/O error, a read-only file
    /// system, a folder of another user); SQLite's primary result code.
    case cannotWrite(sqliteCode: Int32)

    /// The failure `error` stands for, or `nil` for an error that is not one of the store's file or disk.
    public init?(_ error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .damaged
        case .SQLITE_FULL: self = .full
        case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: self = .cannotWrite(sqliteCode: error.resultCode.rawValue)
        default: return nil
        }
    }

    /// SQLite's own words for `error` (its message, or its result code), for a log or a sentence.
    public static func detail(of error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return error.message ?? "\(error.resultCode)"
    }

    /// SQLite's extended result code of `error`, for the log; `nil` for another error.
    public static func code(of error: any Error) -> String? {
        (error as? DatabaseError).map { "\($0.extendedResultCode)" }
    }

    /// The label of the failure in `kiosk_store_write_failures_total{code}`.
    public var metricLabel: String {
        switch self {
        case .damaged: "corrupt"
        case .full: "full"
        case .cannotWrite(let code): "\(code)"
        }
    }
}
