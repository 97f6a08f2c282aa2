import Foundation
import GRDB

/// A resident's call for help from a kiosk.
public struct HelpCall: Sendable, Equatable, Codable {
    /// Where a call stands: waiting for a member of staff, taken by one, or cancelled.
    public enum Status: String, Sendable, Codable {
        case waiting, taken, cancelled
    }

    public var id: UUID
    public var kiosk: String?
    /// The help topic the resident was reading, if any.
    public var topic: String?
    public var createdAt: Date
    public var status: Status
    public var takenBy: String?
    public var takenAt: Date?
}

extension AppDatabase {
    /// Records a call; a retry with the same id returns the call already recorded (`created` false).
    public func recordCall(id: UUID, kiosk: String?, topic: String?, now: Date) throws -> (call: HelpCall, created: Bool) {
        try write { db in
            if let existing = try Self.call(id: id, in: db) { return (existing, false) }
            try db.execute(
                sql: "INSERT INTO help_call (id, kiosk, topic, created_at, status) VALUES (?, ?, ?, ?, 'waiting')",
                arguments: [id.uuidString.lowercased(), kiosk, topic, RatingRecord.timestamp.format(now)])
            return (HelpCall(id: id, kiosk: kiosk, topic: topic, createdAt: now, status: .waiting), true)
        }
    }

    /// The call with `id`, if any.
    public func call(id: UUID) throws -> HelpCall? {
        try read { try Self.call(id: id, in: $0) }
    }

    /// Calls still waiting for a staff member, oldest first, and those taken or cancelled since `since`.
    public func calls(since: Date) throws -> [HelpCall] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM help_call WHERE status = 'waiting' OR created_at >= ? ORDER BY created_at",
                arguments: [RatingRecord.timestamp.format(since)]
            ).map(HelpCall.init(row:))
        }
    }

    /// Marks a waiting call taken by `staff`; returns the call as it now stands (`nil` if unknown).
    public func takeCall(id: UUID, by staff: String, now: Date) throws -> HelpCall? {
        try write { db in
            try db.execute(
                sql: "UPDATE help_call SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'waiting'",
                arguments: [staff, RatingRecord.timestamp.format(now), id.uuidString.lowercased()])
            return try Self.call(id: id, in: db)
        }
    }

    /// Withdraws a waiting call (the resident left or was helped); returns it as it now stands.
    public func cancelCall(id: UUID) throws -> HelpCall? {
        try write { db in
            try db.execute(
                sql: "UPDATE help_call SET status = 'cancelled' WHERE id = ? AND status = 'waiting'", arguments: [id.uuidString.lowercased()])
            return try Self.call(id: id, in: db)
        }
    }

    static func call(id: UUID, in db: Database) throws -> HelpCall? {
        try Row.fetchOne(db, sql: "SELECT * FROM help_call WHERE id = ?", arguments: [id.uuidString.lowercased()]).map(HelpCall.init(row:))
    }
}

extension HelpCall {
    init(row: Row) {
        id = UUID(uuidString: row["id"]) ?? UUID()
        kiosk = row["kiosk"]
        topic = row["topic"]
        createdAt = RFC3339Parse.date(row["created_at"]) ?? .distantPast
        status = Status(rawValue: row["status"]) ?? .waiting
        takenBy = row["taken_by"]
        takenAt = RFC3339Parse.date(row["taken_at"])
    }
}
