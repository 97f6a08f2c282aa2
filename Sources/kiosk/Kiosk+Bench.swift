import ArgumentParser
import Foundation
import QRCode

extension Kiosk {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure in-process speeds (used by Scripts/bench).", subcommands: [QRSpeed.self])

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
