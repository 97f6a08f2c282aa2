import Foundation
import QRCode
import TestSupport
import Testing

@Suite struct QRCLITests {
    @Test(arguments: ["svg", "png", "pdf", "pbm", "txt", "escpos"])
    func everyFormatDecodes(format: String) throws {
        let text = "Quét để cài VNeID: https://vneid.gov.vn"
        let out = Decoder.temporaryFolder("cli").appendingPathComponent("code.\(format)")
        let result = try KioskCLI.run(["qr", "--format", format, "--ec", "Q", "--size", "300", "--out", out.path, text])
        #expect(result.status == 0, "\(result.error)")
        let bytes = [UInt8](try Data(contentsOf: out))
        let decoded: [String]
        switch format {
        case "svg": decoded = try Decoder.decodeSVG(String(decoding: bytes, as: UTF8.self))
        case "pdf": decoded = try Decoder.decodePDF(bytes)
        case "txt": decoded = try Decoder.decodeImage(TextQR.bitmap(String(decoding: bytes, as: UTF8.self)).pbm(), fileExtension: "pbm")
        case "escpos": decoded = try Decoder.decodeImage(try #require(ESCPOS.rasterImage(from: bytes)).pbm(), fileExtension: "pbm")
        default: decoded = try Decoder.decodeImage(bytes, fileExtension: format)
        }
        #expect(decoded == [text])
    }

    @Test func standardInAndStandardOut() throws {
        let result = try KioskCLI.run(["qr", "--format", "txt", "-"], input: "https://dichvucong.gov.vn\n")
        #expect(result.status == 0)
        #expect(try Decoder.decodeImage(TextQR.bitmap(result.output).pbm(), fileExtension: "pbm") == ["https://dichvucong.gov.vn"])
    }

    @Test func pngSizeIsClampedToWholeModules() throws {
        let out = Decoder.temporaryFolder("cli").appendingPathComponent("code.pbm")
        _ = try KioskCLI.run(["qr", "--format", "pbm", "--size", "4096", "--out", out.path, "x"])
        let image = try #require(Bitmap(pbm: [UInt8](try Data(contentsOf: out))))
        #expect(image.width <= 4096)
        #expect(image.width % 29 == 0)  // version 1: 21 modules + 8 of quiet zone
    }

    @Test(arguments: [
        (["qr", ""], "nothing to encode"),
        (["qr", "--ec", "H", String(repeating: "x", count: 2000)], "do not fit"),
        (["qr", "--size", "100000", "x"], "--size must be between"),
        (["qr", "--size", "3", "x"], "--size must be between"),
        (["qr", "--format", "gif", "x"], "gif"),
    ])
    func badInputExitsOneWithASentence(arguments: [String], message: String) throws {
        let result = try KioskCLI.run(arguments)
        #expect(result.status != 0)
        #expect(result.error.contains(message), "\(result.error)")
    }
}

@Suite struct SlipCLITests {
    @Test func slipToAFileAndToANetworkPrinter() throws {
        let out = Decoder.temporaryFolder("cli").appendingPathComponent("slip.bin")
        let made = try KioskCLI.run(["slip", "dvc-dang-nhap", "--paper", "58mm", "--out", out.path, "--content", KioskCLI.content])
        #expect(made.status == 0, "\(made.error)")
        let job = [UInt8](try Data(contentsOf: out))
        let image = try #require(ESCPOS.rasterImage(from: job))
        #expect(image.width == 384)
        #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == ["https://dichvucong.gov.vn"])

        // The same file through `kiosk print` to a printer that is a local listener.
        let printer = try CaptureServer()
        let content = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: content)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: content)
        let centre = content.appendingPathComponent("centre.toml")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "usb:/dev/usb/lp0", with: "tcp:127.0.0.1:\(printer.port)")
            .write(to: centre, atomically: true, encoding: .utf8)
        let sent = try KioskCLI.run(["print", "--printer", "quay-tiep-nhan", "--content", content.path, out.path])
        #expect(sent.status == 0, "\(sent.error)")
        #expect(printer.wait() == job)

        // A PDF is refused by a receipt printer before anything is sent.
        let pdf = Decoder.temporaryFolder("cli").appendingPathComponent("slip.pdf")
        _ = try KioskCLI.run(["slip", "dvc-dang-nhap", "--paper", "a4", "--out", pdf.path, "--content", KioskCLI.content])
        let refused = try KioskCLI.run(["print", "--printer", "quay-tiep-nhan", "--content", content.path, pdf.path])
        #expect(refused.status != 0)
        #expect(refused.error.contains("takes ESC/POS"))
    }

    @Test func slipPrintedOnAnUnreachablePrinterFailsFast() throws {
        let content = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: content)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: content)
        let centre = content.appendingPathComponent("centre.toml")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "usb:/dev/usb/lp0", with: "tcp:127.0.0.1:1")
            .write(to: centre, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try KioskCLI.run(["slip", "vneid-cai-dat", "--print", "quay-tiep-nhan", "--content", content.path])
        #expect(result.status == 1)
        #expect(result.error.contains("printer tcp:127.0.0.1:1: cannot connect"))
        #expect(Date().timeIntervalSince(start) < 8)
    }

    @Test func unknownTopicAndPrinterAreNamed() throws {
        let topic = try KioskCLI.run(["slip", "nope", "--content", KioskCLI.content])
        #expect(topic.error.contains("no help topic 'nope'"))
        let printer = try KioskCLI.run(["slip", "vneid", "--print", "nope", "--content", KioskCLI.content])
        #expect(printer.error.contains("no printer 'nope'"))
    }

    @Test func htmlSlip() throws {
        let result = try KioskCLI.run(["slip", "canh-bao-lua-dao", "--paper", "a6", "--format", "html", "--content", KioskCLI.content])
        #expect(result.status == 0)
        #expect(result.output.contains("<html lang=\"vi\">"))
        #expect(result.output.contains("<svg"))
    }
}

/// Turns dark-on-light half-block text back into an image.
enum TextQR {
    static func bitmap(_ text: String, scale: Int = 4) throws -> Bitmap {
        let lines = text.split(separator: "\n").map(Array.init)
        var image = Bitmap(width: (lines.first?.count ?? 1) * scale, height: lines.count * 2 * scale)
        for (row, line) in lines.enumerated() {
            for (column, character) in line.enumerated() {
                if character == "█" || character == "▀" { image.fill(x: column * scale, y: row * 2 * scale, width: scale, height: scale) }
                if character == "█" || character == "▄" { image.fill(x: column * scale, y: (row * 2 + 1) * scale, width: scale, height: scale) }
            }
        }
        return image
    }
}
