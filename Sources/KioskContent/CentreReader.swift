import Foundation
import KioskCore

/// Reads `centre.toml`.
enum CentreReader {
    static func read(_ root: TableReader) -> Centre? {
        defer { root.finish() }
        let log = root.log
        guard let info = root.table("centre", required: true) else { return nil }
        let code = info.string("code", required: true) ?? ""
        if !code.isEmpty && !ContentID.isValid(code) {
            log.error("centre.code", "centre.code '\(code)' may hold only a-z, 0-9, '-' and '_'")
        }
        let name = info.localized("name", required: true)
        let address = info.localized("address")
        let phone = info.string("phone")
        let zone = info.string("timezone", required: true) ?? "Asia/Ho_Chi_Minh"
        if TimeZone(identifier: zone) == nil {
            log.error("centre.timezone", "centre.timezone '\(zone)' is not a time zone name such as Asia/Ho_Chi_Minh")
        }
        var inServiceSince = Centre.defaultInServiceSince
        if let text = info.string("in_service_since") {
            if let day = LocalDate(text), day.year >= 2000 {
                inServiceSince = day
            } else {
                log.error(
                    "centre.in_service_since",
                    "centre.in_service_since '\(text)' must be the centre's first day of service as YYYY-MM-DD, such as 2025-07-01")
            }
        }
        info.finish()

        var reporting = ReportingSettings()
        if let table = root.table("reporting", required: true) {
            if let target = table.double("target", required: true) {
                if target > 0 && target <= 1 {
                    reporting.target = target
                } else {
                    log.error("reporting.target", "reporting.target is \(target); it must be above 0 and at most 1 (0.95 is 95 %)")
                }
            }
            if let minimum = table.int("min_n") {
                if minimum >= 1 {
                    reporting.minimumN = minimum
                } else {
                    log.error("reporting.min_n", "reporting.min_n must be at least 1, not \(minimum)")
                }
            }
            if let cutoff = table.string("cutoff") {
                let parts = cutoff.split(separator: "-")
                if parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
                    day >= 1, day <= 28 || (day <= 30 && month != 2) || (day == 31 && [1, 3, 5, 7, 8, 10, 12].contains(month))
                {
                    reporting.cutoffMonth = month
                    reporting.cutoffDay = day
                } else {
                    log.error("reporting.cutoff", "reporting.cutoff '\(cutoff)' must be a month and day MM-DD such as 12-15")
                }
            }
            table.finish()
        }

        var hours: [OpeningSession] = []
        for table in root.tables("hours") {
            defer { table.finish() }
            var days: [Weekday] = []
            for day in table.strings("days", required: true) ?? [] {
                if let weekday = Weekday(rawValue: day) {
                    days.append(weekday)
                } else {
                    table.log.error(table.keyPath("days"), "'\(day)' is not a day; use mon tue wed thu fri sat sun")
                }
            }
            let open = table.string("open", required: true).flatMap { text in
                ContentID.minutes(text)
                    ?? {
                        table.log.error(table.keyPath("open"), "open '\(text)' is not a time HH:MM"); return nil
                    }()
            }
            let close = table.string("close", required: true).flatMap { text in
                ContentID.minutes(text)
                    ?? {
                        table.log.error(table.keyPath("close"), "close '\(text)' is not a time HH:MM"); return nil
                    }()
            }
            if let open, let close {
                if open < close {
                    hours.append(OpeningSession(days: days, open: open, close: close))
                } else {
                    table.log.error(table.keyPath("close"), "\(table.path) closes before it opens")
                }
            }
        }

        let fields: [ServiceField] = root.tables("fields").compactMap { table -> ServiceField? in
            defer { table.finish() }
            guard let id = identifier(table), let name = table.localized("name", required: true) else { return nil }
            return ServiceField(id: id, name: name)
        }
        let counters: [Counter] = root.tables("counters").compactMap { table -> Counter? in
            defer { table.finish() }
            guard let id = table.string("id", required: true) else { return nil }
            if !ContentID.isCounter(id) {
                table.log.error(table.keyPath("id"), "counter id '\(id)' must be Q and two digits, such as Q01")
            }
            guard let name = table.localized("name", required: true) else { return nil }
            return Counter(id: id, name: name, fields: table.strings("fields") ?? [], priority: table.bool("priority") ?? false)
        }
        let officers: [Officer] = root.tables("officers").compactMap { table -> Officer? in
            defer { table.finish() }
            guard let id = identifier(table), let name = table.string("name", required: true) else { return nil }
            return Officer(
                id: id, name: name, title: table.localized("title"), counters: table.strings("counters") ?? [],
                showName: table.bool("show_name") ?? false, photo: table.string("photo"))
        }
        let kiosks: [KioskDevice] = root.tables("kiosks").compactMap { table -> KioskDevice? in
            defer { table.finish() }
            guard let id = identifier(table) else { return nil }
            let idle = table.int("idle_seconds") ?? KioskDevice.defaultIdleSeconds
            if !(20...600).contains(idle) {
                table.log.error(table.keyPath("idle_seconds"), "idle_seconds must be between 20 and 600 (60–90 suits most residents), not \(idle)")
            }
            return KioskDevice(
                id: id, name: table.localized("name"), counter: table.string("counter"), askCounter: table.bool("ask_counter"),
                askField: table.bool("ask_field") ?? false, printer: table.string("printer"), speech: table.bool("speech") ?? false,
                idleSeconds: idle)
        }

        let printers: [PrinterConfig] = root.tables("printers").compactMap { table -> PrinterConfig? in
            defer { table.finish() }
            guard let id = identifier(table), let uri = table.string("uri", required: true) else { return nil }
            guard let address = PrinterConfig.Address(uri) else {
                table.log.error(table.keyPath("uri"), "printer uri '\(uri)' must be usb:/dev/usb/lp0, tcp:HOST:9100 or cups:QUEUE")
                return nil
            }
            let paperText = table.string("paper", required: true) ?? "80mm"
            guard let paper = Paper(rawValue: paperText) else {
                table.log.error(
                    table.keyPath("paper"), "paper '\(paperText)' is not one of: \(Paper.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return PrinterConfig(id: id, name: table.localized("name"), address: address, paper: paper)
        }

        var traceability = TraceabilitySettings()
        if let table = root.table("traceability") {
            if let base = table.string("base_url") {
                if let url = URLComponents(string: base), ["http", "https"].contains(url.scheme ?? ""), let host = url.host, !host.isEmpty,
                    url.query == nil, url.fragment == nil, base.unicodeScalars.allSatisfy(\.isASCII)
                {
                    traceability.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
                } else {
                    log.error(
                        "traceability.base_url",
                        "traceability.base_url '\(base)' must be an http(s) address without query, such as https://truyxuat.example.vn")
                }
            }
            if let days = table.int("certificate_warning_days") {
                if (0...365).contains(days) {
                    traceability.certificateWarningDays = days
                } else {
                    log.error("traceability.certificate_warning_days", "certificate_warning_days must be between 0 and 365, not \(days)")
                }
            }
            table.finish()
        }

        var misuse = MisuseSettings()
        if let table = root.table("misuse") {
            if let count = table.int("burst_count") {
                if MisuseSettings.countRange.contains(count) {
                    misuse.burstCount = count
                } else {
                    log.error("misuse.burst_count", "misuse.burst_count must be between 1 and 1000 (10 suits a kiosk), not \(count)")
                }
            }
            if let seconds = table.int("burst_seconds") {
                if MisuseSettings.secondsRange.contains(seconds) {
                    misuse.burstSeconds = seconds
                } else {
                    log.error("misuse.burst_seconds", "misuse.burst_seconds must be between 1 and 3600 (60 suits a kiosk), not \(seconds)")
                }
            }
            table.finish()
        }

        var alerts = AlertSettings()
        if let table = root.table("alerts") {
            func read(_ key: String, _ range: ClosedRange<Int>, unit: String, into value: inout Int) {
                guard let number = table.int(key) else { return }
                if range.contains(number) {
                    value = number
                } else {
                    log.error("alerts.\(key)", "alerts.\(key) must be between \(range.lowerBound) and \(range.upperBound) \(unit), not \(number)")
                }
            }
            read("burst_count", AlertSettings.burstCountRange, unit: "answers", into: &alerts.burstCount)
            read("burst_minutes", AlertSettings.minutesRange, unit: "minutes", into: &alerts.burstMinutes)
            read("silent_minutes", AlertSettings.minutesRange, unit: "minutes", into: &alerts.silentMinutes)
            read("hub_refusal_days", AlertSettings.daysRange, unit: "days", into: &alerts.hubRefusalDays)
            table.finish()
        }

        var privacy = PrivacySettings()
        if let table = root.table("privacy") {
            if let days = table.int("comment_retention_days") {
                if PrivacySettings.retentionRange.contains(days) {
                    privacy.commentRetentionDays = days
                } else {
                    log.error(
                        "privacy.comment_retention_days",
                        "privacy.comment_retention_days must be between 30 and 3650 days (comments are never kept forever), not \(days)")
                }
            }
            table.finish()
        }

        var dossiers = DossierSettings()
        if let table = root.table("dossiers") {
            if let pattern = table.string("code_pattern") {
                if DossierSettings.compile(pattern) == nil {
                    log.error(
                        "dossiers.code_pattern",
                        "dossiers.code_pattern '\(pattern)' is not a regular expression, such as ^[A-Z0-9][A-Z0-9./_-]{3,49}$")
                } else {
                    dossiers.codePattern = pattern
                    if !dossiers.accepts("H26.05-260115-0001") && !dossiers.accepts("000.00.12.H26-260115-0001") {
                        log.warning("dossiers.code_pattern", "dossiers.code_pattern refuses the national portal's codes such as H26.05-260115-0001")
                    }
                }
            }
            table.finish()
        }

        guard let name else { return nil }
        var centre = Centre(
            code: code, name: name, address: address, phone: phone, timeZoneIdentifier: zone, reporting: reporting,
            hours: hours, fields: fields, counters: counters, officers: officers, kiosks: kiosks)
        centre.printers = printers
        centre.traceability = traceability
        centre.misuse = misuse
        centre.alerts = alerts
        centre.privacy = privacy
        centre.inServiceSince = inServiceSince
        centre.dossiers = dossiers
        return centre
    }

    private static func identifier(_ table: TableReader) -> String? {
        guard let id = table.string("id", required: true) else { return nil }
        if !ContentID.isValid(id) {
            table.log.error(table.keyPath("id"), "id '\(id)' may hold only a-z, 0-9, '-' and '_'")
        }
        return id
    }

    /// Checks that ids are unique and every reference is defined. Needs the whole centre, so it runs
    /// after reading, with the line index of the file for positions.
    static func crossCheck(_ centre: Centre, file: String) -> [ContentProblem] {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        let log = ProblemLog(file: file, source: source)
        func unique(_ ids: [String], _ table: String, _ what: String) {
            var seen: Set<String> = []
            for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
                log.error("\(table)[\(index)].id", "duplicate \(what) id '\(id)'")
            }
        }
        unique(centre.fields.map(\.id), "fields", "field")
        unique(centre.counters.map(\.id), "counters", "counter")
        unique(centre.officers.map(\.id), "officers", "officer")
        unique(centre.kiosks.map(\.id), "kiosks", "kiosk")
        unique(centre.printers.map(\.id), "printers", "printer")
        for (index, counter) in centre.counters.enumerated() {
            for field in counter.fields where centre.field(field) == nil {
                log.error("counters[\(index)].fields", "counter \(counter.id) serves field '\(field)', which is not defined in [[fields]]")
            }
        }
        for (index, officer) in centre.officers.enumerated() {
            for counter in officer.counters where centre.counter(counter) == nil {
                log.error("officers[\(index)].counters", "officer \(officer.id) sits at counter '\(counter)', which is not defined in [[counters]]")
            }
        }
        for (index, kiosk) in centre.kiosks.enumerated() {
            if let counter = kiosk.counter, centre.counter(counter) == nil {
                log.error("kiosks[\(index)].counter", "kiosk \(kiosk.id) is fixed to counter '\(counter)', which is not defined in [[counters]]")
            }
            if let printer = kiosk.printer, centre.printer(printer) == nil {
                log.error("kiosks[\(index)].printer", "kiosk \(kiosk.id) uses printer '\(printer)', which is not defined in [[printers]]")
            }
        }
        return log.problems
    }
}
