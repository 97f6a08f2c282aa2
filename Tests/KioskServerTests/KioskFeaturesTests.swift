import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import KioskPrint
import KioskServer
import KioskStore
import NIOCore
import QRCode
import TestSupport
import Testing

@Suite struct KioskFeaturesTests {
    @Test func eachKioskGetsItsOwnQuestionsCountersAndOfficers() async throws {
        try await TestServer.withLiveServer { client in
            let hall = try await client.execute(uri: "/api/v1/kiosk?kiosk=kiosk-1", method: .get).json()
            let device = try #require(hall["kiosk"] as? [String: Any])
            #expect(device["askCounter"] as? Bool == true)
            #expect(device["askField"] as? Bool == true)
            #expect(device["printer"] as? String == "quay-tiep-nhan")
            #expect(device["idleSeconds"] as? Int == 75)
            let counters = try #require(hall["counters"] as? [[String: Any]])
            #expect(counters.count == 10)
            let officers = counters.flatMap { $0["officers"] as? [[String: Any]] ?? [] }
            #expect(officers.contains { $0["name"] as? String == "Nguyễn Thị Lan" })
            #expect(!officers.contains { $0["id"] as? String == "cb-06" })  // show_name = false
            #expect((hall["fields"] as? [[String: Any]])?.count == 10)

            let desk = try await client.execute(uri: "/api/v1/kiosk?kiosk=kiosk-2", method: .get).json()
            let deskDevice = try #require(desk["kiosk"] as? [String: Any])
            #expect(deskDevice["counter"] as? String == "Q03")
            #expect(deskDevice["askCounter"] as? Bool == false)

            let anonymous = try await client.execute(uri: "/api/v1/kiosk", method: .get).json()
            let defaults = try #require(anonymous["kiosk"] as? [String: Any])
            #expect(defaults["id"] is NSNull)
            #expect(defaults["askCounter"] as? Bool == true)
            #expect(defaults["speech"] as? Bool == false)
        }
    }

    @Test func aDossierIsRatedOnceAndARetryIsStillAnsweredAsStored() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let first =
                #"{"id": "aaaaaaaa-0000-4000-8000-000000000001", "survey": "quick", "answers": {"overall": "satisfied"}, "dossierCode": "H26.05-260115-0001"}"#
            #expect(try await client.postRating(first).status == .created)
            #expect(try await client.postRating(first).status == .ok)
            let second = try await client.postRating(
                #"{"id": "aaaaaaaa-0000-4000-8000-000000000002", "survey": "quick", "answers": {"overall": "dissatisfied"}, "dossierCode": "h26.05-260115-0001"}"#
            )
            #expect(second.status == .conflict)
            #expect(try second.errorMessage() == "this dossier has already been rated, thank you")
            #expect(try (second.json()["error"] as? [String: Any])?["field"] as? String == "dossierCode")
        }
        #expect(try AppDatabase.open(directory: configuration.dataDirectory).ratingCount() == 1)
    }

    @Test func helpCallIsSeenAndTakenByStaff() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        try database.addUser(name: "canbo", role: .staff, passwordHash: Bcrypt.hash("mat-khau-can-bo", cost: 4))
        try await TestServer.withLiveServer(configuration) { client in
            let id = "bbbbbbbb-0000-4000-8000-000000000001"
            let created = try await client.postAsKiosk("/api/v1/calls", #"{"id": "\#(id)", "kiosk": "kiosk-1", "topic": "vneid-cai-dat"}"#)
            #expect(created.status == .created)
            #expect(try created.json()["status"] as? String == "waiting")
            let retry = try await client.postAsKiosk("/api/v1/calls", #"{"id": "\#(id)", "kiosk": "kiosk-1", "topic": "vneid-cai-dat"}"#)
            #expect(retry.status == .ok)
            let bad = try await client.postAsKiosk("/api/v1/calls", #"{"id": "x"}"#)
            #expect(bad.status == .badRequest)

            #expect(try await client.execute(uri: "/staff/calls", method: .get).status == .seeOther)
            let session = try await client.signIn("canbo", "mat-khau-can-bo")
            let page = try await client.execute(uri: "/staff/calls", method: .get, headers: [.cookie: session])
            #expect(page.text.contains("data-call=\"\(id)\""))
            #expect(page.text.contains("Máy đánh giá sảnh chờ"))
            #expect(page.text.contains("Cài đặt ứng dụng VNeID"))

            let take = try await client.execute(uri: "/staff/calls/\(id)/take", method: .post, headers: try await client.staffHeaders(session))
            #expect(take.status == .seeOther)
            let status = try await client.execute(uri: "/api/v1/calls/\(id)", method: .get).json()
            #expect(status["status"] as? String == "taken")
            #expect(status["takenBy"] as? String == "canbo")
            let list = try await client.execute(uri: "/staff/calls/calls.json", method: .get, headers: [.cookie: session]).json()
            #expect((list["calls"] as? [[String: Any]])?.first?["status"] as? String == "taken")
        }
    }

    @Test func kioskPrintsATopicOnItsOwnPrinter() async throws {
        let printer = try CaptureServer()
        let folder = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: TestServer.content, to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        try (try String(contentsOf: centre, encoding: .utf8)).replacingOccurrences(of: "usb:/dev/usb/lp0", with: "tcp:127.0.0.1:\(printer.port)")
            .write(to: centre, atomically: true, encoding: .utf8)
        var configuration = TestServer.configuration()
        configuration.contentDirectory = folder
        try await TestServer.withLiveServer(configuration) { client in
            let printed = try await client.postAsKiosk("/api/v1/help/dvc-dang-nhap/print", #"{"kiosk": "kiosk-1", "lang": "en"}"#)
            #expect(printed.status == .ok)
            // Paired as kiosk-1, the device may not print on another kiosk's printer (kiosk-2 has none anyway).
            let otherKiosk = try await client.postAsKiosk("/api/v1/help/dvc-dang-nhap/print", #"{"kiosk": "kiosk-2"}"#)
            #expect(otherKiosk.status == .forbidden)
        }
        let job = try #require(printer.wait())
        #expect(try ESCPOSImage.decode(job) == ["https://dichvucong.gov.vn"])
    }

    @Test func speechIsAWaveFileAndCached() async throws {
        let configuration = TestServer.configuration()
        try await TestServer.withLiveServer(configuration) { client in
            let text = "Ông/Bà có hài lòng không?".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let first = try await client.execute(uri: "/api/v1/speech?lang=vi&text=\(text)", method: .get, headers: TestServer.kioskHeaders)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "audio/wav")
            let bytes = [UInt8](buffer: first.body)
            #expect(bytes.count > 4000)
            #expect(Array(bytes.prefix(4)) == Array("RIFF".utf8))
            let second = try await client.execute(uri: "/api/v1/speech?lang=vi&text=\(text)", method: .get, headers: TestServer.kioskHeaders)
            #expect([UInt8](buffer: second.body) == bytes)
            let long = String(repeating: "a", count: 501)
            #expect(
                try await client.execute(uri: "/api/v1/speech?text=\(long)", method: .get, headers: TestServer.kioskHeaders).status == .badRequest)
        }
        let cache = configuration.dataDirectory.appendingPathComponent("speech-cache")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".wav") }.count == 1)
    }

    @Test func officerPhotosAreServedOnlyWhenShown() async throws {
        let folder = Decoder.temporaryFolder("content")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: TestServer.content, to: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("officers"), withIntermediateDirectories: true)
        let png = try QREncoder.encode("cb-01").png(moduleSize: 2)
        try Data(png).write(to: folder.appendingPathComponent("officers/cb-01.png"))
        let centre = folder.appendingPathComponent("centre.toml")
        let text = try String(contentsOf: centre, encoding: .utf8)
        let withPhoto = text.replacingOccurrences(of: "id = \"cb-01\"\n", with: "id = \"cb-01\"\nphoto = \"officers/cb-01.png\"\n")
        #expect(withPhoto != text)
        try withPhoto.write(to: centre, atomically: true, encoding: .utf8)
        var configuration = TestServer.configuration()
        configuration.contentDirectory = folder
        try await TestServer.withLiveServer(configuration) { client in
            let config = try await client.execute(uri: "/api/v1/kiosk?kiosk=kiosk-1", method: .get).json()
            let officers = (config["counters"] as? [[String: Any]] ?? []).flatMap { $0["officers"] as? [[String: Any]] ?? [] }
            #expect(officers.contains { $0["photo"] as? String == "/content/photos/cb-01" })
            let photo = try await client.execute(uri: "/content/photos/cb-01", method: .get)
            #expect(photo.headers[.contentType] == "image/png")
            #expect([UInt8](buffer: photo.body) == png)
            #expect(try await client.execute(uri: "/content/photos/cb-06", method: .get).status == .notFound)
        }
    }
}
