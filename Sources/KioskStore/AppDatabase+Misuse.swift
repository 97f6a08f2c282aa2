import Foundation
import GRDB
import KioskCore

extension AppDatabase {
    /// Whether `rating` is part of a burst: at least `misuse.burstCount` ratings from the same kiosk were
    /// received before it within `misuse.burstSeconds` of its own receipt. Judged on the server's receipt
    /// time, never on the `createdAt` a kiosk sends, which a misbehaving sender can spread out at will.
    /// Decided inside the storing transaction, from stored rows only, so the same arrivals always flag the
    /// same ratings. Ratings without a kiosk (paper forms typed in by staff) and imports are never bursts; a
    /// kiosk that calls its ratings `paper` is still a kiosk, so the kiosk id decides, not the channel.
    static func isBurst(_ rating: Rating, _ misuse: MisuseSettings, in db: Database) throws -> Bool {
        guard let kiosk = rating.kiosk, rating.channel != .import else { return false }
        let earliest = RatingRecord.timestamp.format(rating.receivedAt.addingTimeInterval(-TimeInterval(misuse.burstSeconds)))
        let statement = try db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM (
                    SELECT 1 FROM rating WHERE kiosk = ? AND received_at > ? AND channel <> 'import' LIMIT ?)
                """)
        let near = try Int.fetchOne(statement, arguments: [kiosk, earliest, misuse.burstCount]) ?? 0
        return near >= misuse.burstCount
    }
}

/// Ratings flagged as misuse from one kiosk.
public struct MisuseCount: Sendable, Equatable {
    /// The kiosk's id.
    public var kiosk: String
    public var count: Int
}

extension AppDatabase {
    /// Per kiosk, the ratings received since `since` that were flagged as misuse, most first (for the alert).
    public func misuseByKiosk(since: Date) throws -> [MisuseCount] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(kiosk, '') AS kiosk, COUNT(*) AS n FROM rating
                    WHERE received_at >= ? AND excluded = 'misuse' GROUP BY 1 ORDER BY 2 DESC, 1
                    """,
                arguments: [RatingRecord.timestamp.format(since)]
            ).map { MisuseCount(kiosk: $0["kiosk"], count: $0["n"]) }
        }
    }
}
