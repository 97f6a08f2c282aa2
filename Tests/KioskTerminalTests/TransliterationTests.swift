import Testing

@testable import KioskTerminal

@Suite struct TransliterationTests {
    @Test func vietnameseLosesItsMarks() {
        #expect(Transliteration.ascii("Trung tâm Phục vụ hành chính công phường Hồng Bàng") == "Trung tam Phuc vu hanh chinh cong phuong Hong Bang")
        #expect(Transliteration.ascii("Đăng ký Ưu tiên Quầy số 10 – Ưu tiên") == "Dang ky Uu tien Quay so 10 - Uu tien")
        #expect(Transliteration.ascii("đồng ĐỒNG") == "dong DONG")
    }

    @Test func signsBecomeTheirLookAlikes() {
        #expect(Transliteration.ascii("aa → â … “x” ‘y’") == "aa -> a ... \"x\" 'y'")
        #expect(Transliteration.ascii("80 × 24") == "80 x 24")
    }

    @Test func whatHasNoAsciiFormIsAQuestionMark() {
        #expect(Transliteration.ascii("█ 中") == "? ?")
    }

    @Test func anAsciiCanvasHoldsOnlyAscii() {
        var canvas = Canvas(width: 20, height: 1, ascii: true)
        canvas.put("Hồng Bàng ▶ █", row: 0, column: 0)
        #expect(canvas.text == "Hong Bang ? ?")
        #expect(canvas.text.allSatisfy { $0.isASCII })
    }
}
