import Foundation
import KioskCore
@_spi(Testing) import KioskStore

/// Damages the closed SQLite database `file` the way a failing disk or a stray write does: folds its
/// write-ahead log into the file, then writes random bytes over every page of `tables` (tables or indexes, as
/// SQLite's `dbstat` names them), leaving the schema and every other page as they were.
/// - Parameter seed: the random bytes' seed, so that a failure can be replayed.
public func damagePages(of file: URL, tables: [String] = ["rating", "sqlite_autoindex_rating_1"], seed: UInt64 = 1) throws {
    let (pages, pageSize) = try AppDatabase.pagesForTesting(of: tables, in: file)
    var random = SeededGenerator(seed: seed)
    let handle = try FileHandle(forUpdating: file)
    defer { try? handle.close() }
    for page in pages {
        try handle.seek(toOffset: UInt64((page - 1) * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { _ in UInt8.random(in: 0...255, using: &random) }))
    }
    try handle.synchronize()
}
