import Foundation

/// Finds the spans of personal data in a text already in NFKC form (see ``PersonalDataRedactor``).
enum PersonalDataFinder {
    /// The UTF-16 ranges of `text` that hold personal data, possibly overlapping.
    static func spans(in text: String) -> [NSRange] {
        let string = text as NSString
        let whole = NSRange(location: 0, length: string.length)
        var spans: [NSRange] = []
        for regex in [Patterns.email, Patterns.plate] {
            spans += regex.matches(in: text, range: whole).map(\.range)
        }
        let bankWords = Patterns.bankWord.matches(in: text, range: whole).map(\.range)
        for match in Patterns.digitChain.matches(in: text, range: whole) {
            let chain = DigitChain(match.range, in: string)
            spans += chain.personalSpans(nearBankWord: bankWords.contains { chain.isNear($0, in: string) })
        }
        return spans
    }

    enum Patterns {
        /// Whitespace, dots, dashes of every kind, parentheses and `+` between digits.
        static let separator = #"[\s.\-\x{2010}-\x{2015}\x{2212}()+]"#
        /// A run of digit groups joined by separators, with an opening `(`, `+` or `(+` before the first.
        static let digitChain = regex(#"(?:\(\s?)?\+?\d+(?:\#(separator){1,3}\d+)*"#)
        static let digitGroup = regex(#"\d+"#)
        /// An e-mail address, with letters of any script on both sides of the `@`.
        static let email = regex(#"[\p{L}\p{M}\p{N}._%+\-]+\s?@\s?[\p{L}\p{M}\p{N}\-]+(?:\.[\p{L}\p{M}\p{N}\-]+)*\.[\p{L}\p{M}]{2,}"#)
        /// A Vietnamese licence plate: province, series (letters, maybe a digit), then 4 or 5 digits
        /// (`15A-123.45`, `29H1 234.56`, `15-B1 123.45`, `30A12345`), not inside a code such as `H12.34-E10001-0001`.
        static let plate = regex(
            #"(?<![\p{L}\d.\-/])\d{2}[\s\-]?[A-Z]{1,2}\d?[\s\-.]{0,2}(?:\d{3}[.\s]?\d{2}|\d{4})(?![\-/]?[\p{L}\d])"#, caseInsensitive: true)
        /// Words that say a number is a bank account: account words and the banks' names (not inside a code: `-ACB123`).
        static let bankWord = regex(
            #"(?<![\p{L}\p{N}\-./_])(?:stk|số\s*tk|so\s*tk|số\s*tài\s*khoản|so\s*tai\s*khoan|tài\s*khoản|tai\s*khoan|tk|ngân\s*hàng|ngan\s*hang|bank|"#
                + #"vietcombank|vcb|techcombank|tcb|bidv|agribank|vietinbank|ctg|mb\s*bank|mb|acb|vpbank|vpb|tpbank|sacombank|stb|shb|"#
                + #"hdbank|vib|ocb|msb|seabank|scb|eximbank|lpbank|lienvietpostbank|baovietbank|nam\s*a\s*bank|pvcombank|kienlongbank|"#
                + #"momo|zalopay|viettelpay)(?![\p{L}])"#,
            caseInsensitive: true)
        /// A money unit right after a number: the number is an amount, not an account or an ID.
        static let moneyUnit = regex(#"\s?(?:đồng|đ|vnđ|vnd|k|nghìn|ngàn|triệu|tr|tỷ|usd)(?![\p{L}])"#, caseInsensitive: true)

        private static func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
            // The patterns are constants that compile; a failure here is a programming error.
            try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        }
    }
}

/// Digit groups joined by separators (`0912 345 678`, `(+84) 912-345-678`, `12.10.2026`), judged as
/// numbers that start and end where whitespace separates them from their neighbours (so `1.500.000.000`
/// is one number, not an ID inside it).
struct DigitChain {
    struct Group {
        var range: NSRange
        var digits: [Int]
        /// Whether the separator before this group is whitespace only (true for the first group).
        var softBefore: Bool
        /// The separator before this group (empty for the first).
        var separatorBefore: String
    }

    let range: NSRange
    let groups: [Group]
    /// Whether a money unit follows the chain (`500.000 đồng`).
    let isAmount: Bool
    /// Whether a letter is glued to the chain's start (`H26-260115-0001`): dotted or dashed digits
    /// after a letter are a code, not an identity number.
    let followsLetter: Bool

    /// Enough digits for every form judged here; longer runs are only looked at group by group.
    static let longestNumber = 19

    init(_ range: NSRange, in string: NSString) {
        self.range = range
        var groups: [Group] = []
        var previousEnd = range.location
        for match in PersonalDataFinder.Patterns.digitGroup.matches(in: string as String, range: range) {
            let separator = groups.isEmpty ? "" : string.substring(with: NSRange(location: previousEnd, length: match.range.location - previousEnd))
            let digits = string.substring(with: match.range).compactMap(\.wholeNumberValue)
            groups.append(Group(range: match.range, digits: digits, softBefore: separator.allSatisfy(\.isWhitespace), separatorBefore: separator))
            previousEnd = match.range.location + match.range.length
        }
        self.groups = groups
        followsLetter =
            range.location > 0
            && string.substring(with: NSRange(location: range.location - 1, length: 1)).unicodeScalars.allSatisfy(CharacterSet.letters.contains)
        let end = range.location + range.length
        isAmount =
            PersonalDataFinder.Patterns.moneyUnit.firstMatch(
                in: string as String, options: .anchored, range: NSRange(location: end, length: string.length - end)) != nil
    }

    /// Whether `word` ends shortly before the chain or starts shortly after it, with no digit between.
    func isNear(_ word: NSRange, in string: NSString) -> Bool {
        let end = range.location + range.length
        let gap: NSRange
        if word.location + word.length <= range.location {
            gap = NSRange(location: word.location + word.length, length: range.location - word.location - word.length)
        } else if word.location >= end {
            gap = NSRange(location: end, length: word.location - end)
        } else {
            return false
        }
        return gap.length <= 30 && string.rangeOfCharacter(from: .decimalDigits, options: [], range: gap).location == NSNotFound
    }

    /// The spans of the chain that are personal data.
    func personalSpans(nearBankWord: Bool) -> [NSRange] {
        var spans: [NSRange] = []
        // Numbers start and end where only whitespace separates them from their neighbours: `3 0912 345 678`
        // holds a phone number, `H26.05-260115-0001` is one code.
        for first in groups.indices where groups[first].softBefore {
            var digits: [Int] = []
            for last in first..<groups.count {
                digits += groups[last].digits
                if digits.count > Self.longestNumber { break }
                let isEnd = last == groups.count - 1
                guard isEnd || groups[last + 1].softBefore else { continue }
                if (Self.isPhoneNumber(digits) && !startsWithDate(at: first))
                    || (!(isEnd && isAmount) && isIdentityNumber(digits, groups: first...last))
                {
                    spans.append(span(first...last))
                }
            }
        }
        for index in groups.indices where groups[index].digits.count >= 9 && !(index == groups.count - 1 && isAmount) {
            spans.append(span(index...index))
        }
        let total = groups.reduce(0) { $0 + $1.digits.count }
        if nearBankWord && (6...Self.longestNumber).contains(total) && !isAmount && !startsWithDate(at: 0) {
            spans.append(range)
        }
        return spans
    }

    /// A Vietnamese phone number in any of its prefixes: 0…, 84…, +84…, 0084…; mobile 03/05/07/08/09
    /// and eight digits, landline 02x and eight digits.
    static func isPhoneNumber(_ digits: [Int]) -> Bool {
        var national = digits[...]
        if national.starts(with: [0, 0, 8, 4]) {
            national = national.dropFirst(4)
        } else if national.starts(with: [8, 4]) && national.count >= 11 {
            national = national.dropFirst(2)
        } else if national.first == 0 {
            national = national.dropFirst()
        } else {
            return false
        }
        if national.first == 0 { national = national.dropFirst() }  // +84 0912…
        guard let lead = national.first else { return false }
        return (national.count == 9 && [3, 5, 7, 8, 9].contains(lead)) || (national.count == 10 && lead == 2)
    }

    /// A 9-digit (CMND) or 12-digit (CCCD) identity number, written whole or in groups of two or more.
    private func isIdentityNumber(_ digits: [Int], groups range: ClosedRange<Int>) -> Bool {
        guard digits.count == 9 || digits.count == 12 else { return false }
        guard range.count == 1 || range.allSatisfy({ groups[$0].digits.count >= 2 }) else { return false }
        let joinedHard = range.dropFirst().contains { !groups[$0].softBefore }
        return !(range.lowerBound == 0 && followsLetter && joinedHard) && !startsWithDate(at: range.lowerBound)
    }

    /// Whether the groups from `index` start with a date (12.10.2026, 2026-10-12) rather than a number.
    private func startsWithDate(at index: Int) -> Bool {
        guard index + 2 < groups.count else { return false }
        func value(_ offset: Int) -> Int { groups[index + offset].digits.reduce(0) { $0 * 10 + $1 } }
        func count(_ offset: Int) -> Int { groups[index + offset].digits.count }
        let separators = [groups[index + 1].separatorBefore, groups[index + 2].separatorBefore]
        guard separators.allSatisfy({ $0 == "." || $0 == "-" }) else { return false }
        let years = 1900...2100
        let dayFirst = count(0) <= 2 && (1...31).contains(value(0)) && count(1) <= 2 && (1...12).contains(value(1)) && years.contains(value(2))
        let yearFirst = years.contains(value(0)) && count(1) <= 2 && (1...12).contains(value(1)) && count(2) <= 2 && (1...31).contains(value(2))
        return dayFirst || yearFirst
    }

    /// The UTF-16 span of `groups`, taking in a `(`, `+` or `(+` before the chain's first group.
    private func span(_ indices: ClosedRange<Int>) -> NSRange {
        let start = indices.lowerBound == 0 ? range.location : groups[indices.lowerBound].range.location
        let last = groups[indices.upperBound].range
        return NSRange(location: start, length: last.location + last.length - start)
    }
}
