import Foundation
import KioskCore
import KioskOCOP
import KioskStore

/// Something the head should look at now.
struct Alert: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable {
        /// The rate of the last 7 days is below target, with enough ratings to judge.
        case rollingBelowTarget = "rolling_below_target"
        /// Several dissatisfied answers at one counter within an hour.
        case dissatisfiedBurst = "dissatisfied_burst"
        /// A kiosk has sent nothing for a while during opening hours.
        case silentKiosk = "silent_kiosk"
        /// An OCOP certificate of the registry has expired or ends within the warning window.
        case ocopCertificate = "ocop_certificate"
        /// Ratings from a kiosk were flagged as misuse (a burst of presses) within the last hour.
        case misuseBurst = "misuse_burst"
        /// The daily backup due has not been written (the server makes backups and the last one failed).
        case backupOverdue = "backup_overdue"
        /// The city hub refused ratings or voids within the last week (kept at the centre, not pushed).
        case hubPushRefused = "hub_push_refused"
    }

    var kind: Kind
    var message: String
}

/// Computes the alerts from the store and the content; thresholds have documented defaults.
struct AlertRules: Sendable {
    /// Dissatisfied answers at one counter within `burstWindow` that raise an alert.
    var burstCount = 3
    var burstWindow: TimeInterval = 3600
    /// How long a kiosk may be silent during opening hours.
    var silentAfter: TimeInterval = 2 * 3600
    /// How long an item the hub refused is shown as an alert.
    var hubRefusalWindow: TimeInterval = 7 * 24 * 3600

    func alerts(_ services: AppServices) throws -> [Alert] {
        let now = services.now()
        let zone = services.timeZone
        let centre = services.content.centre
        let reporting = centre.reporting
        var alerts: [Alert] = []

        let today = LocalDate.of(now, in: zone).date
        let week = try services.database.figures(TallyFilter(from: today.adding(days: -6), to: today), reporting: reporting).overall
        if let rate = week.rate, !week.tooFewToJudge, rate < reporting.target {
            alerts.append(Alert(kind: .rollingBelowTarget,
                message: "Tỷ lệ hài lòng 7 ngày qua là \(Format.percent(rate)) (n=\(week.valid)), dưới mục tiêu \(Format.percent(reporting.target))."))
        }

        for (counter, count) in try services.database.dissatisfiedByCounter(since: now.addingTimeInterval(-burstWindow)).sorted(by: { $0.key < $1.key })
        where count >= burstCount {
            let name = centre.counter(counter)?.name.vi ?? (counter.isEmpty ? "không rõ quầy" : counter)
            alerts.append(Alert(kind: .dissatisfiedBurst, message: "\(count) đánh giá không hài lòng tại \(name) trong 1 giờ qua."))
        }

        for misuse in try services.database.misuseByKiosk(since: now.addingTimeInterval(-burstWindow)) {
            let name = centre.kiosk(misuse.kiosk)?.name?.vi ?? (misuse.kiosk.isEmpty ? "một máy không rõ tên" : misuse.kiosk)
            alerts.append(Alert(kind: .misuseBurst,
                message: "\(misuse.count) đánh giá từ \(name) bị đánh dấu bấm liên tục trong 1 giờ qua (không tính vào tỷ lệ)."))
        }

        if isOpen(at: now, centre: centre, zone: zone) {
            let last = try services.database.lastRating(of: centre.kiosks.map(\.id))
            for kiosk in centre.kiosks {
                let silentSince = last[kiosk.id]
                if silentSince == nil || now.timeIntervalSince(silentSince!) > silentAfter {
                    let name = kiosk.name?.vi ?? kiosk.id
                    alerts.append(Alert(kind: .silentKiosk, message: "\(name) chưa gửi đánh giá nào trong \(Int(silentAfter / 3600)) giờ qua dù đang giờ làm việc."))
                }
            }
        }
        let warningDays = centre.traceability.certificateWarningDays
        for product in try services.database.ocopProducts() {
            guard let certificate = product.certificate else { continue }
            switch certificate.status(on: today, warningDays: warningDays) {
            case .valid: continue
            case .expiring(let left):
                alerts.append(Alert(kind: .ocopCertificate,
                    message: "Giấy chứng nhận OCOP của \(product.name.vi) (\(certificate.number)) hết hạn ngày \(Format.day(certificate.expires)), còn \(left) ngày."))
            case .expired(let since):
                alerts.append(Alert(kind: .ocopCertificate,
                    message: "Giấy chứng nhận OCOP của \(product.name.vi) (\(certificate.number)) đã hết hạn ngày \(Format.day(since)); tem truy xuất đang báo hết hạn."))
            }
        }
        if let schedule = services.configuration.backup, let overdue = BackupService.overdue(schedule, services) {
            let newest = overdue.newest.map { "bản mới nhất là của ngày \(Format.day($0))" } ?? "chưa có bản nào"
            alerts.append(Alert(kind: .backupOverdue,
                message: "Chưa sao lưu được dữ liệu ngày \(Format.day(overdue.expected)) (\(newest)). Cán bộ CNTT xem nhật ký: journalctl -u kiosk."))
        }
        let refused = try services.database.hubPushRefusals(since: now.addingTimeInterval(-hubRefusalWindow))
        if let first = refused.first {
            let ratings = refused.filter { $0.kind == "rating" }.count
            alerts.append(Alert(kind: .hubPushRefused,
                message: "Máy chủ thành phố đã từ chối \(ratings) đánh giá và \(refused.count - ratings) lần hủy trong 7 ngày qua; chúng vẫn được lưu ở trung tâm. "
                    + "Ví dụ: \(first.message ?? first.status). Cán bộ CNTT xem danh sách: kiosk hub push."))
        }
        return alerts
    }

    /// Whether `date` falls in an opening session (and the centre has been open at least `silentAfter`).
    func isOpen(at date: Date, centre: Centre, zone: TimeZone) -> Bool {
        let (day, hour) = LocalDate.of(date, in: zone)
        let minute = hour * 60 + Calendar.gregorian(in: zone).component(.minute, from: date)
        let weekday = Weekday.allCases[day.isoWeekday - 1]
        return centre.hours.contains { $0.days.contains(weekday) && $0.open + Int(silentAfter / 60) <= minute && minute < $0.close }
    }
}
