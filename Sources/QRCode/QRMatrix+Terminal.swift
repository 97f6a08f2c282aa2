extension QRMatrix {
    /// The symbol as terminal text of UTF-8 half blocks, two module rows per text row, with the quiet zone.
    ///
    /// - Parameter lightOnDark: for terminals that draw light text on a dark background: the blocks
    ///   then draw the light modules (and the quiet zone), so the dark modules are the terminal's own
    ///   background and a phone still sees dark on light.
    public func terminalText(lightOnDark: Bool = false) -> String {
        let side = size + 2 * Self.quietZone
        func ink(_ x: Int, _ y: Int) -> Bool {
            guard y < side else { return lightOnDark }  // the padding row below an odd side
            let dark = self[x - Self.quietZone, y - Self.quietZone]
            return lightOnDark ? !dark : dark
        }
        var lines: [String] = []
        for y in stride(from: 0, to: side, by: 2) {
            var line = ""
            for x in 0..<side {
                switch (ink(x, y), ink(x, y + 1)) {
                case (true, true): line.append("█")
                case (true, false): line.append("▀")
                case (false, true): line.append("▄")
                case (false, false): line.append(" ")
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
