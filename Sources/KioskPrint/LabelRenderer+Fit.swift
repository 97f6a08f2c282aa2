import CPangoCairo
import Foundation
import KioskCore
import QRCode

extension LabelRenderer {
    /// Places a sheet label's texts in `area` at the largest scale at which they fit: the name kept to
    /// three lines and the producer to two (shortened with "…"), the address left out before the text
    /// gets small; the link at the bottom.
    static func fit(_ texts: [PlacedText], in area: (x: Double, y: Double, width: Double, height: Double), unit: Double, cr: OpaquePointer)
        -> [PlacedText]
    {
        func scaled(_ texts: [PlacedText], by scale: Double) -> [PlacedText] {
            texts.map { text in
                var text = text
                let minimum = text.anywhere ? minimumLinkMM : minimumTextMM
                text.size = max(minimum, text.size * scale) * unit
                text.x = area.x
                text.width = area.width
                return text
            }
        }
        func limited(_ texts: [PlacedText]) -> [PlacedText] {
            texts.map { text in
                guard let lines = [PlacedText.Role.name: 3, .producer: 2][text.role] else { return text }
                var line = text
                line.text = "A"
                let limit = Double(lines) * measure(line, cr: cr) + 0.01 * unit
                guard measure(text, cr: cr) > limit else { return text }
                var shorter = text
                shorter.text = shortened(text, toHeight: limit, cr: cr)
                return shorter
            }
        }
        func gap(_ texts: [PlacedText], _ index: Int) -> Double {
            index == 0 ? 0 : texts[index].size * (texts[index].anywhere ? 0.5 : 0.22)
        }
        func heights(_ texts: [PlacedText]) -> [Double] { texts.map { measure($0, cr: cr) } }
        func total(_ texts: [PlacedText], _ heights: [Double]) -> Double {
            heights.reduce(0, +) + texts.indices.reduce(0) { $0 + gap(texts, $1) }
        }
        func place(_ texts: [PlacedText], _ heights: [Double]) -> [PlacedText] {
            var placed = texts
            var y = area.y
            for index in placed.indices {
                y += gap(placed, index)
                placed[index].y = y
                y += heights[index]
            }
            // The link sits at the bottom of the area when there is room.
            if let last = placed.indices.last, total(placed, heights) <= area.height {
                placed[last].y = area.y + area.height - heights[last]
            }
            return placed
        }

        var candidates: [(texts: [PlacedText], smallest: Double)] = [(texts, 0.6)]
        if let address = texts.firstIndex(where: { $0.role == .address }) {
            var without = texts
            without.remove(at: address)
            candidates = [(texts, 0.8), (without, 0.6)]
        }
        for (candidate, smallest) in candidates {
            for scale in stride(from: 1.2, through: smallest - 0.001, by: -0.05) {
                let sized = limited(scaled(candidate, by: scale))
                let measured = heights(sized)
                if total(sized, measured) <= area.height { return place(sized, measured) }
            }
        }

        // Still too long at the smallest size: shorten the name, then the producer, to fit; clipped at worst.
        var sized = limited(scaled(candidates.last!.texts, by: 0.6))
        for index in [PlacedText.Role.name, .producer].compactMap({ role in sized.firstIndex { $0.role == role } }) {
            let measured = heights(sized)
            let overflow = total(sized, measured) - area.height
            guard overflow > 0 else { break }
            sized[index].text = shortened(sized[index], toHeight: max(0, measured[index] - overflow), cr: cr)
        }
        return place(sized, heights(sized))
    }

    /// The text cut after a word (after a character when even the first word is too long) and ended with
    /// "…", as long as it stays at most `limit` high.
    static func shortened(_ text: PlacedText, toHeight limit: Double, cr: OpaquePointer) -> String {
        func fits(_ candidate: String) -> Bool {
            var shorter = text
            shorter.text = candidate
            return measure(shorter, cr: cr) <= limit
        }
        /// The largest count in `range` for which `make` fits (the lower bound when none does).
        func longest(_ range: ClosedRange<Int>, _ make: (Int) -> String) -> Int {
            var low = range.lowerBound
            var high = range.upperBound
            while low < high {
                let middle = (low + high + 1) / 2
                if fits(make(middle)) { low = middle } else { high = middle - 1 }
            }
            return low
        }
        let words = text.text.split(separator: " ")
        let byWords: (Int) -> String = { words.prefix($0).joined(separator: " ") + "…" }
        if words.count > 1 && fits(byWords(1)) {
            return byWords(longest(1...words.count - 1, byWords))
        }
        let characters = Array(text.text)
        let byCharacters: (Int) -> String = { String(characters.prefix($0)) + "…" }
        return byCharacters(longest(1...max(1, characters.count - 1), byCharacters))
    }
}
