import Foundation
import QRCode
import Testing

/// Encodes with libqrencode and decodes what we render with zbarimg, the real decoder.
@Suite struct QRCodeTests {
    func decode(_ matrix: QRMatrix) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try matrix.pbm(moduleSize: 4).write(to: file, atomically: true, encoding: .ascii)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--quiet", "--raw", "--nodbus", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test func linkDecodesExactly() throws {
        let link = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
        #expect(try decode(QREncoder.encode(link, level: .medium)) == link)
    }

    @Test func vietnameseTextDecodesExactly() throws {
        let text = "Cài đặt VNeID – Trung tâm Phục vụ hành chính công"
        #expect(try decode(QREncoder.encode(text, level: .quartile)) == text)
    }

    @Test func tooLongAndEmptyInputAreRefused() {
        #expect(throws: QRCodeError.empty) { try QREncoder.encode("") }
        #expect(throws: QRCodeError.tooLong(bytes: 3000, level: .high)) { try QREncoder.encode(String(repeating: "x", count: 3000), level: .high) }
    }

    @Test func svgHasOnePathAndAQuietZone() throws {
        let matrix = try QREncoder.encode("https://vneid.gov.vn")
        let svg = matrix.svg(moduleSize: 8)
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("viewBox=\"0 0 \(matrix.size + 8) \(matrix.size + 8)\""))
    }
}
