import Foundation
import KioskContent
import KioskCore
import KioskPrint
import QRCode
import TestSupport
import Testing

let sampleContent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("kiosk-content")

func sampleSlip(_ topicID: String = "vneid-kich-hoat-muc-2", language: Language = .vi) throws -> (Slip, HelpTopic) {
    let content = try ContentLoader.load(from: sampleContent)
    let topic = try #require(content.helpTopic(topicID))
    return (Slip(topic: topic, centre: content.centre, language: language, date: LocalDate("2026-11-24")!), topic)
}

@Suite struct SlipTests {
    @Test func helpTopicsAreTheRealOnes() throws {
        let content = try ContentLoader.load(from: sampleContent)
        let ids = Set(content.help.map(\.id))
        for id in [
            "vneid-cai-dat", "vneid-kich-hoat-muc-2", "vneid-quen-mat-khau", "vneid-doi-dien-thoai", "dvc-dang-nhap", "dvc-nop-ho-so",
            "dvc-thanh-toan", "canh-bao-lua-dao", "trung-tam",
        ] {
            #expect(ids.contains(id), "missing topic \(id)")
        }
        #expect(content.help.allSatisfy { $0.source != nil })
        #expect(content.help.allSatisfy { ($0.link ?? "https://").hasPrefix("https://") })
        // The centre topic takes its hours and counters from centre.toml.
        let centre = try #require(content.helpTopic("trung-tam"))
        #expect(centre.body.vi.contains("Thứ Hai – Thứ Sáu: 07:30–11:30, 13:30–17:00"))
        #expect(centre.body.vi.contains("Quầy số 10"))
        #expect(!centre.body.vi.contains("{{"))
        // Slips carry the first numbered list as steps.
        let activate = try #require(content.helpTopic("vneid-kich-hoat-muc-2"))
        #expect(activate.steps(in: .vi).count == 6)
        #expect(activate.steps(in: .vi)[0].hasPrefix("Mở ứng dụng VNeID"))
        #expect(activate.steps(in: .en).count == 6)
    }

    @Test(arguments: [Paper.thermal58, .thermal80])
    func receiptSlipIsOneRasterAtTheRollsDotWidthAndItsQRDecodes(paper: Paper) throws {
        let (slip, topic) = try sampleSlip()
        let job = try SlipRenderer.escpos(slip, paper: paper)
        let image = try #require(ESCPOS.rasterImage(from: job))
        #expect(image.width == SlipRenderer.dotWidth(of: paper))
        #expect(Array(job.prefix(2)) == ESCPOS.initialize)
        #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == [topic.link!])
    }

    @Test(arguments: [Paper.a6, .a4])
    func sheetPDFHasTheTextInVietnameseAndADecodableQR(paper: Paper) throws {
        let (slip, topic) = try sampleSlip()
        let pdf = try SlipRenderer.pdf(slip, paper: paper)
        let text = try Decoder.pdfText(pdf).precomposedStringWithCanonicalMapping
        #expect(text.contains("Trung tâm Phục vụ hành chính công phường Hồng Bàng"))
        #expect(text.contains("Đăng ký và kích hoạt tài khoản"))
        #expect(text.contains("Nhập mã OTP được gửi qua tin nhắn SMS."))
        #expect(text.contains("In ngày 24/11/2026"))
        #expect(text.contains("https://vneid.gov.vn"))
        #expect(try Decoder.decodePDF(pdf) == [topic.link!])
        let info = String(decoding: try Decoder.run("/usr/bin/pdfinfo", ["-"], input: pdf), as: UTF8.self)
        #expect(info.contains(paper == .a6 ? "297.638 x 419.528 pts" : "595.276 x 841.89 pts"), "\(info)")
    }

    @Test func pngSlipAndEnglishSlip() throws {
        let (slip, topic) = try sampleSlip(language: .en)
        #expect(slip.title == topic.title.en)
        #expect(slip.dateLine == "Printed 24/11/2026")
        let png = try SlipRenderer.png(slip, paper: .thermal80)
        #expect(try Decoder.decodeImage(png, fileExtension: "png") == [topic.link!])
    }

    @Test func htmlPrintViewHasStepsQRAndEscapedText() throws {
        var (slip, _) = try sampleSlip()
        slip.steps.append("<script>alert(1)</script>")
        let html = SlipHTML.render(slip, paper: .a6, language: .vi)
        #expect(html.contains("@page { size: A6"))
        #expect(html.contains("<li>Nhập số định danh cá nhân và số điện thoại.</li>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("<script>"))
        let svgStart = try #require(html.range(of: "<svg"))
        let svgEnd = try #require(html.range(of: "</svg>"))
        #expect(try Decoder.decodeSVG(String(html[svgStart.lowerBound..<svgEnd.upperBound])) == ["https://vneid.gov.vn"])
    }

    @Test func topicWithoutLinkHasNoQR() throws {
        let (slip, _) = try sampleSlip("trung-tam")
        #expect(slip.link == nil)
        let image = try #require(ESCPOS.rasterImage(from: try SlipRenderer.escpos(slip, paper: .thermal58)))
        #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm").isEmpty)
        #expect(image.width == ESCPOS.dots58mm)
    }
}

@Suite struct PrinterClientTests {
    @Test func networkPrinterReceivesTheSlipAndItsQRDecodes() throws {
        let printer = try CaptureServer()
        let (slip, topic) = try sampleSlip()
        let job = try SlipRenderer.escpos(slip, paper: .thermal80)
        try PrinterClient(timeout: 5).send(job, to: .tcp(host: "127.0.0.1", port: printer.port))
        let received = try #require(printer.wait())
        #expect(received == job)
        let image = try #require(ESCPOS.rasterImage(from: received))
        #expect(try Decoder.decodeImage(image.pbm(), fileExtension: "pbm") == [topic.link!])
    }

    @Test func printerThatIsOffFailsFastWithAClearError() throws {
        // A port nobody listens on: refused at once.
        let closed = try CaptureServer(accept: false)
        let port = closed.port
        let start = Date()
        let refused = PrinterConfig.Address.tcp(host: "127.0.0.1", port: 1)
        #expect(throws: PrintError.self) { try PrinterClient(timeout: 3).send([0x1B, 0x40], to: refused) }
        #expect(Date().timeIntervalSince(start) < 3)
        // A printer that takes the connection but never reads: the job stalls and times out.
        let stalled = Date()
        do {
            try PrinterClient(timeout: 1).send([UInt8](repeating: 0, count: 32_000_000), to: .tcp(host: "127.0.0.1", port: port))
            Issue.record("a stalled printer was reported as printed")
        } catch let error as PrintError {
            #expect(error.description.contains("tcp:127.0.0.1:\(port)"))
        }
        #expect(Date().timeIntervalSince(stalled) < 4)
        withExtendedLifetime(closed) {}
    }

    @Test func missingUSBPrinterSaysToPlugItIn() {
        do {
            try PrinterClient(timeout: 1).send([0x1B, 0x40], to: .usb(path: "/dev/usb/lp-none"))
            Issue.record("a missing device printed")
        } catch let error as PrintError {
            #expect(error.description.contains("plugged in"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func printerAddressesParse() {
        #expect(PrinterConfig.Address("usb:/dev/usb/lp0") == .usb(path: "/dev/usb/lp0"))
        #expect(PrinterConfig.Address("tcp:192.168.1.50:9100") == .tcp(host: "192.168.1.50", port: 9100))
        #expect(PrinterConfig.Address("cups:van-phong") == .cups(queue: "van-phong"))
        #expect(PrinterConfig.Address("tcp:host") == nil)
        #expect(PrinterConfig.Address("usb:/etc/passwd") == nil)
        #expect(PrinterConfig.Address("cups:a;rm -rf") == nil)
        #expect(PrinterConfig.Address("lpt1") == nil)
    }

    @Test func jobsAreCheckedAgainstThePrinter() throws {
        let receipt = PrinterConfig(id: "r", address: .usb(path: "/dev/usb/lp0"), paper: .thermal80)
        let sheet = PrinterConfig(id: "s", address: .cups(queue: "office"), paper: .a4)
        #expect(throws: PrinterJob.Mismatch.self) { try PrinterJob.check(Array("%PDF-1.5".utf8), format: nil, for: receipt) }
        #expect(throws: PrinterJob.Mismatch.self) { try PrinterJob.check(ESCPOS.initialize, format: nil, for: sheet) }
        try PrinterJob.check(ESCPOS.initialize, format: .escpos, for: receipt)
        try PrinterJob.check(Array("%PDF-1.5".utf8), format: .pdf, for: sheet)
    }
}
