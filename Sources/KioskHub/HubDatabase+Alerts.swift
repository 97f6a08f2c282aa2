import Foundation
import Logging
import PostgresNIO

/// Something about a centre the city's IT officer should look at, shown on the city dashboard until it is dealt with.
public struct HubAlert: Sendable, Equatable {
    /// What the alert is about.
    public enum Kind: String, Sendable {
        /// A push whose rating chain no longer extends what the centre pushed before (refused with 409).
        case chainBroken = "chain_broken"
    }

    public var centre: String
    public var kind: Kind
    public var message: String
    /// When it was first raised and last raised again, and how many times.
    public var firstAt: Date
    public var lastAt: Date
    public var times: Int64
}

extension HubDatabase {
    /// Raises (or raises again) an alert about `centre`, and logs it.
    func raiseAlert(_ kind: HubAlert.Kind, of centre: String, message: String) async throws {
        logger.error("push refused: \(message)", metadata: ["kiosk.hub.centre": "\(centre)", "kiosk.hub.alert": "\(kind.rawValue)"])
        try await client.query(
            """
            INSERT INTO centre_alert (centre, kind, message) VALUES (\(centre), \(kind.rawValue), \(message))
            ON CONFLICT (centre, kind) DO UPDATE SET message = EXCLUDED.message, last_at = now(), times = centre_alert.times + 1
            """, logger: logger)
    }

    /// Every alert raised, by centre.
    public func alerts() async throws -> [HubAlert] {
        var alerts: [HubAlert] = []
        let rows = try await client.query(
            "SELECT centre, kind, message, first_at, last_at, times FROM centre_alert ORDER BY centre, kind", logger: logger)
        for try await (centre, kind, message, first, last, times) in rows.decode((String, String, String, Date, Date, Int64).self) {
            guard let kind = HubAlert.Kind(rawValue: kind) else { continue }
            alerts.append(HubAlert(centre: centre, kind: kind, message: message, firstAt: first, lastAt: last, times: times))
        }
        return alerts
    }
}
