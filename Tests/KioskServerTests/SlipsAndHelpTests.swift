import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore
import TestSupport
import Testing

@Suite struct QRAndHelpTests {
    @Test func qrSVGDecodesAndIsLengthLimited() async throws {
        try await TestServer.withLiveServer { client in
            let text = "Cổng Dịch vụ công: https://dichvucong.gov.vn"
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await client.execute(uri: "/qr.svg?ec=Q&text=\(encoded)", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/svg+xml")
            #expect(try Decoder.decodeSVG(response.text) == [text])
            let long = String(repeating: "a", count: 1025)
            let tooLong = try await client.execute(uri: "/qr.svg?text=\(long)", method: .get)
            #expect(tooLong.status == .badRequest)
            #expect(try tooLong.errorMessage().contains("at most 1024"))
            #expect(try await client.execute(uri: "/qr.svg", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/qr.svg?text=x&ec=Z", method: .get).status == .badRequest)
        }
    }

    @Test func helpTreeAndTopicWithItsQR() async throws {
        try await TestServer.withLiveServer { client in
            let tree = try await client.execute(uri: "/api/v1/help", method: .get).json()
            let topics = try #require(tree["topics"] as? [[String: Any]])
            #expect(topics.count >= 10)
            #expect(topics.contains { $0["id"] as? String == "vneid" && $0["parent"] == nil })
            let topic = try await client.execute(uri: "/api/v1/help/vneid-cai-dat", method: .get).json()
            #expect(topic["link"] as? String == "https://vneid.gov.vn")
            let html = try #require(topic["html"] as? [String: String])
            #expect(html["vi"]?.contains("<ol>") == true)
            let steps = try #require(topic["steps"] as? [String: [String]])
            #expect((steps["vi"]?.count ?? 0) >= 3)
            let qr = try #require(topic["qr"] as? String)
            let svg = try await client.execute(uri: qr, method: .get)
            #expect(try Decoder.decodeSVG(svg.text) == ["https://vneid.gov.vn"])
            let parent = try await client.execute(uri: "/api/v1/help/vneid", method: .get).json()
            #expect((parent["children"] as? [String])?.first == "vneid-cai-dat")
            #expect(try await client.execute(uri: "/api/v1/help/nope", method: .get).status == .notFound)
        }
    }
}

@Suite struct StaffSlipsTests {
    /// A copy of the sample content whose receipt printer is the given loopback port.
    func content(printerPort: Int) throws -> URL {
        let folder = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: TestServer.content, to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        let text = try String(contentsOf: centre, encoding: .utf8)
            .replacingOccurrences(of: "uri = \"usb:/dev/usb/lp0\"", with: "uri = \"tcp:127.0.0.1:\(printerPort)\"")
        try text.write(to: centre, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func staffPreviewDownloadAndPrintASlip() async throws {
        let printer = try CaptureServer()
        var configuration = TestServer.configuration()
        configuration.contentDirectory = try content(printerPort: printer.port)
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "canbo", role: .staff, passwordHash: Bcrypt.hash("mat-khau-can-bo", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            #expect(try await client.execute(uri: "/staff/slips", method: .get).status == .seeOther)
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let page = try await client.execute(uri: "/staff/slips", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(page.text.contains("data-topic=\"vneid-kich-hoat-muc-2\""))
            #expect(page.text.contains("In: Máy in nhiệt quầy tiếp nhận (80mm)"))

            let preview = try await client.execute(
                uri: "/staff/slips/vneid-cai-dat/preview.png?paper=58mm", method: .get, headers: [.cookie: session])
            #expect(preview.headers[.contentType] == "image/png")
            #expect(try Decoder.decodeImage([UInt8](buffer: preview.body), fileExtension: "png") == ["https://vneid.gov.vn"])

            let pdf = try await client.execute(uri: "/staff/slips/dvc-nop-ho-so/slip.pdf?paper=a4&lang=en", method: .get, headers: [.cookie: session])
            #expect(pdf.headers[.contentDisposition]?.contains("dvc-nop-ho-so-a4-en.pdf") == true)
            #expect(try Decoder.decodePDF([UInt8](buffer: pdf.body)) == ["https://dichvucong.gov.vn"])

            let view = try await client.execute(uri: "/staff/slips/canh-bao-lua-dao/print-view?paper=a6", method: .get, headers: [.cookie: session])
            #expect(view.text.contains("@page { size: A6"))

            let printed = try await client.execute(
                uri: "/staff/slips/vneid-doi-dien-thoai/print", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "application/x-www-form-urlencoded"]),
                body: ByteBuffer(string: "printer=quay-tiep-nhan"))
            #expect(printed.status == .seeOther)
            let back = try #require(printed.headers[.location])
            #expect(back == "/staff/slips?printer=quay-tiep-nhan&topic=vneid-doi-dien-thoai&printed=1")
            let after = try await client.execute(uri: back, method: .get, headers: [.cookie: session])
            #expect(after.text.contains("Đã gửi phiếu “Đổi điện thoại mới hoặc mất điện thoại” tới máy in “Máy in nhiệt quầy tiếp nhận”."))
        }
        let job = try #require(printer.wait())
        let image = try #require(try ESCPOSImage.decode(job))
        #expect(image == ["https://vneid.gov.vn"])
    }

    @Test func anUnreachablePrinterIsReportedWithinSeconds() async throws {
        let nobody = try CaptureServer(accept: false)
        var configuration = TestServer.configuration()
        configuration.contentDirectory = try content(printerPort: 1)
        configuration.printTimeout = 2
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "canbo", role: .staff, passwordHash: Bcrypt.hash("mat-khau-can-bo", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let start = Date()
            let response = try await client.execute(
                uri: "/staff/slips/vneid-cai-dat/print", method: .post,
                headers: try await client.staffHeaders(session, [.contentType: "application/x-www-form-urlencoded"]),
                body: ByteBuffer(string: "printer=quay-tiep-nhan"))
            #expect(Date().timeIntervalSince(start) < 4)
            let back = try #require(response.headers[.location])
            #expect(back.hasSuffix("&failed=unreachable"))
            let page = try await client.execute(uri: back, method: .get, headers: [.cookie: session])
            #expect(page.text.contains("Chưa in: không kết nối được máy in “Máy in nhiệt quầy tiếp nhận”."))
            // The server still answers.
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
        withExtendedLifetime(nobody) {}
    }
}
