import Foundation
import KioskContent
import KioskCore

/// The administrative-reform report of a period: totals, % per level, rate per criterion, per field,
/// counter and officer, reasons, the change from the previous period and the dossier-based rates.
public struct PeriodReport: Sendable {
    /// The figures with the keys of `kiosk stats`.
    public var figures: FiguresReport
    /// The same figures per criterion (each scale question of every survey), per field, counter and officer.
    public var criteria: [SatisfactionFigures]
    public var byField: [SatisfactionFigures]
    public var byCounter: [SatisfactionFigures]
    public var byOfficer: [SatisfactionFigures]
    public var document: ReportDocument

    /// Computes the report of `period` from the rollups of `database` (the centre's store).
    public init(period: ReportingPeriod, content: CentreContent, database: some TallySource<Grouping>) async throws {
        let centre = content.centre
        let reporting = centre.reporting
        figures = try await database.figures(of: period, reporting: reporting)
        let filter = TallyFilter(from: period.first, to: period.last)
        func judged(_ tallies: [String?: Tally]) -> [SatisfactionFigures] {
            tallies.sorted { ($0.key ?? "") < ($1.key ?? "") }
                .map { SatisfactionFigures(key: $0.key ?? "", tally: $0.value, target: reporting.target, minimumN: reporting.minimumN) }
        }
        byField = judged(try await database.tallies(filter, by: .field))
        byCounter = judged(try await database.tallies(filter, by: .counter))
        byOfficer = judged(try await database.tallies(filter, by: .officer))
        var criteria: [SatisfactionFigures] = []
        var criterionNames: [String: String] = [:]
        for survey in content.surveys.values.sorted(by: { $0.id < $1.id }) {
            for question in survey.questions where question.kind == .scale {
                let tally =
                    try await database.tallies(TallyFilter(from: period.first, to: period.last, survey: survey.id, question: question.id), by: nil)
                    .values.first ?? Tally()
                let key = "\(survey.id).\(question.id)"
                criteria.append(SatisfactionFigures(key: key, tally: tally, target: reporting.target, minimumN: reporting.minimumN))
                criterionNames[key] = "\(survey.title.vi): \(question.prompt.vi)"
            }
        }
        self.criteria = criteria

        // The document, in Vietnamese.
        func percent(_ value: Double?) -> String { Format.percent(value) }
        func interval(_ figures: SatisfactionFigures) -> String { Format.interval(figures.ci95) }
        func rows(_ list: [SatisfactionFigures], name: (String) -> String) -> [[String]] {
            list.map { row in
                [
                    name(row.key ?? ""), "\(row.valid)", "\(row.satisfied)", percent(row.rate) + (row.tooFewToJudge && row.rate != nil ? " *" : ""),
                    interval(row),
                ]
            }
        }
        let columns = ["", "Số đánh giá", "Hài lòng", "Tỷ lệ", "Khoảng tin cậy 95 %"]
        let widths = [3.2, 1.2, 1.1, 1.2, 2.0]
        let overall = figures.overall
        var sections: [ReportDocument.Section] = []
        var summary = [
            "Tổng số đánh giá: \(overall.total); hợp lệ: \(overall.valid); không tính (bấm nhiều lần, bỏ dở, huỷ): \(overall.excluded.values.reduce(0, +)).",
            "Tỷ lệ hài lòng: \(percent(overall.rate)) (khoảng tin cậy 95 %: \(interval(overall))); mục tiêu \(Format.percent(reporting.target)).",
            "Số đánh giá hài lòng cần thêm để đạt mục tiêu: \(overall.neededToTarget.map(String.init) ?? "—").",
        ]
        if overall.tooFewToJudge { summary.append("Chưa đủ \(reporting.minimumN) đánh giá để kết luận.") }
        if let previous = figures.previous {
            let change = previous.change.map(Format.points) ?? "—"
            summary.append(
                "Kỳ trước (\(Format.day(previous.from)) – \(Format.day(previous.to))): \(percent(previous.figures.rate)), n = \(previous.figures.valid); thay đổi: \(change)."
            )
        }
        if let dossiers = figures.dossiers {
            summary.append(
                "Số hồ sơ tiếp nhận: \(dossiers.dossiers); tỷ lệ đánh giá: \(percent(dossiers.responseRate)); tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg: \(percent(dossiers.rate766))."
            )
        } else {
            summary.append("Chưa nhập đủ số hồ sơ tiếp nhận của các tháng trong kỳ, nên chưa tính tỷ lệ theo Quyết định 766/QĐ-TTg.")
        }
        sections.append(ReportDocument.Section(heading: "1. Kết quả chung", paragraphs: summary))

        let levelNames = Dictionary(
            content.surveys.values.flatMap { $0.mainQuestion?.choices ?? [] }.map { ($0.id, $0.label.vi) }, uniquingKeysWith: { first, _ in first })
        let levelRows = overall.levels.sorted { $0.value > $1.value }.map { level in
            [
                levelNames[level.key] ?? level.key, "\(level.value)",
                overall.valid > 0 ? Format.percent(Double(level.value) / Double(overall.valid)) : "—",
            ]
        }
        sections.append(
            ReportDocument.Section(
                heading: "2. Tỷ lệ theo mức đánh giá", table: .init(columns: ["Mức", "Số đánh giá", "Tỷ lệ"], rows: levelRows, widths: [3, 1, 1])))
        sections.append(
            ReportDocument.Section(
                heading: "3. Theo tiêu chí", table: .init(columns: columns, rows: rows(criteria) { criterionNames[$0] ?? $0 }, widths: widths)))
        sections.append(
            ReportDocument.Section(
                heading: "4. Theo lĩnh vực",
                table: .init(columns: columns, rows: rows(byField) { centre.field($0)?.name.vi ?? ($0.isEmpty ? "(không ghi)" : $0) }, widths: widths)
            ))
        sections.append(
            ReportDocument.Section(
                heading: "5. Theo quầy",
                table: .init(
                    columns: columns, rows: rows(byCounter) { centre.counter($0)?.name.vi ?? ($0.isEmpty ? "(không ghi)" : $0) }, widths: widths)))
        sections.append(
            ReportDocument.Section(
                heading: "6. Theo cán bộ",
                table: .init(
                    columns: columns, rows: rows(byOfficer) { centre.officer($0)?.name ?? ($0.isEmpty ? "(không ghi)" : $0) }, widths: widths)))
        let reasonNames = Dictionary(
            content.surveys.values.flatMap { $0.question("reasons")?.choices ?? [] }.map { ($0.id, $0.label.vi) },
            uniquingKeysWith: { first, _ in first })
        sections.append(
            ReportDocument.Section(
                heading: "7. Lý do chưa hài lòng",
                table: .init(
                    columns: ["Lý do", "Số lượt"], rows: (figures.reasons ?? []).map { [reasonNames[$0.id] ?? $0.id, "\($0.count)"] }, widths: [4, 1])
            ))
        document = ReportDocument(
            title: "Báo cáo kết quả đánh giá mức độ hài lòng",
            subtitle: [
                centre.name.vi,
                "Kỳ báo cáo: \(period.inWords), từ ngày \(Format.day(period.first)) đến ngày \(Format.day(period.last))",
                "Tỷ lệ = (Rất hài lòng + Hài lòng) ÷ số đánh giá hợp lệ. Dấu *: dưới \(reporting.minimumN) đánh giá, chưa đủ để kết luận.",
            ],
            sections: sections)
    }

    /// The JSON: the keys of `kiosk stats`, plus `criteria`, `byField`, `byCounter` and `byOfficer`.
    public func json() throws -> [UInt8] {
        struct Extras: Encodable {
            var criteria: [SatisfactionFigures]
            var byField: [SatisfactionFigures]
            var byCounter: [SatisfactionFigures]
            var byOfficer: [SatisfactionFigures]
        }
        struct Combined: Encodable {
            var report: FiguresReport
            var extras: Extras
            func encode(to encoder: any Encoder) throws {
                try report.encode(to: encoder)
                try extras.encode(to: encoder)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(
            try encoder.encode(
                Combined(report: figures, extras: Extras(criteria: criteria, byField: byField, byCounter: byCounter, byOfficer: byOfficer))))
    }

    /// The report in `format`: pdf, csv, html or json.
    public func render(_ format: String) throws -> [UInt8] {
        switch format {
        case "pdf": try ReportPDF.render(document)
        case "csv": document.csv()
        case "html": Array(document.html().utf8)
        default: try json()
        }
    }

    public static let formats = ["pdf", "csv", "html", "json"]
}
