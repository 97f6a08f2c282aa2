import Foundation
import KioskCore
import Logging
import PostgresNIO

/// The last link of a centre's rating chain the hub has seen: the `seq` and hash of the last rating pushed.
struct HubChainHead: Sendable, Equatable {
    var seq: Int64
    var hash: String
}

extension HubChainLink {
    /// Whether the rating carries a chain: the hash before it and its own, each a SHA-256.
    var isChained: Bool { HubPushCheck.isDigest(prevHash ?? "") && HubPushCheck.isDigest(hash ?? "") }
}

/// A rating the hub holds already, as a re-sent one is compared with it.
struct HeldRating: Sendable {
    var fingerprint: String
    var hash: String?
    /// Whether it was pushed since the hub last accepted the centre's chain (``HubDatabase/acceptChain(of:)``).
    var witnessed: Bool
}

extension HubDatabase {
    /// Locks the centre's row for the push's transaction and reads the chain head it holds, if any.
    static func chainHead(of centre: String, on connection: PostgresConnection, logger: Logger) async throws -> HubChainHead? {
        let rows = try await connection.query("SELECT chain_seq, chain_hash FROM centre WHERE code = \(centre) FOR UPDATE", logger: logger)
        for try await (seq, hash) in rows.decode((Int64, String?).self) {
            return hash.map { HubChainHead(seq: seq, hash: $0) }
        }
        return nil
    }

    /// The ratings of `ids` the hub holds for `centre`.
    static func heldRatings(_ ids: [UUID], of centre: String, on connection: PostgresConnection, logger: Logger) async throws -> [UUID: HeldRating] {
        guard !ids.isEmpty else { return [:] }
        var held: [UUID: HeldRating] = [:]
        let rows = try await connection.query(
            """
            SELECT i.id, i.fingerprint, r.hash, r.pushed_at >= c.chain_since
            FROM rating_id i JOIN rating r ON r.centre = i.centre AND r.id = i.id AND r.local_day = i.local_day
                JOIN centre c ON c.code = i.centre
            WHERE i.centre = \(centre) AND i.id = ANY(\(ids))
            """, logger: logger)
        for try await (id, fingerprint, hash, witnessed) in rows.decode((UUID, String, String?, Bool).self) {
            held[id] = HeldRating(fingerprint: fingerprint, hash: hash, witnessed: witnessed)
        }
        return held
    }

    /// Checks that the ratings of a push extend the chain the hub saw before: each links to the one before it,
    /// the first after the head links to the head, the head itself (when sent again) has the hash the hub
    /// saw, every rating the hub holds has the hash it was pushed with, and none up to the head is new.
    /// - Throws: ``HubError/chainBroken(_:)`` with a sentence saying where the chain no longer holds.
    static func checkChain(_ links: [HubChainLink], head: HubChainHead?, held: [UUID: HeldRating], pushed: [HubRating]) throws {
        func broken(_ reason: String) -> HubError {
            .chainBroken(
                "\(reason): the centre's rating chain no longer extends what it pushed before (its store may have been rewritten "
                    + "or restored); nothing was stored. Compare the centre's store with the hub, then kiosk hub centres accept-chain")
        }
        if head != nil, let link = links.first(where: { !$0.isChained }) {
            throw broken("rating seq \(link.seq) carries no chain hash, but the hub holds the centre's chain")
        }
        for (previous, link) in zip(links, links.dropFirst()) {
            if previous.isChained, link.isChained, link.prevHash != previous.hash {
                throw broken("rating seq \(link.seq) does not link to seq \(previous.seq) before it")
            }
        }
        for rating in pushed {
            if let stored = held[rating.id], stored.witnessed, let hash = stored.hash, hash != rating.hash {
                throw broken("rating seq \(rating.seq) was pushed before with another hash")
            }
        }
        guard let head else { return }
        // Every rating up to the head went through the hub (stored, or refused by its checks): one it has never
        // seen under that seq is from another chain (a store put back from elsewhere, a box reinstalled).
        if let stranger = pushed.first(where: { $0.seq <= head.seq && held[$0.id] == nil }) {
            throw broken("rating seq \(stranger.seq) is new to the hub, which saw the centre's chain up to seq \(head.seq) already")
        }
        if let again = links.first(where: { $0.seq == head.seq }), again.hash != head.hash {
            throw broken("rating seq \(head.seq), the last the hub saw, now has another hash")
        }
        if let index = links.firstIndex(where: { $0.seq > head.seq }) {
            let link = links[index]
            if index == 0, link.prevHash != head.hash {
                throw broken("rating seq \(link.seq) does not link to seq \(head.seq), the last the hub saw")
            }
            if index > 0, links[index - 1].seq < head.seq {
                throw broken("the push goes from seq \(links[index - 1].seq) to \(link.seq) without seq \(head.seq), the last the hub saw")
            }
        }
    }

    /// Moves the centre's last pushed `seq`s and its chain head forward after a push.
    static func advance(
        _ centre: String, ratingSeq: Int64, voidSeq: Int64, chain: [HubChainLink], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let last = chain.last(where: \.isChained)
        try await connection.query(
            """
            UPDATE centre SET rating_seq = greatest(rating_seq, \(ratingSeq)), void_seq = greatest(void_seq, \(voidSeq)), pushed_at = now(),
                chain_hash = CASE WHEN \(last?.seq ?? 0) > chain_seq THEN \(last?.hash) ELSE chain_hash END,
                chain_seq = greatest(chain_seq, \(last?.seq ?? 0))
            WHERE code = \(centre)
            """, logger: logger)
    }

    /// Accepts a centre's chain as it now is: forgets the head the hub saw and witnesses again from the next push
    /// (after the centre's store was restored from a backup, and the difference looked into). Clears the alert.
    /// - Throws: ``HubError/unknownCentre(_:)``.
    public func acceptChain(of centre: String) async throws {
        let rows = try await client.query(
            "UPDATE centre SET chain_seq = 0, chain_hash = NULL, chain_since = now() WHERE code = \(centre) RETURNING code", logger: logger
        ).collect()
        guard !rows.isEmpty else { throw HubError.unknownCentre(centre) }
        try await client.query("DELETE FROM centre_alert WHERE centre = \(centre) AND kind = \(HubAlert.Kind.chainBroken.rawValue)", logger: logger)
        logger.notice(
            "the centre's rating chain was accepted as it is; witnessing again from its next push", metadata: ["kiosk.hub.centre": "\(centre)"])
    }
}
