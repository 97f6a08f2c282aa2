import Foundation
import KioskCore
import QRCode
import TestSupport
import Testing

/// A registry in a fresh data folder, driven through the real `kiosk ocop` commands.
private struct Registry {
    let data = KioskCLI.temporary("data").path
    var content = KioskCLI.content

    static let base = "https://truyxuat.hongbang.example.vn"
    static let gtin = "8931234567897"
    static let gtin14 = "08931234567897"
    static let today = LocalDate.of(Date(), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!).date

    @discardableResult
    func run(_ arguments: [String]) throws -> KioskCLI.Result {
        try KioskCLI.run(["ocop"] + arguments + ["--data", data, "--content", content])
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "kiosk ocop \(arguments.joined(separator: " ")): \(result.error)")
        return result.output
    }

    /// Adds the fish sauce of Cát Hải, with a 4-star certificate issued 100 days ago, and one batch.
    func addFishSauce(name: String = "Nước mắm Cát Hải", batch: Bool = true) throws {
        try ok([
            "add", "--name", name, "--name-en", "Cat Hai fish sauce", "--group", "food", "--gtin", Self.gtin,
            "--producer", "HTX Chế biến Thủy sản Cát Hải", "--producer-address", "Thị trấn Cát Hải, huyện Cát Hải, TP Hải Phòng",
            "--producer-phone", "0225 3886 123", "--brand", "Cát Hải", "--description", "Nước mắm truyền thống ủ chượp 12 tháng",
            "--ingredients", "Cá cơm, muối biển", "--storage", "Nơi khô ráo, thoáng mát", "--stars", "4", "--score", "78",
            "--certificate", "1234/QĐ-UBND", "--certified", Self.today.adding(days: -100).description, "--authority", "UBND thành phố Hải Phòng",
        ])
        if batch {
            try ok([
                "batch", "add", "nuoc-mam-cat-hai", "--batch", "L2026-11", "--produced", "2026-11-01", "--expires", "2027-11-01", "--quantity", "500",
            ])
        }
    }

    /// A copy of the content folder with the given changes to centre.toml.
    static func content(replacing changes: [(String, String)]) throws -> String {
        let folder = KioskCLI.temporary("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: KioskCLI.content), to: folder)
        let centre = folder.appendingPathComponent("centre.toml")
        var text = try String(contentsOf: centre, encoding: .utf8)
        for (old, new) in changes {
            #expect(text.contains(old), "centre.toml has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: centre, atomically: true, encoding: .utf8)
        return folder.path
    }
}

@Suite struct OCOPProductCLITests {
    @Test func addListShowKeepVietnameseIntact() throws {
        let registry = Registry()
        // Typed with combining marks, as some keyboards send it; the registry keeps the composed form.
        try registry.addFishSauce(name: "Nước mắm Cát Hải".decomposedStringWithCanonicalMapping)

        let list = try registry.ok(["list"])
        #expect(list.contains("nuoc-mam-cat-hai"))
        #expect(list.contains(Registry.gtin14))
        #expect(list.contains("Nước mắm Cát Hải"))
        #expect(list.contains("4★"))
        #expect(list.contains("còn hạn đến"))
        #expect(!list.contains("HẾT HẠN"))

        let show = try registry.ok(["show", Registry.gtin])
        for text in [
            "Nước mắm Cát Hải (Cat Hai fish sauce)", "Thực phẩm (Food)", "HTX Chế biến Thủy sản Cát Hải",
            "Thị trấn Cát Hải, huyện Cát Hải, TP Hải Phòng", "0225 3886 123", "1234/QĐ-UBND", "UBND thành phố Hải Phòng", "78 điểm",
            "Cá cơm, muối biển", "Nơi khô ráo, thoáng mát", "Nước mắm truyền thống ủ chượp 12 tháng", "\(Registry.base)/01/\(Registry.gtin14)",
            "L2026-11", "2026-11-01", "2027-11-01", "500",
        ] {
            #expect(show.contains(text), "show lacks \(text)")
        }

        let json = try registry.ok(["show", "nuoc-mam-cat-hai", "--json"])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((record["name"] as? [String: Any])?["vi"] as? String == "Nước mắm Cát Hải")
        #expect(((record["name"] as? [String: Any])?["vi"] as? String)?.unicodeScalars.count == "Nước mắm Cát Hải".unicodeScalars.count)
        #expect((record["producer"] as? [String: Any])?["address"] as? String == "Thị trấn Cát Hải, huyện Cát Hải, TP Hải Phòng")
        #expect((record["certificate"] as? [String: Any])?["stars"] as? Int == 4)
        #expect((record["batches"] as? [Any])?.count == 1)

        let listed = try registry.ok(["list", "--json"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["certificateStatus"] as? String == "valid")
        #expect(records.first?["batches"] as? Int == 1)
    }

    @Test func listFlagsCertificatesNearAndPastExpiry() throws {
        let registry = Registry()
        let issued = Registry.today.adding(days: -400)
        try registry.ok([
            "add", "--name", "Chè Tân Cương", "--group", "drinks", "--gtin", "8936000123451", "--producer", "HTX Chè Tân Cương",
            "--producer-address", "Xã Tân Cương, Thái Nguyên", "--stars", "3", "--certificate", "55/QĐ-UBND", "--certified", issued.description,
            "--authority", "UBND tỉnh Thái Nguyên", "--certificate-expires", Registry.today.adding(days: 30).description,
        ])
        try registry.ok([
            "add", "--name", "Gốm Bát Tràng", "--group", "handicrafts", "--gtin", "8931234567897", "--producer", "Cơ sở gốm Minh Hải",
            "--producer-address", "Xã Bát Tràng, Hà Nội", "--stars", "5", "--certificate", "9/QĐ-UBND", "--certified", "2020-01-01",
            "--authority", "UBND thành phố Hà Nội",
        ])
        let list = try registry.ok(["list"])
        let tea = try #require(list.split(separator: "\n").first { $0.contains("che-tan-cuong") })
        #expect(tea.contains("SẮP HẾT HẠN \(Registry.today.adding(days: 30)) (còn 30 ngày)"))
        let pottery = try #require(list.split(separator: "\n").first { $0.contains("gom-bat-trang") })
        #expect(pottery.contains("HẾT HẠN từ 2022-12-31"))
        #expect(!pottery.contains("SẮP"))
    }

    @Test func badProductsAreRefusedWithEveryProblemAndNothingStored() throws {
        let registry = Registry()
        let common = ["--name", "Nước mắm Cát Hải", "--group", "food", "--producer", "HTX Cát Hải", "--producer-address", "Cát Hải, Hải Phòng"]

        let badGTIN = try registry.run(["add", "--gtin", "8931234567890"] + common)
        #expect(badGTIN.status == 1)
        #expect(badGTIN.error.contains("gtin: check digit should be 7, not 0"), "\(badGTIN.error)")
        #expect(badGTIN.error.contains("nothing was stored"))

        let sixStars = try registry.run(
            [
                "add", "--gtin", Registry.gtin, "--stars", "6", "--certificate", "1/QĐ-UBND", "--certified", "2025-03-10", "--authority",
                "UBND TP Hải Phòng",
            ]
                + common)
        #expect(sixStars.status == 1)
        #expect(sixStars.error.contains("stars: OCOP awards 3, 4 or 5 stars, not 6"), "\(sixStars.error)")

        // Stars without the rest of the certificate, a bad group and a bad GTIN: every problem, one a line.
        let many = try registry.run([
            "add", "--name", "Nước mắm", "--group", "sauce", "--gtin", "12345", "--producer", "HTX", "--producer-address", "Hải Phòng",
            "--stars", "4",
        ])
        #expect(many.status == 1)
        let lines = many.error.split(separator: "\n").map(String.init)
        for prefix in [
            "group: 'sauce' is not a group", "certificate: a certificate needs its decision number", "certified: ", "authority: ", "gtin: ",
        ] {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "no line starting '\(prefix)' in \(lines)")
        }

        let missing = try registry.run(["add", "--name", "Nước mắm"])
        #expect(missing.status == 1)
        for prefix in ["group: ", "gtin: ", "producer: ", "producer-address: "] {
            #expect(missing.error.split(separator: "\n").contains { $0.hasPrefix(prefix) }, "\(missing.error)")
        }

        #expect(try registry.ok(["list", "--json"]).trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        #expect(try registry.ok(["list"]).contains("Sổ chưa có sản phẩm nào"))
    }

    @Test func editReplacesOneFieldAtATime() throws {
        let registry = Registry()
        try registry.addFishSauce(batch: false)
        try registry.ok(["edit", "nuoc-mam-cat-hai", "--brand", "Hải Đăng", "--stars", "5", "--score", "92", "--storage-en", "Keep dry"])
        var show = try registry.ok(["show", "nuoc-mam-cat-hai"])
        #expect(show.contains("Hải Đăng"))
        #expect(show.contains("5★, 92 điểm"))
        #expect(show.contains("1234/QĐ-UBND"))
        #expect(show.contains("Nơi khô ráo, thoáng mát (Keep dry)"))

        // A refused edit changes nothing.
        let refused = try registry.run(["edit", "nuoc-mam-cat-hai", "--brand", "X", "--score", "50"])
        #expect(refused.status == 1)
        #expect(refused.error.contains("score: a score of 50 does not give 5 stars"), "\(refused.error)")
        #expect(try registry.ok(["show", "nuoc-mam-cat-hai"]).contains("Hải Đăng"))

        try registry.ok(["edit", Registry.gtin, "--no-certificate", "--brand", "", "--id", "nuoc-mam-hai-dang"])
        show = try registry.ok(["show", "nuoc-mam-hai-dang"])
        #expect(show.contains("chưa có chứng nhận"))
        #expect(!show.contains("Hải Đăng"))
        #expect(!show.contains("Thương hiệu"))

        let unknown = try registry.run(["edit", "nuoc-mam-cat-hai", "--brand", "X"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("no product 'nuoc-mam-cat-hai' in the registry"))
    }

    @Test func deleteNeedsYesAndImagesComeAndGo() throws {
        let registry = Registry()
        try registry.addFishSauce()
        let png = KioskCLI.temporary("image.png")
        _ = try KioskCLI.run(["qr", "--format", "png", "--out", png.path, "x"])
        try registry.ok(["image", "nuoc-mam-cat-hai", png.path])
        let json = try registry.ok(["show", "nuoc-mam-cat-hai", "--json"])
        #expect(json.contains("\"image\" : \"\(Registry.base)/ocop/images/\(Registry.gtin14)\""), "\(json)")

        let notAnImage = KioskCLI.temporary("image.txt")
        try "hello".write(to: notAnImage, atomically: true, encoding: .utf8)
        let refused = try registry.run(["image", "nuoc-mam-cat-hai", notAnImage.path])
        #expect(refused.status == 1)
        #expect(refused.error.contains("image: the image must be a JPEG, PNG or WebP file"))

        try registry.ok(["image", "nuoc-mam-cat-hai", "--remove"])
        #expect(try registry.ok(["show", "nuoc-mam-cat-hai"]).contains("chưa có (none)"))

        let unconfirmed = try registry.run(["delete", "nuoc-mam-cat-hai"])
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.error.contains("--yes"))
        #expect(try registry.ok(["list"]).contains("nuoc-mam-cat-hai"))
        try registry.ok(["delete", Registry.gtin14, "--yes"])
        #expect(try registry.ok(["list"]).contains("Sổ chưa có sản phẩm nào"))
        let gone = try registry.run(["show", "nuoc-mam-cat-hai"])
        #expect(gone.status == 1)
        #expect(gone.error.contains("no product 'nuoc-mam-cat-hai' in the registry"))
    }
}

@Suite struct OCOPBatchCLITests {
    @Test func batchesAreAddedEditedListedAndRemoved() throws {
        let registry = Registry()
        try registry.addFishSauce()
        try registry.ok(["batch", "add", Registry.gtin, "--batch", "L2026-12", "--produced", "2026-12-01", "--notes", "Lô thử nghiệm"])
        var list = try registry.ok(["batch", "list", "nuoc-mam-cat-hai"])
        #expect(list.contains("L2026-12"))
        #expect(list.contains("Lô thử nghiệm"))
        // Newest production first.
        #expect(list.range(of: "L2026-12")!.lowerBound < list.range(of: "L2026-11")!.lowerBound)

        try registry.ok(["batch", "edit", "nuoc-mam-cat-hai", "L2026-12", "--quantity", "120", "--notes", ""])
        list = try registry.ok(["batch", "list", "nuoc-mam-cat-hai"])
        #expect(list.contains("120"))
        #expect(!list.contains("Lô thử nghiệm"))

        let unconfirmed = try registry.run(["batch", "delete", "nuoc-mam-cat-hai", "L2026-12"])
        #expect(unconfirmed.status == 1)
        try registry.ok(["batch", "delete", "nuoc-mam-cat-hai", "L2026-12", "--yes"])
        #expect(!(try registry.ok(["batch", "list", "nuoc-mam-cat-hai"])).contains("L2026-12"))

        let unknown = try registry.run(["batch", "edit", "nuoc-mam-cat-hai", "L1999", "--quantity", "1"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("product 'nuoc-mam-cat-hai' has no batch 'L1999'"))
    }

    @Test func aBatchExpiringBeforeItWasMadeIsRefused() throws {
        let registry = Registry()
        try registry.addFishSauce(batch: false)
        let refused = try registry.run([
            "batch", "add", "nuoc-mam-cat-hai", "--batch", "L2026-11", "--produced", "2026-11-01", "--expires", "2026-10-01",
        ])
        #expect(refused.status == 1)
        #expect(refused.error.contains("expires: expiry date 2026-10-01 is before production date 2026-11-01"), "\(refused.error)")
        #expect(try registry.ok(["batch", "list", "nuoc-mam-cat-hai"]).contains("Chưa có lô nào"))

        let bad = try registry.run(["batch", "add", "nuoc-mam-cat-hai", "--batch", "Lô 1", "--produced", "01/11/2026", "--quantity=-3"])
        #expect(bad.status == 1)
        let lines = bad.error.split(separator: "\n")
        for prefix in ["batch: ", "produced: '01/11/2026' is not a date", "quantity: "] {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "\(bad.error)")
        }
        #expect(try registry.ok(["batch", "list", "nuoc-mam-cat-hai"]).contains("Chưa có lô nào"))
    }
}

@Suite struct OCOPLinkCLITests {
    @Test func linkPrintsTheExactURI() throws {
        let registry = Registry()
        try registry.addFishSauce()
        #expect(try registry.ok(["link", "nuoc-mam-cat-hai"]) == "\(Registry.base)/01/\(Registry.gtin14)\n")
        #expect(
            try registry.ok(["link", Registry.gtin, "--batch", "L2026-11"])
                == "\(Registry.base)/01/\(Registry.gtin14)/10/L2026-11?17=271101&11=261101\n")
        #expect(
            try registry.ok(["link", "nuoc-mam-cat-hai", "--batch", "L2026-11", "--serial", "0042", "--base", "https://qr.example.vn/"])
                == "https://qr.example.vn/01/\(Registry.gtin14)/10/L2026-11/21/0042?17=271101&11=261101\n")

        let noBatch = try registry.run(["link", "nuoc-mam-cat-hai", "--batch", "L1999"])
        #expect(noBatch.status == 1)
        #expect(noBatch.error.contains("has no batch 'L1999'"))
    }

    @Test func linkWithoutABaseURLSaysWhereToSetIt() throws {
        var registry = Registry()
        try registry.addFishSauce(batch: false)
        registry.content = try Registry.content(replacing: [("base_url = \"https://truyxuat.hongbang.example.vn\"\n", "")])
        let result = try registry.run(["link", "nuoc-mam-cat-hai"])
        #expect(result.status == 1)
        #expect(result.error.contains("[traceability]"), "\(result.error)")
        #expect(result.error.contains("--base"))
        #expect(try registry.ok(["link", "nuoc-mam-cat-hai", "--base", "https://qr.example.vn"]) == "https://qr.example.vn/01/\(Registry.gtin14)\n")
    }
}

@Suite struct OCOPFileCLITests {
    @Test func exportImportExportGivesTheSameBytes() throws {
        let registry = Registry()
        try registry.addFishSauce()
        try registry.ok([
            "batch", "add", "nuoc-mam-cat-hai", "--batch", "L2026-12", "--produced", "2026-12-01", "--notes", "Giao cho chợ Cát Bà, \"đợt 2\"",
        ])
        try registry.ok([
            "add", "--name", "Chè Tân Cương", "--group", "drinks", "--gtin", "8936000123451", "--producer", "HTX Chè Tân Cương",
            "--producer-address", "Xã Tân Cương, Thái Nguyên",
        ])
        let first = KioskCLI.temporary("registry.csv")
        try registry.ok(["export", "--format", "csv", "--out", first.path])

        let restored = Registry()
        let imported = try restored.ok(["import", first.path])
        #expect(imported.contains("2 sản phẩm mới"), "\(imported)")
        #expect(imported.contains("2 lô mới"))
        let second = KioskCLI.temporary("registry.csv")
        try restored.ok(["export", "--format", "csv", "--out", second.path])
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))

        let json = try restored.ok(["export", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((document["products"] as? [Any])?.count == 2)
    }

    @Test func aBadRowRefusesTheWholeFile() throws {
        let registry = Registry()
        try registry.addFishSauce()
        let good = KioskCLI.temporary("registry.csv")
        try registry.ok(["export", "--out", good.path])
        var lines = try String(contentsOf: good, encoding: .utf8).components(separatedBy: "\r\n")
        // A second product, good, then a third with a wrong check digit on line 4.
        lines.insert(
            lines[1].replacingOccurrences(of: "nuoc-mam-cat-hai", with: "nuoc-mam-2").replacingOccurrences(
                of: Registry.gtin14, with: "08936000123451"), at: 2)
        lines.insert(
            lines[1].replacingOccurrences(of: "nuoc-mam-cat-hai", with: "nuoc-mam-3").replacingOccurrences(
                of: Registry.gtin14, with: "08936000123450"), at: 3)
        let bad = KioskCLI.temporary("bad.csv")
        try lines.joined(separator: "\r\n").write(to: bad, atomically: true, encoding: .utf8)

        let fresh = Registry()
        let dryRun = try fresh.run(["import", bad.path, "--dry-run"])
        #expect(dryRun.status == 1)
        let refused = try fresh.run(["import", bad.path])
        #expect(refused.status == 1)
        #expect(refused.error.contains("\(bad.path):4: gtin: check digit should be 1, not 0"), "\(refused.error)")
        #expect(refused.error.contains("nothing was stored"))
        #expect(try fresh.ok(["list"]).contains("Sổ chưa có sản phẩm nào"))

        // A dry run of a good file says what would change and stores nothing.
        let check = try fresh.ok(["import", good.path, "--dry-run"])
        #expect(check.contains("1 sản phẩm mới"), "\(check)")
        #expect(try fresh.ok(["list"]).contains("Sổ chưa có sản phẩm nào"))
    }
}

@Suite struct OCOPLabelsCLITests {
    static let uri = "\(Registry.base)/01/\(Registry.gtin14)/10/L2026-11?17=271101&11=261101"

    @Test(arguments: ["png", "svg", "pdf", "escpos"])
    func labelsCarryTheBatchsDigitalLink(format: String) throws {
        let registry = Registry()
        try registry.addFishSauce()
        let out = KioskCLI.temporary("label.\(format)")
        let layout = format == "escpos" ? ["--layout", "58mm"] : []
        try registry.ok(["labels", "nuoc-mam-cat-hai", "--batch", "L2026-11", "--format", format, "--out", out.path] + layout)
        let bytes = [UInt8](try Data(contentsOf: out))
        let decoded: [String]
        switch format {
        case "svg": decoded = try Decoder.decodeSVG(String(decoding: bytes, as: UTF8.self))
        case "pdf": decoded = try Decoder.decodePDF(bytes)
        case "escpos": decoded = try Decoder.decodeImage(try #require(ESCPOS.rasterImage(from: bytes)).pbm(), fileExtension: "pbm")
        default: decoded = try Decoder.decodeImage(bytes, fileExtension: format)
        }
        #expect(decoded == [Self.uri])
    }

    @Test func labelsGoToAPrinterOfTheCentre() throws {
        var registry = Registry()
        try registry.addFishSauce()
        let printer = try CaptureServer()
        registry.content = try Registry.content(replacing: [("usb:/dev/usb/lp0", "tcp:127.0.0.1:\(printer.port)")])
        let sent = try registry.ok(["labels", Registry.gtin, "--batch", "L2026-11", "--count", "2", "--printer", "quay-tiep-nhan"])
        #expect(sent.contains("quay-tiep-nhan"))
        let job = try #require(printer.wait())
        // The receipt printer's roll (80 mm) as ESC/POS, the same job a file would hold.
        let file = KioskCLI.temporary("labels.bin")
        try registry.ok([
            "labels", "nuoc-mam-cat-hai", "--batch", "L2026-11", "--count", "2", "--layout", "80mm", "--format", "escpos", "--out", file.path,
        ])
        #expect(job == [UInt8](try Data(contentsOf: file)))
        let image = try #require(ESCPOS.rasterImage(from: job))
        #expect(image.width == 576)
        // Both labels of the job, one code each (zbarimg writes one symbol a line).
        let symbols = try Decoder.decodeImage(image.pbm(), fileExtension: "pbm").joined(separator: "\n").split(separator: "\n")
        #expect(symbols == [Substring(Self.uri), Substring(Self.uri)])
    }

    @Test func labelMistakesAreRefused() throws {
        let registry = Registry()
        try registry.addFishSauce()
        let out = KioskCLI.temporary("label.png").path
        for (arguments, message) in [
            (["--format", "png", "--count", "3", "--out", out], "png holds one label"),
            (["--format", "escpos", "--out", out], "escpos prints on 58mm or 80mm rolls"),
            (["--layout", "a5", "--out", out], "--layout must be a4-3x8, a4-2x5, 58mm, 80mm"),
            (["--printer", "nowhere"], "no printer 'nowhere' in centre.toml"),
            ([], "give --out FILE"),
        ] {
            let result = try registry.run(["labels", "nuoc-mam-cat-hai", "--batch", "L2026-11"] + arguments)
            #expect(result.status == 1)
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
        }
        let noBatch = try registry.run(["labels", "nuoc-mam-cat-hai", "--batch", "L1999", "--out", out])
        #expect(noBatch.status == 1)
        #expect(noBatch.error.contains("product 'nuoc-mam-cat-hai' has no batch 'L1999'"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
