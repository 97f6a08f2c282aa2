import Foundation
import KioskPrint
import QRCode
import TestSupport
import Testing

/// QR codes drawn by KioskPrint's cairo wrapper decode to the text they carry, byte for byte.
@Suite struct QRImageTests {
    static let samples = [
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "https://vneid.gov.vn/huong-dan?" + (1...40).map { "buoc\($0)=kich-hoat-tai-khoan" }.joined(separator: "&"),
        "Cài đặt VNeID – Trung tâm Phục vụ hành chính công phường Hồng Bàng: Ông/Bà nhớ mang căn cước gắn chip.",
    ]
    static let cases: [(String, ErrorCorrection)] = samples.flatMap { text in ErrorCorrection.allCases.map { (text, $0) } }

    @Test(arguments: cases) func pngDecodes(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        #expect(try Decoder.decodeImage(matrix.png(moduleSize: 4), fileExtension: "png") == [text])
    }

    @Test(arguments: cases) func pdfDecodes(text: String, level: ErrorCorrection) throws {
        let matrix = try QREncoder.encode(text, level: level)
        let pdf = try matrix.pdf(sidePoints: 288)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(try Decoder.decodePDF(pdf) == [text])
    }

    @Test func aPNGIsExactlyTheModulesAndQuietZone() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn", level: .medium)
        let png = try matrix.png(moduleSize: 3)
        // The IHDR chunk: width and height, big-endian, at bytes 16..<24.
        let side = (matrix.size + 2 * QRMatrix.quietZone) * 3
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && width == side && height == side)
    }
}
