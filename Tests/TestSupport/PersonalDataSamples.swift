import KioskCore

/// Personal data as residents write it (phones in every prefix, grouping, separator and glue, identity
/// numbers, e-mail addresses with Vietnamese letters, bank accounts beside a bank word, licence plates),
/// embedded in Vietnamese sentences; and benign texts (dates, times, money, counters, dossier codes)
/// that must be kept as typed. Seeded, so a failing case can be made again.
public struct PersonalDataSamples {
    /// One piece of personal data and what must not be found after it was hidden.
    public struct Sample: Sendable {
        public var kind: String
        /// The data as written (`(+84) 912 345 670`).
        public var text: String
        /// Its digits in ASCII, separators taken out (`912345670`): found in no stored byte.
        public var digits: String
    }

    private var random: SeededGenerator

    public init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    // MARK: personal data

    public mutating func sample() -> Sample {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<4: phone()
        case 4..<6: identityNumber()
        case 6: email()
        case 7..<9: bankAccount()
        default: plate()
        }
    }

    public mutating func phone() -> Sample {
        let mobile = Bool.random(using: &random)
        let national =
            mobile
            ? pick(["3", "5", "7", "8", "9"]) + digits(8)
            : "2" + pick(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]) + digits(8)
        let prefix = pick(["0", "0", "0", "84", "+84", "+84 ", "0084", "0084 ", "(+84) ", "(+84)", "(0)", "84-", "+84."])
        let separator = pick([" ", ".", "-", "  ", " - ", "", "", "\u{2013}", "\u{00A0}", "\u{3000}"])
        var body = grouped(national, separator: separator)
        if prefix == "(0)" { body = "(0)" + body } else { body = prefix + body }
        if Int.random(in: 0..<8, using: &random) == 0 { body = fullWidth(body) }
        let glue = pick(["", "", "", "sdt", "SĐT:", "ĐT:", "đt ", "zalo ", "số ", "gọi ", "Tel:"])
        return Sample(kind: "phone", text: glue + body, digits: national)
    }

    public mutating func identityNumber() -> Sample {
        let twelve = Bool.random(using: &random)
        let number = twelve ? "0" + pick(["01", "31", "79", "92"]) + digits(9) : digits(9)
        let separator = pick([" ", ".", "-", ""])
        let body = separator.isEmpty ? number : chunks(number, size: 3).joined(separator: separator)
        let word = pick(["CCCD ", "CMND: ", "căn cước số ", "số định danh ", "CCCD:", ""])
        return Sample(kind: "id", text: word + body, digits: number)
    }

    public mutating func email() -> Sample {
        let local = pick(["nguyễnvăn", "tran.thi", "lê_hoàng", "phạm", "user", "mai+kiosk"]) + digits(3) + pick(["b", "", "x"])
        let domain = pick(["gmail.com", "yahoo.com.vn", "hải-phòng.vn", "công-ty.com.vn", "outlook.com"])
        let at = pick(["@", "@", " @ ", "＠"])
        let text = local + at + domain
        return Sample(kind: "email", text: text, digits: "")
    }

    public mutating func bankAccount() -> Sample {
        let number = pick(["1", "0", "9", "7"]) + digits(Int.random(in: 5...18, using: &random))
        let separator = pick(["", "", " ", ".", "-"])
        let body = separator.isEmpty ? number : chunks(number, size: 4).joined(separator: separator)
        let word = pick([
            "STK ", "STK: ", "số tài khoản ", "tài khoản ", "TK ", "tk:", "Vietcombank ", "VCB ", "Techcombank: ", "TCB ", "BIDV ",
            "Agribank số ", "VietinBank ", "MB ", "ACB - ", "VPBank ", "TPBank ", "Sacombank ", "ngân hàng ", "số TK ",
        ])
        return Bool.random(using: &random)
            ? Sample(kind: "account", text: word + body, digits: number)
            : Sample(kind: "account", text: body + " " + word.trimmingTrailing(), digits: number)
    }

    public mutating func plate() -> Sample {
        let province = String(Int.random(in: 11...99, using: &random))
        let series = pick(["A", "B", "C", "D", "F", "G", "H", "K", "L", "LD"]) + pick(["", "", "1", "2", "5"])
        let five = Bool.random(using: &random) || series.count > 1
        let tail = five ? digits(3) + pick([".", "", " "]) + digits(2) : digits(4)
        let text =
            province + pick(["", "-", " "]) + (Bool.random(using: &random) ? series : series.lowercased()) + pick(["-", " ", "", "  "]) + tail
        return Sample(kind: "plate", text: text, digits: "")
    }

    // MARK: sentences

    /// `data` inside a random Vietnamese sentence.
    public mutating func sentence(with data: String) -> String {
        let before = pick([
            "Liên hệ với tôi qua", "Cán bộ quầy 3 rất nhiệt tình, gọi", "Chờ 45 phút mới tới lượt. Số của tôi", "Xin gửi kết quả về",
            "Tôi đã chờ từ 8 giờ, thông tin:", "Nhờ cán bộ gọi lại", "Hồ sơ của con tôi,", "Cảm ơn trung tâm!",
        ])
        let after = pick(["nhé.", "ạ", "Xin cảm ơn.", "", "— mong được phản hồi sớm.", "trong giờ hành chính.", "(nhắn tin cũng được)"])
        return [before, data, after].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A sentence with dates, times, durations, counters, money and dossier codes, and no personal data.
    public mutating func benignSentence() -> String {
        var parts: [String] = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            parts.append(benignPhrase())
        }
        return parts.joined(separator: pick([" ", ", ", ". ", "; "]))
    }

    private mutating func benignPhrase() -> String {
        let day = Int.random(in: 1...28, using: &random), month = Int.random(in: 1...12, using: &random)
        let year = Int.random(in: 2020...2027, using: &random)
        let hour = Int.random(in: 7...17, using: &random), minute = Int.random(in: 0...59, using: &random)
        let thousands = [String(Int.random(in: 10...999, using: &random)), pick(["1.500", "2.000", "150", "20"])]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return pick([
            "ngày \(day)/\(month)/\(year)", "ngày \(two(day))/\(two(month))/\(year)", "ngày \(two(day))-\(two(month))-\(year)",
            "hẹn \(two(day)).\(two(month)).\(year)", "lúc \(hour):\(two(minute))", "lúc \(hour)h\(two(minute))", "chờ \(minute) phút",
            "quầy \(Int.random(in: 1...12, using: &random))", "quầy số \(Int.random(in: 1...12, using: &random))", "đợi 2 tiếng",
            "lệ phí \(thousands[0]).000 đồng", "mất \(thousands[1]).000đ", "phí \(Int.random(in: 5...500, using: &random))k",
            "hết \(Int.random(in: 1...9, using: &random)) triệu", "tiền \(Int.random(in: 100...999, using: &random)).000.000 đồng",
            "mã hồ sơ H\(Int.random(in: 10...99, using: &random)).\(two(month))-\(year % 100)\(two(month))\(two(day))-\(fourDigits(Int.random(in: 1...9999, using: &random)))",
            "năm \(year)", "lần thứ \(Int.random(in: 2...5, using: &random))", "\(Int.random(in: 50...100, using: &random))% hài lòng",
            "tầng 2, phòng \(Int.random(in: 101...450, using: &random))", "Cán bộ rất nhiệt tình", "thủ tục nhanh gọn",
        ])
    }

    // MARK: helpers

    private mutating func pick(_ options: [String]) -> String {
        options[Int.random(in: 0..<options.count, using: &random)]
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    /// `number` in random groups: as a whole, 3-3-3, 4-3-3, 2-3-4 or 1–4 digits at a time.
    private mutating func grouped(_ number: String, separator: String) -> String {
        guard !separator.isEmpty else { return number }
        let characters = Array(number)
        var groups: [String] = []
        var index = 0
        let sizes = [[3, 3, 3, 3], [2, 3, 4, 4], [4, 3, 3], [3, 4, 4]][Int.random(in: 0..<4, using: &random)]
        let randomSizes = Int.random(in: 0..<4, using: &random) == 0
        while index < characters.count {
            let size = randomSizes ? Int.random(in: 1...4, using: &random) : sizes[min(groups.count, sizes.count - 1)]
            let end = min(characters.count, index + size)
            groups.append(String(characters[index..<end]))
            index = end
        }
        return groups.joined(separator: separator)
    }

    private func fourDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func chunks(_ text: String, size: Int) -> [String] {
        let characters = Array(text)
        return stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min(characters.count, $0 + size)]) }
    }

    private func fullWidth(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    ("0"..."9").contains(scalar) ? Unicode.Scalar(scalar.value - 0x30 + 0xFF10)! : scalar
                }))
    }
}

extension String {
    fileprivate func trimmingTrailing() -> String {
        var text = self
        while let last = text.last, last == " " || last == ":" || last == "-" { text.removeLast() }
        return text
    }
}
