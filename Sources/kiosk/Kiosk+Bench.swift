import ArgumentParser
import Foundation
import KioskCore
import KioskPrint
import KioskStore
import QRCode

extension Kiosk {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure in-process speeds (used by Scripts/bench).", subcommands: [QRSpeed.self, StatsSpeed.self, HubSpeed.self])

        struct QRSpeed: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "qr", abstract: "QR codes per second as SVG and as PNG; prints one JSON line.")

            @Option(help: "How many codes of each kind.") var count = 2000
            @Option(help: "Module size in pixels.") var module = 4

            func run() throws {
                let texts = (0..<count).map { "https://vneid.gov.vn/huong-dan/\($0)" }
                let clock = ContinuousClock()
                var bytes = 0
                let svg = try clock.measure {
                    for text in texts { bytes += try QREncoder.encode(text, level: .medium).svg(moduleSize: module).utf8.count }
                }
                let png = try clock.measure {
                    for text in texts { bytes += try QREncoder.encode(text, level: .medium).png(moduleSize: module).count }
                }
                func perSecond(_ duration: Duration) -> Double {
                    Double(count) / (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
                }
                print(#"{"count": \#(count), "svgPerSecond": \#(perSecond(svg)), "pngPerSecond": \#(perSecond(png)), "bytes": \#(bytes)}"#)
            }
        }
    }
}

extension Kiosk.Bench {
    struct StatsSpeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Times the dashboard's figures from the rollups beside a plain SQL scan of the raw ratings; prints one JSON line.")

        @OptionGroup var data: DataOptions
        @Option(help: "The period measured.") var period: String = "2026"
        @Option(help: "Repetitions of each figure.") var repeats: Int = 7
        @Option(help: "Repetitions of each raw scan (each reads every rating of the period).") var scanRepeats: Int = 1

        func run() async throws {
            let database = try AppDatabase.open(directory: data.directory)
            let named = try ReportingPeriod.parse(period)
            let filter = TallyFilter(from: named.first, to: named.last)
            let reporting = ReportingSettings()
            let clock = ContinuousClock()
            func median(times repeats: Int = repeats, _ body: () async throws -> Void) async rethrows -> Double {
                var samples: [Double] = []
                for _ in 0..<max(1, repeats) {
                    let start = clock.now
                    try await body()
                    let elapsed = clock.now - start
                    samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
                return samples.sorted()[samples.count / 2]
            }
            var entries: [String] = []
            var rollupTotal = 0.0
            var scanTotal = 0.0
            let groupings: [Grouping?] = [nil] + Grouping.allCases.map { Optional($0) }
            for grouping in groupings {
                let rollup = try await median { _ = try await database.figures(filter, by: grouping, reporting: reporting) }
                rollupTotal += rollup
                var scan: Double?
                var scanned = false
                let measured = try await median(times: scanRepeats) {
                    scanned = try database.tallyByScanningRatings(from: named.first, to: named.last, by: grouping) != nil
                }
                if scanned {
                    scan = measured
                    scanTotal += measured
                }
                let name = grouping?.rawValue ?? "overall"
                entries.append(#"{"figure": "\#(name)", "rollupMs": \#(rollup), "scanMs": \#(scan.map { "\($0)" } ?? "null")}"#)
            }
            let dashboard = try await median {
                for grouping in groupings { _ = try await database.figures(filter, by: grouping, reporting: reporting) }
            }
            let count = try database.ratingCount()
            print(
                #"{"ratings": \#(count), "period": "\#(period)", "dashboardMs": \#(dashboard), "rollupTotalMs": \#(rollupTotal), "scanTotalMs": \#(scanTotal), "figures": [\#(entries.joined(separator: ", "))]}"#
            )
        }
    }
}
