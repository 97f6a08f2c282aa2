import Foundation

/// A day of the week as written in `centre.toml`.
public enum Weekday: String, Sendable, CaseIterable, Codable {
    case mon, tue, wed, thu, fri, sat, sun
}

/// One opening session, e.g. Monday–Friday 07:30–11:30.
public struct OpeningSession: Sendable, Equatable, Codable {
    public var days: [Weekday]
    /// Minutes after midnight, local time.
    public var open: Int
    public var close: Int

    /// Makes a session open on `days` from `open` to `close`.
    public init(days: [Weekday], open: Int, close: Int) {
        self.days = days
        self.open = open
        self.close = close
    }
}

/// A field of procedures (lĩnh vực), e.g. civil status.
public struct ServiceField: Sendable, Equatable, Codable {
    public var id: String
    public var name: LocalizedText

    /// Makes a field of service with its id and name.
    public init(id: String, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}

/// A reception counter of the centre (Q01…).
public struct Counter: Sendable, Equatable, Codable {
    public var id: String
    public var name: LocalizedText
    public var fields: [String]
    public var priority: Bool

    /// Makes a counter with its id, name, the fields it serves, and whether it is a priority counter.
    public init(id: String, name: LocalizedText, fields: [String] = [], priority: Bool = false) {
        self.id = id
        self.name = name
        self.fields = fields
        self.priority = priority
    }
}

/// An officer who serves residents at one or more counters.
public struct Officer: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var title: LocalizedText?
    public var counters: [String]
    /// Whether the kiosk may show the officer's name and photo.
    public var showName: Bool
    public var photo: String?

    /// Makes an officer; the name is stored in Unicode NFC.
    public init(id: String, name: String, title: LocalizedText? = nil, counters: [String] = [], showName: Bool = false, photo: String? = nil) {
        self.id = id
        self.name = name.precomposedStringWithCanonicalMapping
        self.title = title
        self.counters = counters
        self.showName = showName
        self.photo = photo
    }
}

/// A rating device of the centre.
public struct KioskDevice: Sendable, Equatable, Codable {
    public var id: String
    public var name: LocalizedText?
    /// The counter a desk device is fixed to; `nil` for a hall kiosk.
    public var counter: String?
    /// Whether a hall kiosk asks which counter served the resident (never for a desk device).
    public var askCounter: Bool
    public var askField: Bool
    /// The id of the printer beside the kiosk, for "print this" on help topics.
    public var printer: String?
    /// Whether the kiosk reads its screens aloud.
    public var speech: Bool
    /// Seconds without a touch before the kiosk counts down to its start screen.
    public var idleSeconds: Int

    /// The idle time when a kiosk sets none.
    public static let defaultIdleSeconds = 75

    /// Makes a kiosk device from its settings, each as the property of the same name describes it.
    public init(
        id: String, name: LocalizedText? = nil, counter: String? = nil, askCounter: Bool? = nil, askField: Bool = false,
        printer: String? = nil, speech: Bool = false, idleSeconds: Int = KioskDevice.defaultIdleSeconds
    ) {
        self.id = id
        self.name = name
        self.counter = counter
        self.askCounter = counter == nil ? (askCounter ?? true) : false
        self.askField = askField
        self.printer = printer
        self.speech = speech
        self.idleSeconds = idleSeconds
    }
}

/// How the centre's figures are judged and reported.
public struct ReportingSettings: Sendable, Equatable, Codable {
    /// The satisfaction target, 0 < target ≤ 1 (the city asks for 0.95).
    public var target: Double
    /// Below this many valid ratings a rate is "too few to judge".
    public var minimumN: Int
    /// Month and day (of the previous year) on which reform reporting periods start.
    public var cutoffMonth: Int
    public var cutoffDay: Int

    /// Makes the settings; by default the target is 95 %, a rate needs 30 ratings, and reform reporting periods start on
    /// 15 December of the year before.
    public init(target: Double = 0.95, minimumN: Int = 30, cutoffMonth: Int = 12, cutoffDay: Int = 15) {
        self.target = target
        self.minimumN = minimumN
        self.cutoffMonth = cutoffMonth
        self.cutoffDay = cutoffDay
    }
}

/// Where the centre's traceability QR codes point, and when a certificate is flagged.
public struct TraceabilitySettings: Sendable, Equatable, Codable {
    /// The public address printed in labels' QR codes (`https://truyxuat.example.vn`); the centre box
    /// is rarely the public host, so a reverse proxy there forwards `/01/…` to it. `nil`: not set yet.
    public var baseURL: String?
    /// How many days before its expiry an OCOP certificate is flagged.
    public var certificateWarningDays: Int

    /// Makes the settings; by default certificates are flagged 90 days before they expire.
    public init(baseURL: String? = nil, certificateWarningDays: Int = 90) {
        self.baseURL = baseURL
        self.certificateWarningDays = certificateWarningDays
    }
}

/// The centre as described in `centre.toml`.
public struct Centre: Sendable, Equatable, Codable {
    public var code: String
    public var name: LocalizedText
    public var address: LocalizedText?
    public var phone: String?
    /// IANA time zone name; every day and period is counted in it.
    public var timeZoneIdentifier: String
    public var reporting: ReportingSettings
    public var hours: [OpeningSession]
    public var fields: [ServiceField]
    public var counters: [Counter]
    public var officers: [Officer]
    public var kiosks: [KioskDevice]
    /// Receipt and sheet printers, by id.
    public var printers: [PrinterConfig] = []
    /// The `[traceability]` table: the public base URL of product labels.
    public var traceability = TraceabilitySettings()
    /// The `[misuse]` table: when a burst of presses from one kiosk is flagged.
    public var misuse = MisuseSettings()
    /// The `[alerts]` table: the thresholds of the dashboard's alerts.
    public var alerts = AlertSettings()
    /// The `[privacy]` table: how long comments and help calls are kept.
    public var privacy = PrivacySettings()
    /// `centre.in_service_since`: the centre's first day of service. No rating can be older than this day
    /// less ``ratingTimeMargin`` days.
    public var inServiceSince = Centre.defaultInServiceSince

    /// The default first day of service: 1 July 2025, when the two-level local government took effect and
    /// the service centres of the new communes and wards opened.
    public static let defaultInServiceSince = LocalDate(year: 2025, month: 7, day: 1)
    /// How many days before its first day of service a centre accepts ratings from: kiosks are set up and
    /// tried out in the weeks before opening, and older history is imported only after `in_service_since`
    /// is set back to where it starts.
    public static let ratingTimeMargin = 31

    /// The centre's time zone; every day and period is counted in it. Content checking refuses an unknown
    /// zone name, so the fallback (Vietnam's zone) is only for a centre built in code.
    public var timeZone: TimeZone {
        TimeZone(identifier: timeZoneIdentifier) ?? Self.vietnam
    }

    /// Vietnam's time zone (Asia/Ho_Chi_Minh, UTC+7 all year), where a zone cannot be read.
    public static var vietnam: TimeZone { TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)! }

    /// The earliest time a rating may carry: the start of the day ``ratingTimeMargin`` days before
    /// ``inServiceSince``, in the centre's time zone.
    public var earliestRatingTime: Date {
        inServiceSince.adding(days: -Self.ratingTimeMargin).start(in: timeZone)
    }
    /// The `[dossiers]` table: what a dossier code looks like.
    public var dossiers = DossierSettings()

    /// Makes a centre from its settings, each as the property of the same name describes it.
    public init(
        code: String, name: LocalizedText, address: LocalizedText? = nil, phone: String? = nil,
        timeZoneIdentifier: String = "Asia/Ho_Chi_Minh", reporting: ReportingSettings = ReportingSettings(),
        hours: [OpeningSession] = [], fields: [ServiceField] = [], counters: [Counter] = [],
        officers: [Officer] = [], kiosks: [KioskDevice] = []
    ) {
        self.code = code
        self.name = name
        self.address = address
        self.phone = phone
        self.timeZoneIdentifier = timeZoneIdentifier
        self.reporting = reporting
        self.hours = hours
        self.fields = fields
        self.counters = counters
        self.officers = officers
        self.kiosks = kiosks
    }

    /// The counter with id `id`, if there is one.
    public func counter(_ id: String) -> Counter? { counters.first { $0.id == id } }
    /// The field of service with id `id`, if there is one.
    public func field(_ id: String) -> ServiceField? { fields.first { $0.id == id } }
    /// The officer with id `id`, if there is one.
    public func officer(_ id: String) -> Officer? { officers.first { $0.id == id } }
    /// The kiosk with id `id`, if there is one.
    public func kiosk(_ id: String) -> KioskDevice? { kiosks.first { $0.id == id } }
    /// The printer with id `id`, if there is one.
    public func printer(_ id: String) -> PrinterConfig? { printers.first { $0.id == id } }
}

/// Everything loaded from `kiosk-content/`: the centre, its surveys and the screen strings.
public struct CentreContent: Sendable, Equatable {
    public var centre: Centre
    /// Surveys by id.
    public var surveys: [String: Survey]
    /// Screen strings by language, each keyed `table.key`.
    public var strings: [Language: [String: String]]
    /// Guidance topics, parents before children, siblings in order.
    public var help: [HelpTopic]

    /// Makes the content of a centre: its settings, surveys by id, screen strings by language, and help topics.
    public init(centre: Centre, surveys: [String: Survey], strings: [Language: [String: String]] = [:], help: [HelpTopic] = []) {
        self.centre = centre
        self.surveys = surveys
        self.strings = strings
        self.help = help
    }

    /// The topic with `id`, if any.
    public func helpTopic(_ id: String) -> HelpTopic? { help.first { $0.id == id } }

    /// The topics under `parent` (`nil`: the top level), in order.
    public func helpTopics(under parent: String?) -> [HelpTopic] {
        help.filter { $0.parent == parent }.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
    }
}
