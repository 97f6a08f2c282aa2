import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskStore

extension Kiosk {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no rating, void or rollup was changed outside the program.",
            discussion: """
                Walks the hash chains of the ratings, the voids and the audit log from the first row, checks each comment \
                against the digest its rating's hash covers and each rating's MAC against DATA/chain.key, recounts every \
                rollup from the raw ratings, compares each append-only trigger's SQL with the one the store made, and runs \
                PRAGMA integrity_check. Prints "OK: …" and exits 0, or names the first broken row of each kind and exits 1; \
                a missing chain.key is a warning (the MACs are then not checked). See docs/security.md for what this proves. The hours are counted in the centre's time zone \
                (from --content; Asia/Ho_Chi_Minh when the content cannot be read). Note the printed head somewhere \
                off the box; --anchor SEQ:HASH later checks that the chain still passes through it.
                """)

        @OptionGroup var data: DataOptions
        @OptionGroup var content: ContentOptions
        @Option(help: "A head noted earlier, SEQ:HASH (as printed after 'head: rating seq'); may be repeated.")
        var anchor: [String] = []

        func validate() throws {
            for value in anchor where Self.parse(anchor: value) == nil {
                throw ValidationError("--anchor '\(value)' must be SEQ:HASH, such as 1234:9f86d08…, as kiosk verify printed it")
            }
        }

        static func parse(anchor: String) -> (seq: Int64, hash: String)? {
            let parts = anchor.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, parts[1].count == 64, parts[1].allSatisfy(\.isHexDigit) else { return nil }
            return (seq, parts[1])
        }

        func run() throws {
            let zone = centreTimeZone(content)
            let database = try AppDatabase.open(directory: data.directory)
            var report = try database.verify(timeZone: zone)
            for (seq, hash) in anchor.compactMap(Self.parse(anchor:)) {
                switch try database.ratingHash(seq: seq) {
                case hash?: continue
                case let stored?: report.problems.append("anchor rating seq \(seq): the hash is now \(stored), it was noted as \(hash)")
                case nil: report.problems.append("anchor rating seq \(seq): no such rating any more (it was noted with hash \(hash))")
                }
            }
            for warning in report.warnings { printError("warning: \(warning)") }
            if report.isIntact {
                print("OK: \(report.ratings) ratings, \(report.voids) voids, chain and rollups agree")
                if let seq = report.headSeq, let hash = report.headHash { print("head: rating seq \(seq) hash \(hash)") }
                print("audit log: \(report.auditEntries) entries, chain agrees")
                return
            }
            for problem in report.problems { print(problem) }
            printError("kiosk verify: \(report.problems.count) problem(s) in \(data.data) (\(report.ratings) ratings, \(report.voids) voids read)")
            throw ExitCode(1)
        }
    }
}

/// The centre's time zone from the content; when the content cannot be read, Asia/Ho_Chi_Minh (said on standard error).
func centreTimeZone(_ options: ContentOptions) -> TimeZone {
    do {
        let loaded = try ContentLoader.load(from: options.directory)
        return loaded.centre.timeZone
    } catch {
        printError("note: cannot read the content in \(options.content); counting hours in Asia/Ho_Chi_Minh")
        return Centre.vietnam
    }
}
