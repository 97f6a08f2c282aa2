import Foundation

/// Something the head should look at now.
public struct Alert: Sendable, Equatable {
    /// What the alert is about.
    public enum Kind: String, Sendable, CaseIterable {
        /// The rate of the last 7 days is below target, with enough ratings to judge.
        case rollingBelowTarget = "rolling_below_target"
        /// Several dissatisfied answers at one counter within the burst window.
        case dissatisfiedBurst = "dissatisfied_burst"
        /// A kiosk has sent nothing for a while during opening hours.
        case silentKiosk = "silent_kiosk"
        /// An OCOP certificate of the registry has expired or ends within the warning window.
        case ocopCertificate = "ocop_certificate"
        /// Ratings from a kiosk were flagged as misuse (a burst of presses) within the burst window.
        case misuseBurst = "misuse_burst"
        /// The daily backup due has not been written (the server makes backups and the last one failed).
        case backupOverdue = "backup_overdue"
        /// The city hub refused ratings or voids within the refusal window (kept at the centre, not pushed).
        case hubPushRefused = "hub_push_refused"
    }

    public var kind: Kind
    public var message: String

    /// Makes an alert of `kind` with the sentence the head reads.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The thresholds of the alerts, from the `[alerts]` table of `centre.toml` (docs/content.md); today's values
/// are the defaults.
public struct AlertSettings: Sendable, Equatable, Codable {
    /// Dissatisfied answers at one counter within `burstMinutes` that raise an alert (`burst_count`, 3).
    public var burstCount: Int
    /// The window of a dissatisfied burst and of a misuse burst, in minutes (`burst_minutes`, 60).
    public var burstMinutes: Int
    /// How long a kiosk may be silent during opening hours, in minutes (`silent_minutes`, 120).
    public var silentMinutes: Int
    /// How long an item the hub refused is shown as an alert, in days (`hub_refusal_days`, 7).
    public var hubRefusalDays: Int

    /// The allowed range of `burst_count`.
    public static let burstCountRange = 1...1000
    /// The allowed range of `burst_minutes` and `silent_minutes` (a day at most).
    public static let minutesRange = 1...1440
    /// The allowed range of `hub_refusal_days`.
    public static let daysRange = 1...365

    /// Makes the settings; by default a burst is 3 dissatisfied answers within 60 minutes, a kiosk is silent after
    /// 120 minutes, and hub refusals are shown for 7 days.
    public init(burstCount: Int = 3, burstMinutes: Int = 60, silentMinutes: Int = 120, hubRefusalDays: Int = 7) {
        self.burstCount = burstCount
        self.burstMinutes = burstMinutes
        self.silentMinutes = silentMinutes
        self.hubRefusalDays = hubRefusalDays
    }

    /// The burst window in seconds.
    public var burstWindow: TimeInterval { Double(burstMinutes) * 60 }
    /// The silence allowed in seconds.
    public var silentAfter: TimeInterval { Double(silentMinutes) * 60 }
    /// The refusal window in seconds.
    public var hubRefusalWindow: TimeInterval { Double(hubRefusalDays) * 86400 }
}

/// What the alert rules look at, read from the store by the server at one moment.
public struct AlertFacts: Sendable {
    /// An OCOP certificate that has expired or ends within the warning window.
    public struct Certificate: Sendable, Equatable {
        public var product: String
        public var number: String
        public var expires: LocalDate
        /// Days left, or `nil` when it has expired.
        public var daysLeft: Int?

        /// Makes the facts of one certificate of `product`.
        public init(product: String, number: String, expires: LocalDate, daysLeft: Int?) {
            self.product = product
            self.number = number
            self.expires = expires
            self.daysLeft = daysLeft
        }
    }

    /// A refusal of the hub: `rating` or `void`, and its sentence (or status).
    public struct Refusal: Sendable, Equatable {
        public var kind: String
        public var message: String

        /// Makes a refusal of an item of `kind` with the hub's sentence.
        public init(kind: String, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    public var now: Date
    public var timeZone: TimeZone
    public var centre: Centre
    /// The figures of the last 7 days, today included.
    public var week: SatisfactionFigures
    /// Dissatisfied answers per counter within the burst window.
    public var dissatisfiedByCounter: [String: Int] = [:]
    /// Ratings flagged as misuse per kiosk within the burst window.
    public var misuseByKiosk: [(kiosk: String, count: Int)] = []
    /// The newest rating of each kiosk of the centre.
    public var lastRating: [String: Date] = [:]
    public var certificates: [Certificate] = []
    /// The backup day due and the newest backup's day, when the due one is missing.
    public var backupOverdue: (expected: LocalDate, newest: LocalDate?)?
    /// The hub's refusals within the refusal window, oldest first.
    public var hubRefusals: [Refusal] = []

    /// Makes the facts at `now`, with the week's figures; the other facts start empty.
    public init(now: Date, timeZone: TimeZone, centre: Centre, week: SatisfactionFigures) {
        self.now = now
        self.timeZone = timeZone
        self.centre = centre
        self.week = week
    }
}

/// Turns the facts of a moment into alerts, with the thresholds of ``AlertSettings``.
public struct AlertRules: Sendable {
    public var settings: AlertSettings

    /// Makes the rules with `settings`.
    public init(_ settings: AlertSettings = AlertSettings()) {
        self.settings = settings
    }

    /// The alerts of `facts`, in a fixed order: rate, bursts, misuse, silent kiosks, certificates, backup, hub.
    public func alerts(_ facts: AlertFacts) -> [Alert] {
        let centre = facts.centre
        let reporting = centre.reporting
        let window = Self.span(minutes: settings.burstMinutes)
        var alerts: [Alert] = []

        let week = facts.week
        if let rate = week.rate, !week.tooFewToJudge, rate < reporting.target {
            alerts.append(
                Alert(
                    kind: .rollingBelowTarget,
                    message:
                        "Tỷ lệ hài lòng 7 ngày qua là \(Format.percent(rate)) (n=\(week.valid)), dưới mục tiêu \(Format.percent(reporting.target))."))
        }
        for (counter, count) in facts.dissatisfiedByCounter.sorted(by: { $0.key < $1.key }) where count >= settings.burstCount {
            let name = centre.counter(counter)?.name.vi ?? (counter.isEmpty ? "không rõ quầy" : counter)
            alerts.append(Alert(kind: .dissatisfiedBurst, message: "\(count) đánh giá không hài lòng tại \(name) trong \(window) qua."))
        }
        for misuse in facts.misuseByKiosk {
            let name = centre.kiosk(misuse.kiosk)?.name?.vi ?? (misuse.kiosk.isEmpty ? "một máy không rõ tên" : misuse.kiosk)
            alerts.append(
                Alert(
                    kind: .misuseBurst,
                    message: "\(misuse.count) đánh giá từ \(name) bị đánh dấu bấm liên tục trong \(window) qua (không tính vào tỷ lệ)."))
        }
        if isOpen(at: facts.now, centre: centre, zone: facts.timeZone) {
            for kiosk in centre.kiosks {
                if let last = facts.lastRating[kiosk.id], facts.now.timeIntervalSince(last) <= settings.silentAfter { continue }
                let name = kiosk.name?.vi ?? kiosk.id
                alerts.append(
                    Alert(
                        kind: .silentKiosk,
                        message: "\(name) chưa gửi đánh giá nào trong \(Self.span(minutes: settings.silentMinutes)) qua dù đang giờ làm việc."))
            }
        }
        for certificate in facts.certificates {
            let message =
                if let left = certificate.daysLeft {
                    "Giấy chứng nhận OCOP của \(certificate.product) (\(certificate.number)) hết hạn ngày \(Format.day(certificate.expires)), còn \(left) ngày."
                } else {
                    "Giấy chứng nhận OCOP của \(certificate.product) (\(certificate.number)) đã hết hạn ngày \(Format.day(certificate.expires)); "
                        + "tem truy xuất đang báo hết hạn."
                }
            alerts.append(Alert(kind: .ocopCertificate, message: message))
        }
        if let overdue = facts.backupOverdue {
            let newest = overdue.newest.map { "bản mới nhất là của ngày \(Format.day($0))" } ?? "chưa có bản nào"
            alerts.append(
                Alert(
                    kind: .backupOverdue,
                    message:
                        "Chưa sao lưu được dữ liệu ngày \(Format.day(overdue.expected)) (\(newest)). Cán bộ CNTT xem nhật ký: journalctl -u kiosk."))
        }
        if let first = facts.hubRefusals.first {
            let ratings = facts.hubRefusals.filter { $0.kind == "rating" }.count
            alerts.append(
                Alert(
                    kind: .hubPushRefused,
                    message: "Máy chủ thành phố đã từ chối \(ratings) đánh giá và \(facts.hubRefusals.count - ratings) lần hủy trong "
                        + "\(settings.hubRefusalDays) ngày qua; chúng vẫn được lưu ở trung tâm. Ví dụ: \(first.message). "
                        + "Cán bộ CNTT xem danh sách: kiosk hub push."))
        }
        return alerts
    }

    /// Whether `date` falls in an opening session, the centre having been open at least the silence allowed.
    public func isOpen(at date: Date, centre: Centre, zone: TimeZone) -> Bool {
        let (day, hour) = LocalDate.of(date, in: zone)
        let minute = hour * 60 + Calendar.gregorian(in: zone).component(.minute, from: date)
        let weekday = Weekday.allCases[day.isoWeekday - 1]
        return centre.hours.contains { $0.days.contains(weekday) && $0.open + settings.silentMinutes <= minute && minute < $0.close }
    }

    /// "1 giờ", "2 giờ", "90 phút": a window as the alerts name it.
    static func span(minutes: Int) -> String {
        minutes % 60 == 0 ? "\(minutes / 60) giờ" : "\(minutes) phút"
    }
}
