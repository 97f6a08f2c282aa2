import Foundation
import KioskCore
import KioskOCOP
import KioskPrint
import QRCode
import TestSupport
import Testing

/// A real product of the ward: Cát Hải fish sauce, 4 stars, its batch L2026/11 (the slash is percent-encoded in the link).
enum LabelSample {
    static let base = "https://truyxuat.hongbang.example.vn"
    static let gtin = "893000000001" + String(GS1DigitalLink.checkDigit(of: "893000000001"))

    static func product(
        name: LocalizedText = LocalizedText(vi: "Nước mắm Cát Hải", en: "Cat Hai fish sauce"), stars: Int? = 4,
        certificateIssued: LocalDate = LocalDate("2025-06-12")!, producer: String = "Hợp tác xã Thủy sản Cát Hải"
    ) -> OCOPProduct {
        OCOPProduct(
            id: "nuoc-mam-cat-hai", name: name, group: .food,
            certificate: stars.map {
                OCOPCertificate(stars: $0, score: 78, number: "2471/QĐ-UBND", issued: certificateIssued, authority: "UBND thành phố Hải Phòng")
            },
            producer: OCOPProducer(name: producer, address: "Thị trấn Cát Hải, huyện Cát Hải, thành phố Hải Phòng", phone: "0225 3886 123"),
            gtin: gtin)
    }

    static let batch = OCOPBatch(product: "nuoc-mam-cat-hai", id: "L2026/11", produced: LocalDate("2026-11-20")!, expires: LocalDate("2028-11-20")!)

    static func link(_ product: OCOPProduct = product()) throws -> String {
        try product.link(batch: batch).uri(base: base)
    }

    static func label(_ product: OCOPProduct = product(), language: Language = .vi) throws -> ProductLabel {
        ProductLabel(product: product, batch: batch, uri: try link(product), language: language)
    }
}

struct PGMError: Error, CustomStringConvertible {
    var description: String { "pdftoppm did not write an 8-bit PGM" }
}

/// A grey page as pdftoppm renders it, for looking at where the ink is.
struct GrayPage {
    let width: Int
    let height: Int
    let pixels: [UInt8]
    let dotsPerMM: Double

    func isDark(_ x: Int, _ y: Int) -> Bool { pixels[y * width + x] < 128 }

    /// Every page of a PDF, rendered at `dpi`.
    static func pages(of pdf: [UInt8], dpi: Int = 200) throws -> [GrayPage] {
        let folder = Decoder.temporaryFolder("label")
        let input = folder.appendingPathComponent("labels.pdf")
        try Data(pdf).write(to: input)
        try Decoder.run("/usr/bin/pdftoppm", ["-r", String(dpi), "-gray", input.path, folder.appendingPathComponent("page").path])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pgm") }.sorted()
        return try files.map { try GrayPage(pgm: [UInt8](Data(contentsOf: folder.appendingPathComponent($0))), dotsPerMM: Double(dpi) / 25.4) }
    }

    /// Reads a binary PGM (P5) with 8-bit samples.
    init(pgm data: [UInt8], dotsPerMM: Double) throws {
        var fields: [String] = []
        var index = 0
        var current = ""
        while fields.count < 4 && index < data.count {
            let byte = data[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]), let height = Int(fields[2]), fields[3] == "255",
            data.count - index >= width * height
        else { throw PGMError() }
        self.width = width
        self.height = height
        self.pixels = Array(data[index..<index + width * height])
        self.dotsPerMM = dotsPerMM
    }

    /// The pixels whose centres lie in the rectangle, in millimetres.
    func pixels(xMM: Double, yMM: Double, widthMM: Double, heightMM: Double) -> (xs: Range<Int>, ys: Range<Int>) {
        let xs = Int((xMM * dotsPerMM).rounded())..<min(width, Int(((xMM + widthMM) * dotsPerMM).rounded()))
        let ys = Int((yMM * dotsPerMM).rounded())..<min(height, Int(((yMM + heightMM) * dotsPerMM).rounded()))
        return (xs, ys)
    }

    /// The rectangle as a one-bit image (for the QR decoder).
    func bitmap(xMM: Double, yMM: Double, widthMM: Double, heightMM: Double) -> Bitmap {
        let (xs, ys) = pixels(xMM: xMM, yMM: yMM, widthMM: widthMM, heightMM: heightMM)
        var bitmap = Bitmap(width: xs.count, height: ys.count)
        for y in ys { for x in xs where isDark(x, y) { bitmap[x - xs.lowerBound, y - ys.lowerBound] = true } }
        return bitmap
    }

    /// The box around the ink in the rectangle, in millimetres from its corner; `nil` when it is blank.
    func inkBox(xMM: Double, yMM: Double, widthMM: Double, heightMM: Double) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        let (xs, ys) = pixels(xMM: xMM, yMM: yMM, widthMM: widthMM, heightMM: heightMM)
        var box: (Int, Int, Int, Int)?
        for y in ys {
            for x in xs where isDark(x, y) {
                box = box.map { (min($0.0, x), min($0.1, y), max($0.2, x), max($0.3, y)) } ?? (x, y, x, y)
            }
        }
        return box.map {
            (Double($0.0) / dotsPerMM - xMM, Double($0.1) / dotsPerMM - yMM, Double($0.2 + 1) / dotsPerMM - xMM, Double($0.3 + 1) / dotsPerMM - yMM)
        }
    }
}

/// The labels of an ESC/POS job, each the raster image sent before one cut.
func escposLabels(_ job: [UInt8]) -> [Bitmap] {
    var labels: [Bitmap] = []
    var start = 0
    var index = 0
    while index < job.count {
        if index + 8 <= job.count, job[index] == 0x1D, job[index + 1] == 0x76, job[index + 2] == 0x30 {
            let widthBytes = Int(job[index + 4]) | Int(job[index + 5]) << 8
            let lines = Int(job[index + 6]) | Int(job[index + 7]) << 8
            index += 8 + widthBytes * lines
        } else if job[index...].starts(with: ESCPOS.feedAndCut) {
            if let image = ESCPOS.rasterImage(from: Array(job[start..<index])) { labels.append(image) }
            index += ESCPOS.feedAndCut.count
            start = index
        } else {
            index += 1
        }
    }
    return labels
}

/// Width and height from a PNG's header.
func pngSize(_ png: [UInt8]) -> (Int, Int) {
    func number(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (number(16), number(20))
}

@Suite struct LabelTests {
    /// Label paper the sheets must match: label size, columns, rows, top margin (mm).
    static let paper: [LabelLayout: (width: Double, height: Double, columns: Int, rows: Int, top: Double)] = [
        .a4_3x8: (70, 37, 3, 8, 0.5), .a4_2x5: (105, 57, 2, 5, 6),
    ]

    @Test(arguments: LabelLayout.allCases, LabelFormat.allCases)
    func everyFormatAndLayoutDecodesToTheExactLink(layout: LabelLayout, format: LabelFormat) throws {
        let label = try LabelSample.label()
        #expect(label.uri == "https://truyxuat.hongbang.example.vn/01/08930000000019/10/L2026%2F11?17=281120&11=261120")
        if format == .escpos && !layout.isRoll {
            #expect(throws: LabelError.escposNeedsRoll(layout)) { try LabelRenderer.render(label, layout: layout, format: format) }
            return
        }
        let bytes = try LabelRenderer.render(label, layout: layout, format: format)
        let decoded: [String] =
            switch format {
            case .pdf: try Decoder.decodePDF(bytes, dpi: 200)
            case .png: try Decoder.decodeImage(bytes, fileExtension: "png")
            case .svg: try Decoder.decodeSVG(String(decoding: bytes, as: UTF8.self))
            case .escpos: try Decoder.decodeImage(try #require(ESCPOS.rasterImage(from: bytes)).pbm(), fileExtension: "pbm")
            }
        #expect(decoded == [label.uri])
    }

    @Test(arguments: [(LabelLayout.a4_3x8, 30), (.a4_2x5, 12)])
    func sheetsFillTheLabelPaperInReadingOrderOverPages(layout: LabelLayout, count: Int) throws {
        let label = try LabelSample.label()
        let pdf = try LabelRenderer.render(label, layout: layout, format: .pdf, count: count)
        let info = String(decoding: try Decoder.run("/usr/bin/pdfinfo", ["-f", "1", "-l", "9", "-"], input: pdf), as: UTF8.self)
        #expect(info.contains("Pages:           2"), "\(info)")
        #expect(info.contains("Page    1 size:  595.276 x 841.89 pts (A4)"), "\(info)")
        #expect(info.contains("Page    2 size:  595.276 x 841.89 pts (A4)"), "\(info)")

        let sheet = try #require(Self.paper[layout])
        #expect(Double(sheet.columns) * sheet.width == 210)
        #expect(Double(sheet.rows) * sheet.height + 2 * sheet.top == 297)
        let pages = try GrayPage.pages(of: pdf)
        #expect(pages.count == 2)
        let symbolSize = try QREncoder.encode(label.uri, level: .quartile).size
        var decodable = 0
        for (pageIndex, page) in pages.enumerated() {
            for row in 0..<sheet.rows {
                for column in 0..<sheet.columns {
                    let number = pageIndex * sheet.columns * sheet.rows + row * sheet.columns + column
                    let x = Double(column) * sheet.width
                    let y = sheet.top + Double(row) * sheet.height
                    let ink = page.inkBox(xMM: x, yMM: y, widthMM: sheet.width, heightMM: sheet.height)
                    guard number < count else {
                        #expect(ink == nil, "label place \(number + 1) should be blank")
                        continue
                    }
                    let box = try #require(ink, "label \(number + 1) is blank")
                    // At least 3 mm of white inside every edge (2.85 mm allows for anti-aliasing), and the area used.
                    #expect(box.minX >= 2.85 && box.minY >= 2.85, "label \(number + 1): ink at \(box)")
                    #expect(box.maxX <= sheet.width - 2.85 && box.maxY <= sheet.height - 2.85, "label \(number + 1): ink at \(box)")
                    #expect(box.maxX - box.minX >= 0.85 * (sheet.width - 6), "label \(number + 1) uses too little width: \(box)")
                    #expect(box.maxY - box.minY >= 0.85 * (sheet.height - 6), "label \(number + 1) uses too little height: \(box)")
                    // The QR code (alone in the label's left 10 mm) starts at the 3 mm padding, or its 4-module quiet zone
                    // when that is wider, and is centred top to bottom: a sheet shifted by half a millimetre shows here.
                    let code = try #require(page.inkBox(xMM: x, yMM: y, widthMM: 10, heightMM: sheet.height))
                    let module = (code.maxY - code.minY) / Double(symbolSize)
                    #expect(abs(code.minX - max(3, 4 * module)) <= 0.2, "label \(number + 1): QR code at \(code)")
                    #expect(abs(code.minY - (sheet.height - code.maxY)) <= 0.3, "label \(number + 1): QR code at \(code)")
                    let cell = page.bitmap(xMM: x, yMM: y, widthMM: sheet.width, heightMM: sheet.height)
                    if try Decoder.decodeImage(cell.pbm(), fileExtension: "pbm") == [label.uri] { decodable += 1 }
                }
            }
        }
        #expect(decodable == count)
    }

    @Test(arguments: [LabelLayout.a4_3x8, .a4_2x5, .roll58, .roll80])
    func pdfTextIsVietnameseWithTheDatesAndTheLink(layout: LabelLayout) throws {
        let label = try LabelSample.label()
        let text = try Decoder.pdfText(try LabelRenderer.render(label, layout: layout, format: .pdf))
        for expected in [
            "Nước mắm Cát Hải", "★★★★ OCOP", "Hợp tác xã Thủy sản Cát Hải", "Lô / Batch: L2026/11", "NSX: 20/11/2026", "HSD: 20/11/2028",
        ] {
            // As written (NFC), not only after normalising.
            #expect(text.contains(expected), "\(expected) missing from \(text)")
        }
        // The link wraps anywhere but reads exactly, with no hyphen added at a break.
        #expect(text.filter { !$0.isWhitespace }.contains(label.uri), "\(text)")
        #expect(text.contains("Thị trấn Cát Hải") == (layout != .a4_3x8))
    }

    @Test func englishLabelsAndProductsWithoutStarsOrEnglishName() throws {
        let english = try LabelSample.label(language: .en)
        let text = try Decoder.pdfText(try LabelRenderer.render(english, layout: .a4_2x5, format: .pdf))
        for expected in ["Cat Hai fish sauce", "★★★★ OCOP", "Batch: L2026/11", "Produced: 20/11/2026", "Best before: 20/11/2028"] {
            #expect(text.contains(expected), "\(expected) missing from \(text)")
        }
        #expect(!text.contains("NSX") && !text.contains("Nước mắm"))

        // No English name: the Vietnamese one. No certificate: no stars.
        let local = try LabelSample.label(LabelSample.product(name: LocalizedText(vi: "Bánh đa cua Hải Phòng"), stars: nil), language: .en)
        #expect(local.stars == nil)
        let localText = try Decoder.pdfText(try LabelRenderer.render(local, layout: .a4_3x8, format: .pdf))
        #expect(localText.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Bánh đa cua Hải Phòng"))
        #expect(!localText.contains("★") && !localText.contains("OCOP"))

        // A batch made after the certificate ended carries no stars; five stars are five glyphs.
        #expect(try LabelSample.label(LabelSample.product(certificateIssued: LocalDate("2023-01-10")!)).stars == nil)
        let five = try LabelSample.label(LabelSample.product(stars: 5))
        #expect(try Decoder.pdfText(try LabelRenderer.render(five, layout: .roll58, format: .pdf)).contains("★★★★★ OCOP"))
    }

    @Test(arguments: [LabelLayout.roll58, .roll80])
    func rollLabelsHaveWholeDotModulesAtLevelQCentredAboveTheText(layout: LabelLayout) throws {
        let label = try LabelSample.label()
        let image = try #require(ESCPOS.rasterImage(from: try LabelRenderer.render(label, layout: layout, format: .escpos)))
        #expect(image.width == (layout == .roll58 ? 384 : 576))
        let symbol = try QREncoder.encode(label.uri, level: .quartile)

        // The first row with ink is the top of the finder patterns: 7 modules, then a light one.
        let top = try #require((0..<image.height).first { y in (0..<image.width).contains { image[$0, y] } })
        let left = try #require((0..<image.width).first { image[$0, top] })
        let run = (left..<image.width).prefix { image[$0, top] }.count
        #expect(run % 7 == 0, "finder pattern \(run) dots wide is not whole modules")
        let module = run / 7
        #expect(module >= 4)
        let side = symbol.size * module
        var mismatches = 0
        for row in 0..<symbol.size {
            for column in 0..<symbol.size where image[left + column * module + module / 2, top + row * module + module / 2] != symbol[column, row] {
                mismatches += 1
            }
        }
        #expect(mismatches == 0, "the printed symbol differs from the level-Q encoding in \(mismatches) modules")
        // Centred, with a quiet zone of four modules above, beside and below; the text under it.
        #expect(abs(left - (image.width - left - side)) <= 1)
        let quiet = 4 * module
        #expect(top >= quiet)
        let besides = (top..<top + side).allSatisfy { y in
            !(left - quiet..<left).contains { image[$0, y] } && !(left + side..<left + side + quiet).contains { image[$0, y] }
        }
        #expect(besides)
        #expect((top + side..<top + side + quiet).allSatisfy { y in !(0..<image.width).contains { image[$0, y] } })
        #expect((top + side + quiet..<image.height).contains { y in (0..<image.width).contains { image[$0, y] } })
    }

    @Test(arguments: [LabelLayout.roll58, .roll80])
    func escposPrintsEachLabelThenFeedsAndCuts(layout: LabelLayout) throws {
        let label = try LabelSample.label()
        let job = try LabelRenderer.render(label, layout: layout, format: .escpos, count: 3)
        #expect(job.starts(with: ESCPOS.initialize))
        #expect(job.suffix(ESCPOS.feedAndCut.count).elementsEqual(ESCPOS.feedAndCut))
        let labels = escposLabels(job)
        #expect(labels.count == 3)
        for image in labels {
            #expect(image.height > image.width, "a roll label is taller than wide: \(image.width) × \(image.height)")
            #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == [label.uri])
        }
        // Bands of at most 255 lines.
        #expect(job.count == 5 + 3 * ((labels[0].height + 254) / 255 * 8 + labels[0].bytesPerRow * labels[0].height + 3 + 4))
    }

    @Test func imagesAreOneLabelAtPrintResolution() throws {
        let label = try LabelSample.label()
        let expected: [LabelLayout: (Int, Int?)] = [.a4_3x8: (827, 437), .a4_2x5: (1240, 673), .roll58: (384, nil), .roll80: (576, nil)]
        for layout in LabelLayout.allCases {
            let (width, height) = pngSize(try LabelRenderer.render(label, layout: layout, format: .png))
            #expect(width == expected[layout]!.0)
            #expect(height == expected[layout]!.1 ?? height)
            if layout.isRoll { #expect(height > width) }
            let svg = String(decoding: try LabelRenderer.render(label, layout: layout, format: .svg), as: UTF8.self)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\""))
            #expect(svg.contains(">Nước mắm Cát Hải</text>"))
            #expect(svg.contains(">HSD: 20/11/2028</text>"))
        }
        // Roll pages in the PDF are the label: 48 mm or 72 mm wide.
        let info = String(
            decoding: try Decoder.run("/usr/bin/pdfinfo", ["-"], input: try LabelRenderer.render(label, layout: .roll80, format: .pdf)), as: UTF8.self
        )
        #expect(info.contains("Page size:       204.094 x"), "\(info)")
    }

    @Test func mistakesSayWhatToDo() throws {
        let label = try LabelSample.label()
        func message(_ body: () throws -> [UInt8]) -> String {
            do {
                _ = try body()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(
            message { try LabelRenderer.render(label, layout: .roll58, format: .png, count: 5) }
                == "png holds one label; use pdf or escpos for --count 5")
        #expect(
            message { try LabelRenderer.render(label, layout: .a4_3x8, format: .svg, count: 2) }.hasPrefix(
                "svg holds one label; use pdf for --count 2"))
        #expect(
            message { try LabelRenderer.render(label, layout: .a4_2x5, format: .escpos) }
                == "escpos prints on 58mm or 80mm rolls; choose --layout 58mm or 80mm")
        for count in [0, -1, 1001] {
            #expect(
                message { try LabelRenderer.render(label, layout: .a4_3x8, format: .pdf, count: count) }.contains("choose --count between 1 and 1000")
            )
        }
        let a6 = PrinterConfig(id: "quay-a6", address: .cups(queue: "A6"), paper: .a6)
        #expect(message { try LabelRenderer.printJob(label, count: 1, for: a6) }.hasPrefix("printer quay-a6 holds a6 sheets"))
        // A link too long for a dense-enough symbol on the small label.
        var long = label
        long.uri = LabelSample.base + "/01/08930000000014/10/" + String(repeating: "A", count: 900)
        #expect(message { try LabelRenderer.render(long, layout: .a4_3x8, format: .pdf) }.contains("too dense to scan on a a4-3x8 label"))
    }

    @Test func printJobSuitsThePrinter() throws {
        let label = try LabelSample.label()
        let receipt = PrinterConfig(id: "quay-1", address: .tcp(host: "192.168.1.50", port: 9100), paper: .thermal58)
        let job = try LabelRenderer.printJob(label, count: 2, for: receipt)
        let labels = escposLabels(job)
        #expect(labels.count == 2 && labels.allSatisfy { $0.width == 384 })
        let sheet = PrinterConfig(id: "van-phong", address: .cups(queue: "Office"), paper: .a4)
        let pdf = try LabelRenderer.printJob(label, count: 2, for: sheet)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        try PrinterJob.check(pdf, format: nil, for: sheet)
        let page = try #require(try GrayPage.pages(of: pdf).first)
        #expect(page.inkBox(xMM: 0, yMM: 0.5, widthMM: 70, heightMM: 37) != nil)
        #expect(page.inkBox(xMM: 140, yMM: 0.5, widthMM: 70, heightMM: 37) == nil)
    }

    @Test(arguments: [LabelLayout.a4_3x8, .a4_2x5])
    func longNamesShrinkOrShortenInsideTheirLabel(layout: LabelLayout) throws {
        let name = "Nước mắm cốt cá cơm than truyền thống ủ chượp thùng gỗ 24 tháng độ đạm 40 Cát Hải đặc biệt chai thủy tinh 500 ml"
        let product = LabelSample.product(
            name: LocalizedText(vi: name), producer: "Hợp tác xã Dịch vụ Nông nghiệp và Thủy sản Thị trấn Cát Hải Thành phố Hải Phòng")
        let label = try LabelSample.label(product)
        let pdf = try LabelRenderer.render(label, layout: layout, format: .pdf, count: 2)
        let sheet = try #require(Self.paper[layout])
        let page = try #require(try GrayPage.pages(of: pdf).first)
        for column in 0..<2 {
            let x = Double(column) * sheet.width
            let box = try #require(page.inkBox(xMM: x, yMM: sheet.top, widthMM: sheet.width, heightMM: sheet.height))
            #expect(box.minX >= 2.85 && box.minY >= 2.85 && box.maxX <= sheet.width - 2.85 && box.maxY <= sheet.height - 2.85, "ink at \(box)")
            let cell = page.bitmap(xMM: x, yMM: sheet.top, widthMM: sheet.width, heightMM: sheet.height)
            #expect(try Decoder.decodeImage(cell.pbm(), fileExtension: "pbm") == [label.uri])
        }
        let text = try Decoder.pdfText(pdf)
        #expect(text.contains("Nước mắm cốt cá cơm"))
        #expect(text.contains("HSD: 20/11/2028"))
        #expect(text.filter { !$0.isWhitespace }.contains(label.uri))
    }

    /// Writes the pictures of docs/printing.md when LABEL_SCREENS_DIR names a folder.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LABEL_SCREENS_DIR"] != nil))
    func documentationScreens() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["LABEL_SCREENS_DIR"]!)
        let label = try LabelSample.label()
        let pdf = try LabelRenderer.render(label, layout: .a4_3x8, format: .pdf, count: 24)
        let input = Decoder.temporaryFolder("screens").appendingPathComponent("sheet.pdf")
        try Data(pdf).write(to: input)
        try Decoder.run(
            "/usr/bin/pdftoppm", ["-r", "100", "-png", "-singlefile", input.path, folder.appendingPathComponent("ocop-labels-a4-3x8").path])
        try Data(try LabelRenderer.render(label, layout: .roll80, format: .png)).write(to: folder.appendingPathComponent("ocop-label-80mm.png"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("ocop-labels-a4-3x8.png").path))
    }
}
