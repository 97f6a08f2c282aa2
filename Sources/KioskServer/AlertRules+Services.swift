import Foundation
import KioskCore
import KioskOCOP
import KioskStore

extension AlertFacts {
    /// Reads what the alert rules look at from the centre's store, content and backup folder, now.
    /// - Parameter settings: the windows to read (burst, refusals).
    /// - Throws: what the store throws.
    static func read(from services: AppServices, settings: AlertSettings) async throws -> AlertFacts {
        let now = services.now()
        let zone = services.timeZone
        let centre = services.content.centre
        let database = services.database
        let today = LocalDate.of(now, in: zone).date
        let week = try await database.figures(TallyFilter(from: today.adding(days: -6), to: today), reporting: centre.reporting).overall
        var facts = AlertFacts(now: now, timeZone: zone, centre: centre, week: week)
        let burstStart = now.addingTimeInterval(-settings.burstWindow)
        facts.dissatisfiedByCounter = try database.dissatisfiedByCounter(since: burstStart)
        facts.misuseByKiosk = try database.misuseByKiosk(since: burstStart).map { (kiosk: $0.kiosk, count: $0.count) }
        facts.lastRating = try database.lastRating(of: centre.kiosks.map(\.id))
        let warningDays = centre.traceability.certificateWarningDays
        for product in try database.ocopProducts() {
            guard let certificate = product.certificate else { continue }
            switch certificate.status(on: today, warningDays: warningDays) {
            case .valid: continue
            case .expiring(let left):
                facts.certificates.append(.init(product: product.name.vi, number: certificate.number, expires: certificate.expires, daysLeft: left))
            case .expired(let since):
                facts.certificates.append(.init(product: product.name.vi, number: certificate.number, expires: since, daysLeft: nil))
            }
        }
        if let schedule = services.configuration.backup {
            facts.backupOverdue = schedule.overdue(at: now, in: zone, dataDirectory: services.configuration.dataDirectory)
        }
        facts.hubRefusals = try database.hubPushRefusals(since: now.addingTimeInterval(-settings.hubRefusalWindow)).map {
            AlertFacts.Refusal(kind: $0.kind, message: $0.message ?? $0.status)
        }
        return facts
    }
}

extension AlertRules {
    /// The alerts of the centre now.
    /// - Throws: what the store throws.
    func alerts(_ services: AppServices) async throws -> [Alert] {
        alerts(try await AlertFacts.read(from: services, settings: settings))
    }

    /// The rules with the thresholds of the centre's `[alerts]` table.
    init(_ services: AppServices) {
        self.init(services.content.centre.alerts)
    }
}
