extension Centre {
    /// The opening hours as Markdown list items ("- Thứ Hai – Thứ Sáu: 07:30–11:30, 13:30–17:00").
    public func hoursMarkdown(in language: Language) -> String {
        // Group sessions that share the same days, keeping the file's order.
        var groups: [(days: [Weekday], times: [String])] = []
        for session in hours {
            let time = "\(Self.clock(session.open))–\(Self.clock(session.close))"
            if let index = groups.firstIndex(where: { $0.days == session.days }) {
                groups[index].times.append(time)
            } else {
                groups.append((session.days, [time]))
            }
        }
        return groups.map { "- \(Self.dayRange($0.days, language)): \($0.times.joined(separator: ", "))" }.joined(separator: "\n")
    }

    /// The counters as Markdown list items with the fields each serves.
    public func countersMarkdown(in language: Language) -> String {
        counters.map { counter in
            let names = counter.fields.compactMap { field($0)?.name.text(in: language) }
            let served = names.isEmpty ? "" : ": " + names.joined(separator: ", ")
            return "- \(counter.name.text(in: language))\(served)"
        }.joined(separator: "\n")
    }

    static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    static func dayName(_ day: Weekday, _ language: Language) -> String {
        switch (language, day) {
        case (.vi, .mon): "Thứ Hai"
        case (.vi, .tue): "Thứ Ba"
        case (.vi, .wed): "Thứ Tư"
        case (.vi, .thu): "Thứ Năm"
        case (.vi, .fri): "Thứ Sáu"
        case (.vi, .sat): "Thứ Bảy"
        case (.vi, .sun): "Chủ nhật"
        case (.en, .mon): "Monday"
        case (.en, .tue): "Tuesday"
        case (.en, .wed): "Wednesday"
        case (.en, .thu): "Thursday"
        case (.en, .fri): "Friday"
        case (.en, .sat): "Saturday"
        case (.en, .sun): "Sunday"
        }
    }

    /// "Thứ Hai – Thứ Sáu" for a run of consecutive days, otherwise the days listed.
    static func dayRange(_ days: [Weekday], _ language: Language) -> String {
        let all = Weekday.allCases
        let indices = days.compactMap { all.firstIndex(of: $0) }
        if indices.count > 2, indices == Array(indices[0]...indices[indices.count - 1]) {
            return "\(dayName(days[0], language)) – \(dayName(days[days.count - 1], language))"
        }
        return days.map { dayName($0, language) }.joined(separator: ", ")
    }
}
