import Foundation

/// The figures of a period, as `kiosk stats --format json` prints them and the dashboard shows them.
///
/// A store only counts (``Tally`` per group key); everything else here is worked out the same way whichever
/// store counted: a centre's SQLite file or a city hub's PostgreSQL.
public struct FiguresReport: Sendable, Encodable {
    /// First and last local day of the period; `nil` for an open end.
    public var from: LocalDate?
    public var to: LocalDate?
    public var target: Double
    public var minimumN: Int
    public var overall: SatisfactionFigures
    /// The same figures per group key, sorted by key; `nil` when no grouping was asked for.
    public var groups: [SatisfactionFigures]?
    /// The period's name, when it was asked for by name (`2026-Q3`, `reform-2026-H1`).
    public var period: String?
    /// The figures of the period of the same length just before, when a comparison was asked for.
    public var previous: PreviousFigures?
    /// Reasons given by dissatisfied residents, most frequent first.
    public var reasons: [ReasonCount]?
    /// The dossier-based figures (Decision 766), when every month of the period has a dossier count.
    public var dossiers: DossierFigures?

    /// Makes a report of the period `from`–`to` with its overall figures and, when grouped, the figures of each group.
    public init(
        from: LocalDate?, to: LocalDate?, target: Double, minimumN: Int, overall: SatisfactionFigures, groups: [SatisfactionFigures]? = nil
    ) {
        self.from = from
        self.to = to
        self.target = target
        self.minimumN = minimumN
        self.overall = overall
        self.groups = groups
    }

    /// The figures of `filter`'s period from the counts of a store.
    /// - Parameters:
    ///   - overall: every answer of the period.
    ///   - grouped: the same answers by group key, when a grouping was asked for.
    public init(_ filter: TallyFilter, overall: Tally, grouped: [String?: Tally]?, reporting: ReportingSettings) {
        let groups = grouped.map { tallies in
            tallies.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { entry in
                SatisfactionFigures(key: entry.key ?? "", tally: entry.value, target: reporting.target, minimumN: reporting.minimumN)
            }
        }
        self.init(
            from: filter.from, to: filter.to, target: reporting.target, minimumN: reporting.minimumN,
            overall: SatisfactionFigures(tally: overall, target: reporting.target, minimumN: reporting.minimumN), groups: groups)
    }

    /// Adds the named period, the comparison with the period just before and the reasons ranking.
    /// - Parameters:
    ///   - previous: every answer of `period.previous`.
    ///   - reasons: the answers to the reasons question in `period`.
    public mutating func compare(_ period: ReportingPeriod, previous: Tally, reasons: Tally, reporting: ReportingSettings) {
        self.period = period.name
        let before = period.previous
        let previousFigures = SatisfactionFigures(tally: previous, target: reporting.target, minimumN: reporting.minimumN)
        let change = overall.rate.flatMap { now in previousFigures.rate.map { now - $0 } }
        self.previous = PreviousFigures(from: before.first, to: before.last, figures: previousFigures, change: change)
        self.reasons = reasons.levels.map { ReasonCount(id: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.id) > ($1.count, $0.id) }
    }

    /// The previous period's figures and the change of the rate.
    public struct PreviousFigures: Sendable, Encodable {
        public var from: LocalDate
        public var to: LocalDate
        public var figures: SatisfactionFigures
        /// This period's rate minus the previous one's, in rate units (0.012 = 1.2 points); `nil` when either has no rate.
        public var change: Double?

        enum CodingKeys: String, CodingKey { case from, to, change }

        /// Writes `from`, `to` and `change` beside the fields of ``figures`` in one JSON object.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(change, forKey: .change)
            try figures.encode(to: encoder)
        }
    }

    /// How often one reason was given.
    public struct ReasonCount: Sendable, Encodable, Equatable {
        public var id: String
        public var count: Int

        /// Makes a count of `count` answers of the reason `id`.
        public init(id: String, count: Int) {
            self.id = id
            self.count = count
        }
    }

    enum CodingKeys: String, CodingKey {
        case from, to, target, minimumN, groups, period, previous, reasons, dossiers
    }

    /// Flattens `overall` into the top level, so the keys read `total`, `rate`, … beside `from` and `to`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(target, forKey: .target)
        try container.encode(minimumN, forKey: .minimumN)
        try overall.encode(to: encoder)
        try container.encodeIfPresent(groups, forKey: .groups)
        try container.encodeIfPresent(period, forKey: .period)
        try container.encodeIfPresent(previous, forKey: .previous)
        try container.encodeIfPresent(reasons, forKey: .reasons)
        try container.encodeIfPresent(dossiers, forKey: .dossiers)
    }
}

/// The dossier-based figures of Decision 766/QĐ-TTg for a period made of whole months.
public struct DossierFigures: Sendable, Equatable, Encodable {
    /// The months counted (`2026-10`, …).
    public var months: [String]
    /// Dossiers received in those months, as staff entered them.
    public var dossiers: Int
    /// Every rating of those months.
    public var ratings: Int
    /// Valid ratings that were not satisfied.
    public var dissatisfied: Int
    /// ratings ÷ dossiers.
    public var responseRate: Double?
    /// (dossiers − dissatisfied) ÷ dossiers.
    public var rate766: Double?

    /// Makes the figures from their parts, each as the property of the same name describes it.
    public init(months: [String], dossiers: Int, ratings: Int, dissatisfied: Int, responseRate: Double?, rate766: Double?) {
        self.months = months
        self.dossiers = dossiers
        self.ratings = ratings
        self.dissatisfied = dissatisfied
        self.responseRate = responseRate
        self.rate766 = rate766
    }
}
