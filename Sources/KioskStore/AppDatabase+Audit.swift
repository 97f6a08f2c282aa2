import Foundation
import GRDB

/// One entry of the audit log: who did what, when, from where. Never holds what a resident typed.
public struct AuditEvent: Sendable, Equatable, Codable {
    /// What happened, as a dotted name: `login`, `login.failed`, `login.locked`, `logout`, `user.add`,
    /// `user.passwd`, `user.disable`, `kiosk.add`, `kiosk.pair`, `kiosk.revoke`, `token.create`,
    /// `token.revoke`, `export.report`, `export.ocop`, `rating.void`, `content.reload`, `ocop.import`…
    public var action: String
    /// The person, kiosk or program that acted (`canbo`, `kiosk:kiosk-1`, `cli:root`); `nil` when unknown
    /// (a failed login names the account tried in `detail`).
    public var actor: String?
    /// The client's address, when the event came over HTTP.
    public var address: String?
    /// A short, plain description of the object acted on (`2026-Q3 pdf`, `user truong`).
    public var detail: String?
    public var at: Date

    /// Makes an audit entry; each parameter is the property of the same name.
    public init(action: String, actor: String?, address: String? = nil, detail: String? = nil, at: Date) {
        self.action = action
        self.actor = actor
        self.address = address
        self.detail = detail
        self.at = at
    }
}

extension AppDatabase {
    /// Appends an event to the audit log.
    public func audit(_ event: AuditEvent) throws {
        try write { db in try Self.audit(event, in: db) }
    }

    /// Appends an event inside a transaction already open (so the change and its entry commit together),
    /// chained to the entry before it (``RatingChain``, the columns of ``RatingChain/auditColumns``).
    public static func audit(_ event: AuditEvent, in db: Database) throws {
        let values: [String?] = [
            RatingRecord.timestamp.format(event.at), event.action, event.actor, event.address, event.detail.map { String($0.prefix(500)) },
        ]
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) ?? RatingChain.genesis
        try db.execute(
            sql: "INSERT INTO audit_log (at, action, actor, address, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: StatementArguments(values + [previous, RatingChain.hash(previous: previous, values: values)]))
    }

    /// The newest events first, optionally only those whose action starts with `prefix`, since `since`.
    public func auditLog(limit: Int = 200, actionPrefix prefix: String? = nil, since: Date? = nil) throws -> [AuditEvent] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let prefix {
                conditions.append("(action = ? OR action LIKE ? ESCAPE '\\')")
                arguments += [prefix, prefix.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + ".%"]
            }
            if let since {
                conditions.append("at >= ?")
                arguments += [RatingRecord.timestamp.format(since)]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT * FROM audit_log \(filter) ORDER BY seq DESC LIMIT ?", arguments: arguments).map { row in
                AuditEvent(
                    action: row["action"], actor: row["actor"], address: row["address"], detail: row["detail"],
                    at: RFC3339Parse.date(row["at"]) ?? .distantPast)
            }
        }
    }
}

extension OCOPImportSummary {
    /// How an `ocop.import` entry of the audit log describes the import.
    public var auditDetail: String {
        "products \(productsAdded) added, \(productsUpdated) updated; batches \(batchesAdded) added, \(batchesUpdated) updated"
    }
}
