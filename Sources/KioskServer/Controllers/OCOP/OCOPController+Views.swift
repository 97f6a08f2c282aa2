import Foundation
import KioskCore
import KioskOCOP

/// What the `ocop*` templates show. Every text is escaped by the templates; nothing here is HTML.
enum OCOPViews {
    /// A certificate's standing as the pages show it: a symbol, a colour class and words.
    struct Flag {
        var code: String
        var symbol: String
        var text: String
        var en: String
        var flagged: Bool
    }

    static func flag(_ certificate: OCOPCertificate?, today: LocalDate, warningDays: Int) -> Flag {
        guard let certificate else {
            return Flag(code: "none", symbol: "–", text: "Chưa có chứng nhận OCOP", en: "no OCOP certificate", flagged: false)
        }
        switch certificate.status(on: today, warningDays: warningDays) {
        case .valid:
            return Flag(code: "valid", symbol: "✓", text: "Còn hiệu lực đến \(vietnamese(certificate.expires))", en: "valid", flagged: false)
        case .expiring(let daysLeft):
            return Flag(
                code: "expiring", symbol: "⚠", text: "Sắp hết hạn (còn \(daysLeft) ngày)", en: "expires \(certificate.expires)", flagged: true)
        case .expired(let since):
            return Flag(code: "expired", symbol: "✖", text: "Đã hết hạn", en: "expired \(since)", flagged: true)
        }
    }

    /// `dd/mm/yyyy`, as Vietnamese pages write a day.
    static func vietnamese(_ date: LocalDate) -> String { String(format: "%02d/%02d/%04d", date.day, date.month, date.year) }

    static func stars(_ count: Int?) -> String {
        guard let count, count > 0 else { return "—" }
        return String(repeating: "★", count: min(count, 5)) + " \(count) sao"
    }

    /// A path component: batch ids may hold characters a path must escape (`/`, `%`, `?`…).
    static func pathComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    static func groupOptions(selected: String) -> [Option] {
        OCOPGroup.allCases.map { Option(value: $0.rawValue, label: "\($0.name.vi) / \($0.name.en ?? "")", selected: $0.rawValue == selected) }
    }

    /// One input of a form, with its value, its problems and what kind of control it is. (Templates
    /// see stored properties only, hence the flags.)
    struct Field {
        var name: String
        /// The control's element id, unique on the page.
        var inputID: String
        var label: String
        var en: String
        var value: String
        var error: String?
        var hint: String?
        var required: Bool
        var maxLength: Int
        var options: [Option]
        var isText = false
        var isDate = false
        var isNumber = false
        var isArea = false
        var isSelect = false
        var described: Bool

        init(
            name: String, label: String, en: String, value: String, error: String?, hint: String?, kind: String, required: Bool, maxLength: Int,
            options: [Option], prefix: String = "f"
        ) {
            self.name = name
            self.inputID = "\(prefix)-\(name)"
            self.label = label
            self.en = en
            self.value = value
            self.error = error
            self.hint = hint
            self.required = required
            self.maxLength = maxLength
            self.options = options
            switch kind {
            case "date": isDate = true
            case "number": isNumber = true
            case "area": isArea = true
            case "select": isSelect = true
            default: isText = true
            }
            described = error != nil || hint != nil
        }
    }

    struct Section {
        var title: String
        var en: String
        var fields: [Field]
    }

    /// The problems of a form as its summary lists them: each under its field's label.
    static func summary(_ problems: [OCOPProblem], fields: [Field]) -> [String] {
        problems.map { problem in
            let label = fields.first { $0.name == problem.field }?.label ?? problem.field
            return "\(label): \(problem.pageMessage)"
        }
    }

    /// The problems of a form, joined by field.
    static func errors(_ problems: [OCOPProblem]) -> [String: String] {
        var errors: [String: String] = [:]
        for problem in problems { errors[problem.field] = (errors[problem.field].map { $0 + " " } ?? "") + problem.pageMessage }
        return errors
    }

    /// The sections of the product form.
    static func productSections(_ form: FormFields, problems: [OCOPProblem]) -> [Section] {
        let errors = errors(problems)
        func field(
            _ name: String, _ label: String, _ en: String, kind: String = "text", required: Bool = false, maxLength: Int = 200,
            hint: String? = nil, options: [Option] = []
        ) -> Field {
            Field(
                name: name, label: label, en: en, value: form[name], error: errors[name], hint: hint, kind: kind, required: required,
                maxLength: maxLength, options: options)
        }
        let stars =
            [Option(value: "", label: "Không có (sản phẩm chủ lực) / none", selected: form["stars"].isEmpty)]
            + (3...5).map { Option(value: String($0), label: "\($0) sao ★ / \($0) stars", selected: form["stars"] == String($0)) }
        return [
            Section(
                title: "Sản phẩm", en: "Product",
                fields: [
                    field("name_vi", "Tên sản phẩm (tiếng Việt)", "Name (Vietnamese)", required: true, maxLength: 120),
                    field("name_en", "Tên tiếng Anh", "Name (English)", maxLength: 120),
                    field("id", "Mã sản phẩm", "Id", maxLength: 40, hint: "a-z, 0-9, '-'. Để trống: lấy từ tên / blank: made from the name"),
                    field("group", "Nhóm sản phẩm", "Group", kind: "select", required: true, options: groupOptions(selected: form["group"])),
                    field("gtin", "Mã GTIN (mã vạch)", "GTIN", required: true, maxLength: 14, hint: "8, 12, 13 hoặc 14 chữ số / digits"),
                    field("brand", "Nhãn hiệu", "Brand", maxLength: 120),
                ]),
            Section(
                title: "Chứng nhận OCOP", en: "OCOP certificate",
                fields: [
                    field("stars", "Số sao", "Stars", kind: "select", options: stars),
                    field("score", "Điểm đánh giá", "Score", kind: "number", maxLength: 3, hint: "3★ 50–69, 4★ 70–89, 5★ 90–100"),
                    field("certificate", "Số quyết định", "Decision number", maxLength: 80, hint: "ví dụ / e.g. 1234/QĐ-UBND"),
                    field("certificate_date", "Ngày quyết định", "Decision date", kind: "date"),
                    field("authority", "Cơ quan cấp", "Issuing authority", maxLength: 160),
                    field(
                        "certificate_expires", "Ngày hết hạn", "Expires", kind: "date",
                        hint: "Để trống: 36 tháng sau ngày quyết định / blank: 36 months after the decision"),
                ]),
            Section(
                title: "Chủ thể sản xuất", en: "Producer",
                fields: [
                    field("producer", "Tên chủ thể (HTX, hộ kinh doanh, doanh nghiệp)", "Producer", required: true, maxLength: 160),
                    field("producer_address", "Địa chỉ", "Address", required: true, maxLength: 240),
                    field("producer_phone", "Số điện thoại", "Phone", maxLength: 30),
                ]),
            Section(
                title: "Mô tả", en: "Description",
                fields: [
                    field("description_vi", "Mô tả (tiếng Việt)", "Description (Vietnamese)", kind: "area", maxLength: 4000),
                    field("description_en", "Mô tả (tiếng Anh)", "Description (English)", kind: "area", maxLength: 4000),
                    field("ingredients_vi", "Thành phần (tiếng Việt)", "Ingredients (Vietnamese)", kind: "area", maxLength: 2000),
                    field("ingredients_en", "Thành phần (tiếng Anh)", "Ingredients (English)", kind: "area", maxLength: 2000),
                    field("storage_vi", "Bảo quản (tiếng Việt)", "Storage (Vietnamese)", kind: "area", maxLength: 1000),
                    field("storage_en", "Bảo quản (tiếng Anh)", "Storage (English)", kind: "area", maxLength: 1000),
                ]),
        ]
    }

    /// The fields of a batch form.
    /// - Parameter prefix: makes the controls' ids unique among the page's batch forms.
    static func batchFields(_ form: FormFields, problems: [OCOPProblem], prefix: String) -> [Field] {
        let errors = errors(problems)
        func field(_ name: String, _ label: String, _ en: String, kind: String = "text", required: Bool = false, maxLength: Int = 20) -> Field {
            Field(
                name: name, label: label, en: en, value: form[name], error: errors[name], hint: nil, kind: kind, required: required,
                maxLength: maxLength, options: [], prefix: prefix)
        }
        return [
            field("batch", "Số lô", "Batch", required: true),
            field("produced", "Ngày sản xuất", "Produced", kind: "date", required: true),
            field("expires", "Hạn sử dụng", "Expires", kind: "date"),
            field("quantity", "Số lượng", "Quantity", kind: "number", maxLength: 9),
            field("notes", "Ghi chú", "Notes", maxLength: 500),
        ]
    }
}
