import Foundation
import KioskCore
import KioskOCOP

/// The fields of an `application/x-www-form-urlencoded` body, by name (the last value of a repeated
/// name wins), with surrounding white space removed.
struct FormFields: Sendable {
    var values: [String: String]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses a form body; malformed percent-escapes are kept as typed rather than refused.
    init(body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part in
                let spaced = String(part).replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let name = parts.first, !name.isEmpty else { continue }
            values[name] = (parts.count == 2 ? parts[1] : "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        self.values = values
    }

    subscript(_ name: String) -> String { values[name] ?? "" }

    /// The field's text, or `nil` when it is empty.
    func optional(_ name: String) -> String? {
        let value = self[name]
        return value.isEmpty ? nil : value
    }
}

/// Reads the product and batch forms of `/staff/ocop` into registry values. Problems are collected,
/// never thrown one by one, so that the form shows every one of them at once.
enum OCOPForm {
    /// Ids the registry's own paths use, which a product may not take.
    static let reservedIDs: Set<String> = ["new"]

    /// The product the form describes, or every problem found in it (the form's own and ``OCOPRules``').
    static func product(from form: FormFields) -> Result<OCOPProduct, OCOPValidationError> {
        var problems: [OCOPProblem] = []
        let nameVI = form["name_vi"]
        let id = form.optional("id") ?? OCOPRules.suggestedID(for: nameVI)
        if reservedIDs.contains(id) {
            problems.append(OCOPProblem(field: "id", message: "'\(id)' là tên dành riêng của trang / is reserved; choose another id"))
        }
        let group = OCOPGroup(rawValue: form["group"])
        if group == nil { problems.append(OCOPProblem(field: "group", message: "chọn nhóm sản phẩm / choose the product group")) }

        var certificate: OCOPCertificate?
        let certificateFields = ["score", "certificate", "certificate_date", "authority", "certificate_expires"]
        if let starsText = form.optional("stars") {
            let stars = Int(starsText)
            if stars == nil {
                problems.append(
                    OCOPProblem(
                        field: "stars", message: "'\(starsText.prefix(10))' is not a number of stars",
                        vietnamese: "'\(starsText.prefix(10))' không phải là số sao."))
            }
            let score = form.optional("score").flatMap { text -> Int? in
                guard let score = Int(text), (0...100).contains(score) else {
                    problems.append(
                        OCOPProblem(
                            field: "score", message: "the score is a whole number from 0 to 100, not '\(text.prefix(10))'",
                            vietnamese: "Điểm là số nguyên từ 0 đến 100, không phải '\(text.prefix(10))'."))
                    return nil
                }
                return score
            }
            let issued = date(form, "certificate_date", required: true, &problems)
            let expires = date(form, "certificate_expires", required: false, &problems)
            if let stars, let issued {
                certificate = OCOPCertificate(
                    stars: stars, score: score, number: form["certificate"], issued: issued, authority: form["authority"], expires: expires)
            } else if let stars {
                // Without its date the certificate is not built, but its other fields are still checked now.
                let undated = OCOPCertificate(
                    stars: stars, score: score, number: form["certificate"], issued: LocalDate(year: 2000, month: 1, day: 1),
                    authority: form["authority"])
                problems += OCOPRules.problems(of: undated).filter { $0.field != "certificate_expires" }
            }
        } else if certificateFields.contains(where: { form.optional($0) != nil }) {
            problems.append(
                OCOPProblem(
                    field: "stars", message: "chọn số sao, hoặc để trống các ô chứng nhận / choose the stars, or leave the certificate fields empty"))
        }

        let product = OCOPProduct(
            id: id, name: LocalizedText(vi: nameVI, en: form.optional("name_en")), group: group ?? .food, certificate: certificate,
            producer: OCOPProducer(name: form["producer"], address: form["producer_address"], phone: form.optional("producer_phone")),
            gtin: form["gtin"], brand: form.optional("brand"), description: text(form, "description"), ingredients: text(form, "ingredients"),
            storage: text(form, "storage"))
        do {
            let checked = try OCOPRules.validated(product)
            return problems.isEmpty ? .success(checked) : .failure(OCOPValidationError(problems))
        } catch let error as OCOPValidationError {
            return .failure(OCOPValidationError(problems + error.problems))
        } catch {
            return .failure(OCOPValidationError(problems))
        }
    }

    /// The batch of `product` the form describes, or every problem found in it.
    static func batch(of product: String, from form: FormFields) -> Result<OCOPBatch, OCOPValidationError> {
        var problems: [OCOPProblem] = []
        let produced = date(form, "produced", required: true, &problems)
        let expires = date(form, "expires", required: false, &problems)
        let quantity = form.optional("quantity").flatMap { text -> Int? in
            guard let quantity = Int(text) else {
                problems.append(
                    OCOPProblem(
                        field: "quantity", message: "the quantity is a whole number, not '\(text.prefix(12))'",
                        vietnamese: "Số lượng là số nguyên, không phải '\(text.prefix(12))'."))
                return nil
            }
            return quantity
        }
        if form.optional("batch") == nil { problems.append(OCOPProblem(field: "batch", message: "nhập số lô / the batch needs its id")) }
        let batch = OCOPBatch(
            product: product, id: form["batch"], produced: produced ?? LocalDate(year: 2000, month: 1, day: 1), expires: expires,
            quantity: quantity, notes: form.optional("notes"))
        do {
            let checked = try OCOPRules.validated(batch)
            return problems.isEmpty ? .success(checked) : .failure(OCOPValidationError(problems))
        } catch let error as OCOPValidationError {
            let more = error.problems.filter { rule in !problems.contains { $0.field == rule.field } }
            return .failure(OCOPValidationError(problems + more))
        } catch {
            return .failure(OCOPValidationError(problems))
        }
    }

    /// The form values that show `product` in the product form.
    static func fields(of product: OCOPProduct) -> FormFields {
        var values: [String: String] = [
            "id": product.id, "name_vi": product.name.vi, "name_en": product.name.en ?? "", "group": product.group.rawValue,
            "gtin": product.gtin, "brand": product.brand ?? "", "producer": product.producer.name,
            "producer_address": product.producer.address, "producer_phone": product.producer.phone ?? "",
        ]
        for (name, text) in [("description", product.description), ("ingredients", product.ingredients), ("storage", product.storage)] {
            values["\(name)_vi"] = text?.vi ?? ""
            values["\(name)_en"] = text?.en ?? ""
        }
        if let certificate = product.certificate {
            values["stars"] = String(certificate.stars)
            values["score"] = certificate.score.map(String.init) ?? ""
            values["certificate"] = certificate.number
            values["certificate_date"] = certificate.issued.description
            values["authority"] = certificate.authority
            values["certificate_expires"] = certificate.expires.description
        }
        return FormFields(values)
    }

    /// The form values that show `batch` in a batch form.
    static func fields(of batch: OCOPBatch) -> FormFields {
        FormFields([
            "batch": batch.id, "produced": batch.produced.description, "expires": batch.expires?.description ?? "",
            "quantity": batch.quantity.map(String.init) ?? "", "notes": batch.notes ?? "",
        ])
    }

    private static func date(_ form: FormFields, _ name: String, required: Bool, _ problems: inout [OCOPProblem]) -> LocalDate? {
        guard let text = form.optional(name) else {
            if required { problems.append(OCOPProblem(field: name, message: "nhập ngày / the date is needed (YYYY-MM-DD)")) }
            return nil
        }
        guard let date = LocalDate(text) else {
            problems.append(
                OCOPProblem(
                    field: name, message: "'\(text.prefix(20))' is not a date (YYYY-MM-DD)",
                    vietnamese: "'\(text.prefix(20))' không phải là ngày (năm-tháng-ngày, ví dụ 2026-11-24)."))
            return nil
        }
        return date
    }

    private static func text(_ form: FormFields, _ name: String) -> LocalizedText? {
        let vi = form["\(name)_vi"]
        let en = form.optional("\(name)_en")
        if vi.isEmpty && en == nil { return nil }
        return LocalizedText(vi: vi, en: en)
    }
}
