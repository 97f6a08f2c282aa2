import KioskCore
import Testing

@Suite struct PersonalDataRedactorTests {
    @Test(arguments: [
        ("số 0912345678 nhé", "số [đã ẩn] nhé"),
        ("0912 345 678", "[đã ẩn]"),
        ("0912.345.678", "[đã ẩn]"),
        ("0912-345-678", "[đã ẩn]"),
        ("+84 912 345 678", "[đã ẩn]"),
        ("+84912345678", "[đã ẩn]"),
        ("máy bàn 0225 3821 456", "máy bàn [đã ẩn]"),
        ("CCCD 031200001234", "CCCD [đã ẩn]"),
        ("CMND 031234567", "CMND [đã ẩn]"),
        ("thư nguyen.van.a@gmail.com ạ", "thư [đã ẩn] ạ"),
        // Stored verbatim or in part before.
        ("gọi 84-912-345-678 nhé", "gọi [đã ẩn] nhé"),
        ("gọi 84912345679", "gọi [đã ẩn]"),
        ("gọi (+84) 912 345 670", "gọi [đã ẩn]"),
        ("sdt0912345672", "sdt[đã ẩn]"),
        ("ĐT:0912.345.671 ạ", "ĐT:[đã ẩn] ạ"),
        ("gọi 0912  345  673", "gọi [đã ẩn]"),
        ("số ０９１２３４５６７４ ạ", "số [đã ẩn] ạ"),
        ("số 0084 912 345 675", "số [đã ẩn]"),
        ("máy bàn 0225.3821.456 hoặc 0225-3821-457", "máy bàn [đã ẩn] hoặc [đã ẩn]"),
        ("CCCD 001 203 004 568", "CCCD [đã ẩn]"),
        ("CMND 031.234.567", "CMND [đã ẩn]"),
        ("thư nguyễnvănb@gmail.com", "thư [đã ẩn]"),
        ("mail lê.hoàng@hải-phòng.vn nhé", "mail [đã ẩn] nhé"),
        ("STK 0071000123456 Vietcombank", "STK [đã ẩn] Vietcombank"),
        ("chuyển vào số tài khoản 1903 6655 8880 12 ạ", "chuyển vào số tài khoản [đã ẩn] ạ"),
        ("TK: 123456 ACB", "TK: [đã ẩn] ACB"),
        ("Techcombank 19036655888012", "Techcombank [đã ẩn]"),
        ("xe 15A-123.45 đỗ trước cổng", "xe [đã ẩn] đỗ trước cổng"),
        ("xe 29H1 234.56", "xe [đã ẩn]"),
        ("xe 15-B1 123.45", "xe [đã ẩn]"),
        ("biển 30a12345", "biển [đã ẩn]"),
        ("bảo hiểm 0123456789012", "bảo hiểm [đã ẩn]"),
    ])
    func replacesPersonalData(text: String, expected: String) {
        #expect(PersonalDataRedactor.redact(text) == expected)
    }

    @Test(arguments: [
        "Chờ 45 phút ở quầy 3", "Năm 2026 tốt hơn", "Hồ sơ H26.05-260115-0001", "Cán bộ rất nhiệt tình", "hẹn ngày 12/10/2026 lúc 10:30",
        "ngày 12.10.2026 10.30", "lệ phí 50.000 đồng", "mất 50k", "150.000.000 đồng tiền đất", "chờ 2 tiếng ở quầy số 12",
        "chuyển khoản Vietcombank 500.000 đồng", "mã 000.00.12.H26-260115-0001", "95% hài lòng", "phòng 305, tầng 2",
    ])
    func keepsOrdinaryText(text: String) {
        #expect(PersonalDataRedactor.redact(text) == text)
    }

    @Test func keepsTheRestAsTypedInNFC() {
        // Full-width letters and a non-breaking space outside the personal data are not folded.
        let text = "Ｘin cảm ơn\u{00A0}quầy 3: 0912 345 678"
        #expect(PersonalDataRedactor.redact(text) == "Ｘin cảm ơn\u{00A0}quầy 3: [đã ẩn]")
    }
}
