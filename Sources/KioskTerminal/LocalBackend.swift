import Foundation
import KioskCore
import KioskStore
import Logging

/// Ratings and calls written straight to the centre's store (`kiosk.sqlite` of the data folder), as the
/// server writes them: the same validation, the same rating record with its rollups, one transaction.
public final class LocalBackend: KioskBackend {
    private let database: AppDatabase
    private let check: RatingCheck
    private let kioskID: String?
    private let logger: Logger
    /// Calls as last read from the store, and when.
    private let calls = Locked<[UUID: (status: CallStatus, readAt: Date)]>([:])

    /// Makes a backend that writes to `database` and checks ratings against `content`.
    public init(database: AppDatabase, content: CentreContent, kioskID: String?, logger: Logger) {
        self.database = database
        self.check = RatingCheck(content: content, logger: logger)
        self.kioskID = kioskID
        self.logger = logger
    }

    /// Validates the rating and stores it in one transaction; what became of it is logged.
    public func submit(id: UUID, body: JSONValue) {
        let now = Date()
        guard let submission = check.validate(body, id: id, now: now) else { return }
        let metadata: Logger.Metadata = ["kiosk.rating.id": "\(id.uuidString.lowercased())"]
        do {
            let prepared = try check.intake.prepare(submission, receivedAt: now, channel: .terminal)
            switch try database.record([prepared], misuse: check.intake.content.centre.misuse).first {
            case .created: logger.info("rating stored", metadata: metadata)
            case .alreadyStored: logger.info("rating was stored before", metadata: metadata)
            case .conflict: logger.warning("rating id already holds a different rating; not stored", metadata: metadata)
            case .dossierAlreadyRated: logger.notice("dossier already rated; not stored", metadata: metadata)
            case nil: break
            }
        } catch {
            logger.error("rating could not be stored: \(error)", metadata: metadata)
        }
    }

    /// Records the call in the store; when that fails, the call is marked failed and recorded again by a later ``callStatus(id:)``.
    public func placeCall(id: UUID, topic: String?) {
        let status: CallStatus
        do {
            _ = try database.recordCall(id: id, kiosk: kioskID, topic: topic, now: Date())
            status = .waiting
            logger.notice("help call", metadata: ["kiosk.call.id": "\(id.uuidString.lowercased())"])
        } catch {
            status = .failed
            logger.error("help call could not be stored: \(error)")
        }
        calls.withLock { $0[id] = (status, Date()) }
    }

    /// Cancels the call in the store.
    public func cancelCall(id: UUID) {
        _ = try? database.cancelCall(id: id)
        calls.withLock { $0[id] = (.cancelled, Date()) }
    }

    /// The call's status; at most once a second, a waiting call is read again from the store and a failed one recorded again.
    public func callStatus(id: UUID) -> CallStatus? {
        let now = Date()
        let known = calls.withLock { $0[id] }
        guard let known else { return nil }
        // Staff take calls on /staff/calls; the store is read again once a second.
        guard now.timeIntervalSince(known.readAt) >= 1, known.status == .waiting || known.status == .failed else { return known.status }
        var status = known.status
        if known.status == .failed {
            if (try? database.recordCall(id: id, kiosk: kioskID, topic: nil, now: now)) != nil { status = .waiting }
        } else if let call = try? database.call(id: id) {
            status =
                switch call.status {
                case .waiting: .waiting
                case .taken: .taken
                case .cancelled: .cancelled
                }
        }
        calls.withLock { $0[id] = (status, now) }
        return status
    }

    public var status: BackendStatus { BackendStatus() }

    /// Does nothing: this backend has no threads.
    public func stop() {}
}
