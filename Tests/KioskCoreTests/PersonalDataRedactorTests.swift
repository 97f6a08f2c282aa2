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
    ])
    func replacesPersonalData(text: String, expected: String) {
        #expect(PersonalDataRedactor.redact(text) == expected)
    }

    @Test(arguments: ["Chờ 45 phút ở quầy 3", "Năm 2026 tốt hơn", "Hồ sơ H26.05-260115-0001", "Cán bộ rất nhiệt tình"])
    func keepsOrdinaryText(text: String) {
        #expect(PersonalDataRedactor.redact(text) == text)
    }
}
