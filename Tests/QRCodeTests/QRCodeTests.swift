import Foundation
import QRCode
import TestSupport
import Testing

/// Texts every format must carry byte for byte: a link, a long link, Vietnamese text.
let samples = [
    "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    "https://vneid.gov.vn/huong-dan?" + (1...40).map { "buoc\($0)=kich-hoat-tai-khoan" }.joined(separator: "&"),
    "Cài đặt VNeID – Trung tâm Phục vụ hành chính công phường Hồng Bàng: Ông/Bà nhớ mang căn cước gắn chip.",
]

@Suite struct QREncoderTests {
    @Test func tooLongEmptyAndBadVersionAreRefusedWithASentence() {
        #expect(throws: QRCodeError.empty) { try QREncoder.encode("") }
        #expect(throws: QRCodeError.tooLong(bytes: 3000, level: .high)) { try QREncoder.encode(String(repeating: "x", count: 3000), level: .high) }
        #expect(throws: QRCodeError.invalidArgument("version 41 is outside 1–40")) { try QREncoder.encode("x", minimumVersion: 41) }
        #expect(QRCodeError.tooLong(bytes: 3000, level: .high).description.contains("do not fit"))
    }

    @Test func minimumVersionIsHonoured() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn", level: .low, minimumVersion: 10)
        #expect(matrix.version == 10)
        #expect(matrix.size == 17 + 4 * 10)
    }

    @Test func bytesEncodeAsGiven() throws {
        let matrix = try QREncoder.encode(bytes: Array("ABC-123".utf8), level: .quartile)
        #expect(try Decoder.decodeImage(matrix.bitmap(moduleSize: 4).pbm(), fileExtension: "pbm") == ["ABC-123"])
    }
}

@Suite struct RendererTests {
    static let cases: [(String, ErrorCorrection)] = samples.flatMap { text in ErrorCorrection.allCases.map { (text, $0) } }

    @Test(arguments: cases) func svgDecodes(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        #expect(try Decoder.decodeSVG(matrix.svg(moduleSize: 4)) == [text])
    }

    @Test(arguments: cases) func pbmDecodes(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        #expect(try Decoder.decodeImage(matrix.bitmap(moduleSize: 3).pbm(), fileExtension: "pbm") == [text])
    }

    @Test(arguments: cases) func terminalTextDecodesInBothVariants(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        for lightOnDark in [false, true] {
            let image = try TerminalImage.bitmap(from: matrix.terminalText(lightOnDark: lightOnDark), inkIsDark: !lightOnDark, scale: 4)
            #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == [text], "lightOnDark: \(lightOnDark)")
        }
    }

    @Test(arguments: cases) func escposRasterDecodesAcrossBands(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        let job = ESCPOS.document(matrix.bitmap(moduleSize: 4), bandHeight: 64)
        let image = try #require(ESCPOS.rasterImage(from: job))
        #expect(image.height == (matrix.size + 8) * 4)
        #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == [text])
    }
}

@Suite struct RendererShapeTests {
    @Test func svgIsOnePathWithAQuietZone() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn")
        let svg = matrix.svg(moduleSize: 8)
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("viewBox=\"0 0 \(matrix.size + 8) \(matrix.size + 8)\""))
        #expect(svg.contains("crispEdges"))
    }

    @Test func terminalTextUsesTwoModuleRowsPerLine() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn")
        let lines = matrix.terminalText().split(separator: "\n")
        #expect(lines.count == (matrix.size + 8 + 1) / 2)
        #expect(lines.allSatisfy { $0.count == matrix.size + 8 })
        #expect(lines.allSatisfy { $0.allSatisfy { " ▀▄█".contains($0) } })
    }

    @Test func escposBandsFollowGSv0() throws {
        let matrix = try QREncoder.encode("https://dichvucong.gov.vn")
        let bitmap = matrix.bitmap(moduleSize: 10)  // (25 + 8) × 10 = 330 lines: two bands of at most 255
        let raster = ESCPOS.raster(bitmap)
        #expect(Array(raster.prefix(8)) == [0x1D, 0x76, 0x30, 0x00, UInt8(bitmap.bytesPerRow), 0, 255, 0])
        let second = 8 + bitmap.bytesPerRow * 255
        #expect(Array(raster[second..<second + 8]) == [0x1D, 0x76, 0x30, 0x00, UInt8(bitmap.bytesPerRow), 0, 75, 0])
        #expect(raster.count == 16 + bitmap.bytes.count)
    }

    @Test func modulesAreWholePixels() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn")
        let module = matrix.moduleSize(fitting: 300)
        #expect(module == 300 / (matrix.size + 8))
        let bitmap = matrix.bitmap(moduleSize: module)
        #expect(bitmap.width == (matrix.size + 8) * module)
        // The quiet zone is white.
        #expect((0..<bitmap.width).allSatisfy { !bitmap[$0, 4 * module - 1] })
    }
}

/// Turns half-block terminal text back into an image, as a camera would see the screen.
enum TerminalImage {
    static func bitmap(from text: String, inkIsDark: Bool, scale: Int) throws -> Bitmap {
        let lines = text.split(separator: "\n").map(Array.init)
        let width = try #require(lines.first?.count)
        var image = Bitmap(width: width * scale, height: lines.count * 2 * scale)
        for (row, line) in lines.enumerated() {
            for (column, character) in line.enumerated() {
                let (top, bottom): (Bool, Bool) =
                    switch character {
                    case "█": (true, true)
                    case "▀": (true, false)
                    case "▄": (false, true)
                    default: (false, false)
                    }
                for (half, ink) in [(0, top), (1, bottom)] where ink == inkIsDark {
                    image.fill(x: column * scale, y: (row * 2 + half) * scale, width: scale, height: scale)
                }
            }
        }
        return image
    }
}
