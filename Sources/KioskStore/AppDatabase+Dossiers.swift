import Foundation
import GRDB
import KioskCore

extension AppDatabase {
    /// Records the number of dossiers received in `month` (`YYYY-MM`), replacing an earlier entry.
    public func setDossierCount(month: String, dossiers: Int, now: Date = Date()) throws {
        try setDossierCounts([(month, dossiers)], now: now)
    }

    /// Records several months in one transaction: all or none.
    public func setDossierCounts(_ counts: [(month: String, dossiers: Int)], now: Date = Date()) throws {
        try write { db in
            for (month, dossiers) in counts {
                try db.execute(
                    sql: """
                        INSERT INTO dossier_count (month, dossiers, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (month) DO UPDATE SET dossiers = excluded.dossiers, updated_at = excluded.updated_at
                        """,
                    arguments: [month, dossiers, RatingRecord.timestamp.format(now)])
            }
        }
    }

    /// Every month with a dossier count.
    public func dossierCounts() throws -> [String: Int] {
        try read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT month, dossiers FROM dossier_count").map { ($0["month"], $0["dossiers"]) })
        }
    }

    /// The 766-style figures of a period, when it is made of whole calendar months that all have a dossier
    /// count; `nil` otherwise (a figure over part of a month would mix counted and uncounted dossiers).
    public func dossierFigures(first: LocalDate, last: LocalDate) throws -> DossierFigures? {
        guard first.day == 1, last.adding(days: 1).day == 1, first <= last else { return nil }
        var months: [String] = []
        var month = first
        while month <= last {
            months.append(month.monthKey)
            month = LocalDate(year: month.month == 12 ? month.year + 1 : month.year, month: month.month % 12 + 1, day: 1)
        }
        let counts = try dossierCounts()
        guard months.allSatisfy({ counts[$0] != nil }) else { return nil }
        let dossiers = months.reduce(0) { $0 + counts[$1]! }
        let tally = try tallies(TallyFilter(from: first, to: last)).values.first ?? Tally()
        let dissatisfied = tally.valid - tally.satisfied
        return DossierFigures(
            months: months, dossiers: dossiers, ratings: tally.total, dissatisfied: dissatisfied,
            responseRate: dossiers > 0 ? Double(tally.total) / Double(dossiers) : nil,
            rate766: dossiers > 0 ? Double(max(0, dossiers - dissatisfied)) / Double(dossiers) : nil)
    }
}
