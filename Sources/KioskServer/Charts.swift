import Foundation
import KioskCore

/// Charts of the dashboard as SVG drawn on the server: readable without JavaScript and in print.
/// Colours are paired with text (values, labels) so that nothing relies on colour alone.
enum Charts {
    struct Point {
        var label: String
        var figures: SatisfactionFigures
    }

    /// A rate trend: one dot per period with its interval as a whisker, the target as a dashed line.
    static func trend(_ points: [Point], target: Double, title: String) -> String {
        let width = 760.0
        let height = 260.0
        let left = 48.0
        let bottom = 36.0
        let top = 16.0
        let plotWidth = width - left - 12
        let plotHeight = height - top - bottom
        let rated = points.compactMap { $0.figures.rate }
        let floor = max(0, min((rated.min() ?? target) - 0.05, target - 0.1)).rounded(toStep: 0.05, .down)
        func y(_ rate: Double) -> Double { top + plotHeight * (1 - (rate - floor) / (1 - floor)) }
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { left + (points.count > 1 ? Double(index) * step : plotWidth / 2) }
        var svg = svgOpen(width: width, height: height, title: title)
        for tick in stride(from: floor, through: 1.0001, by: 0.05) {
            svg += ##"<line x1="\##(left)" x2="\##(width - 12)" y1="\##(y(tick).f)" y2="\##(y(tick).f)" stroke="#ddd"/>"##
            svg += ##"<text x="\##(left - 6)" y="\##((y(tick) + 4).f)" text-anchor="end" font-size="12">\##(Int((tick * 100).rounded())) %</text>"##
        }
        svg +=
            ##"<line x1="\##(left)" x2="\##(width - 12)" y1="\##(y(target).f)" y2="\##(y(target).f)" stroke="#000" stroke-width="2" stroke-dasharray="6 4"/>"##
        svg += ##"<text x="\##(width - 14)" y="\##((y(target) - 6).f)" text-anchor="end" font-size="12">mục tiêu \##(percent(target))</text>"##
        var path = ""
        for (index, point) in points.enumerated() {
            guard let rate = point.figures.rate else { continue }
            if let interval = point.figures.ci95 {
                svg +=
                    ##"<line x1="\##(x(index).f)" x2="\##(x(index).f)" y1="\##(y(max(floor, interval[0])).f)" y2="\##(y(interval[1]).f)" stroke="#7a8ca8"/>"##
            }
            path += (path.isEmpty ? "M" : "L") + "\(x(index).f) \(y(rate).f)"
            let colour = rate >= target ? "#0b6b2e" : "#a3140e"
            svg +=
                ##"<circle cx="\##(x(index).f)" cy="\##(y(rate).f)" r="4" fill="\##(colour)"><title>\##(escape(point.label)): \##(percent(rate)) (n=\##(point.figures.valid))</title></circle>"##
        }
        if !path.isEmpty { svg += ##"<path d="\##(path)" fill="none" stroke="#13315c" stroke-width="2"/>"## }
        let labelEvery = max(1, points.count / 8)
        for (index, point) in points.enumerated() where index % labelEvery == 0 || index == points.count - 1 {
            svg += ##"<text x="\##(x(index).f)" y="\##(height - 12)" text-anchor="middle" font-size="12">\##(escape(point.label))</text>"##
        }
        return svg + "</svg>"
    }

    /// Horizontal bars of rates with 95 % whiskers, the target as a line; small groups marked.
    static func bars(_ rows: [Point], target: Double, title: String) -> String {
        let rowHeight = 30.0
        let labelWidth = 230.0
        let width = 760.0
        let plotWidth = width - labelWidth - 130
        let height = max(60, Double(rows.count) * rowHeight + 30)
        func x(_ rate: Double) -> Double { labelWidth + plotWidth * rate }
        var svg = svgOpen(width: width, height: height, title: title)
        for (index, row) in rows.enumerated() {
            let y = 10 + Double(index) * rowHeight
            let label = row.label.count > 30 ? String(row.label.prefix(29)) + "…" : row.label
            svg +=
                ##"<text x="\##(labelWidth - 8)" y="\##((y + 18).f)" text-anchor="end" font-size="14">\##(escape(label))<title>\##(escape(row.label))</title></text>"##
            svg += ##"<rect x="\##(labelWidth)" y="\##((y + 4).f)" width="\##(plotWidth)" height="18" fill="#eee"/>"##
            if let rate = row.figures.rate {
                let colour = rate >= target ? "#0b6b2e" : "#a3140e"
                svg +=
                    ##"<rect x="\##(labelWidth)" y="\##((y + 4).f)" width="\##((plotWidth * rate).f)" height="18" fill="\##(colour)" opacity="\##(row.figures.tooFewToJudge ? "0.45" : "1")"/>"##
                if let interval = row.figures.ci95 {
                    svg +=
                        ##"<line x1="\##(x(interval[0]).f)" x2="\##(x(interval[1]).f)" y1="\##((y + 13).f)" y2="\##((y + 13).f)" stroke="#000" stroke-width="2"/>"##
                }
                let note = row.figures.tooFewToJudge ? " ít" : ""
                svg +=
                    ##"<text x="\##(labelWidth + plotWidth + 8)" y="\##((y + 18).f)" font-size="14">\##(percent(rate)) n=\##(row.figures.valid)\##(note)</text>"##
            } else {
                svg += ##"<text x="\##(labelWidth + plotWidth + 8)" y="\##((y + 18).f)" font-size="14">— n=0</text>"##
            }
        }
        svg +=
            ##"<line x1="\##(x(target).f)" x2="\##(x(target).f)" y1="4" y2="\##(height - 20)" stroke="#000" stroke-width="2" stroke-dasharray="5 3"/>"##
        svg += ##"<text x="\##(x(target).f)" y="\##(height - 6)" text-anchor="middle" font-size="12">\##(percent(target))</text>"##
        return svg + "</svg>"
    }

    /// Hour of day × weekday: each cell's rate as a shade and as text, with n.
    static func heatMap(_ cells: [String: SatisfactionFigures], hours: ClosedRange<Int>, target: Double, title: String) -> String {
        let days = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
        let cellWidth = 92.0
        let cellHeight = 34.0
        let left = 50.0
        let width = left + cellWidth * 7 + 10
        let height = 30 + cellHeight * Double(hours.count) + 10
        var svg = svgOpen(width: width, height: height, title: title)
        for (index, day) in days.enumerated() {
            svg +=
                ##"<text x="\##((left + cellWidth * Double(index) + cellWidth / 2).f)" y="20" text-anchor="middle" font-size="14" font-weight="bold">\##(day)</text>"##
        }
        for (row, hour) in hours.enumerated() {
            let y = 30 + cellHeight * Double(row)
            svg += ##"<text x="\##(left - 6)" y="\##((y + 22).f)" text-anchor="end" font-size="13">\##(hour)h</text>"##
            for weekday in 1...7 {
                let x = left + cellWidth * Double(weekday - 1)
                guard let figures = cells["\(weekday)-\(hour)"], let rate = figures.rate else {
                    svg += ##"<rect x="\##(x.f)" y="\##(y.f)" width="\##(cellWidth - 2)" height="\##(cellHeight - 2)" fill="#f4f4f4"/>"##
                    continue
                }
                // Below target: red shades; at or above: green shades. Text stays black on a light fill.
                let fill = rate >= target ? "#bfe3c9" : rate >= target - 0.05 ? "#f7d9a8" : "#f3b1ab"
                svg +=
                    ##"<rect x="\##(x.f)" y="\##(y.f)" width="\##(cellWidth - 2)" height="\##(cellHeight - 2)" fill="\##(fill)"><title>\##(days[weekday - 1]) \##(hour)h: \##(percent(rate)), n=\##(figures.valid)</title></rect>"##
                svg +=
                    ##"<text x="\##((x + cellWidth / 2).f)" y="\##((y + 21).f)" text-anchor="middle" font-size="12">\##(percent(rate)) (\##(figures.valid))</text>"##
            }
        }
        return svg + "</svg>"
    }

    static func svgOpen(width: Double, height: Double, title: String) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width.f) \##(height.f)" width="100%" role="img" aria-label="\##(escape(title))" font-family="Noto Sans, DejaVu Sans, sans-serif"><title>\##(escape(title))</title>"##
    }

    static func percent(_ value: Double) -> String { Format.percent(value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension Double {
    /// One decimal, for SVG coordinates.
    var f: String { String(format: "%.1f", self) }

    func rounded(toStep step: Double, _ rule: FloatingPointRoundingRule) -> Double {
        (self / step).rounded(rule) * step
    }
}
