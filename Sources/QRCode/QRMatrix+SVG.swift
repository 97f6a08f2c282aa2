extension QRMatrix {
    /// The quiet zone every renderer leaves around the symbol, in modules.
    public static let quietZone = 4

    /// An SVG image with one path of whole-unit squares and a white quiet zone of ``quietZone`` modules.
    /// - Parameter moduleSize: the side of one module in SVG user units (pixels).
    public func svg(moduleSize: Int = 8) -> String {
        let side = (size + 2 * Self.quietZone) * moduleSize
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                let start = x
                while x < size && self[x, y] { x += 1 }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let box = size + 2 * Self.quietZone
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(box) \(box)" \
            shape-rendering="crispEdges"><rect width="\(box)" height="\(box)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// A plain PBM (P1) image, one pixel per `moduleSize`, with the quiet zone.
    public func pbm(moduleSize: Int = 4) -> String {
        let side = (size + 2 * Self.quietZone) * moduleSize
        var lines = ["P1", "\(side) \(side)"]
        lines.reserveCapacity(side + 2)
        for py in 0..<side {
            let y = py / moduleSize - Self.quietZone
            var row = ""
            row.reserveCapacity(side * 2)
            for px in 0..<side {
                row += self[px / moduleSize - Self.quietZone, y] ? "1 " : "0 "
            }
            lines.append(row)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
