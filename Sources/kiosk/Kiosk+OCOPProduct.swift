import ArgumentParser
import Foundation
import KioskCore
import KioskOCOP
import KioskStore

extension Kiosk.OCOP {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thêm sản phẩm vào sổ (add a product to the registry).",
            discussion: """
                Needs --name, --group, --gtin, --producer and --producer-address. A product with OCOP stars also needs --stars, \
                --certificate, --certified and --authority; without them it is a key local product.
                """)
        @OptionGroup var registry: RegistryOptions
        @OptionGroup var fields: ProductFields

        func run() throws {
            try runRegistryCommand {
                let blank = OCOPProduct(id: "", name: LocalizedText(vi: ""), group: .food, producer: OCOPProducer(name: "", address: ""), gtin: "")
                let (product, image) = try fields.applied(to: blank, isNew: true)
                let database = try registry.database()
                let stored = try database.addOCOPProduct(product, by: NSUserName(), now: Date())
                if let image { try database.setOCOPImage(image, of: stored.id, now: Date()) }
                print("Đã thêm \(stored.id): \(stored.name.vi), GTIN \(stored.gtin) (product added)")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sửa sản phẩm: mỗi tùy chọn thay một trường (edit a product; each option replaces one field).",
            discussion: "An empty value clears an optional field (--brand ''). --no-certificate removes the OCOP certificate.")
        @OptionGroup var registry: RegistryOptions
        @Argument(help: "The product's id or GTIN.") var product: String
        @OptionGroup var fields: ProductFields
        @Flag(help: "Remove the OCOP certificate (the product stays as a key local product).") var noCertificate = false

        func run() throws {
            try runRegistryCommand {
                let database = try registry.database()
                let current = try database.registeredProduct(product)
                let (edited, image) = try fields.applied(to: current, isNew: false, removingCertificate: noCertificate)
                let stored = try database.updateOCOPProduct(current.id, with: edited, by: NSUserName(), now: Date())
                if let image { try database.setOCOPImage(image, of: stored.id, now: Date()) }
                let renamed = stored.id == current.id ? "" : " (id was \(current.id))"
                print("Đã sửa \(stored.id)\(renamed): \(stored.name.vi) (product updated)")
            }
        }
    }
}

/// The product fields `add` and `edit` take; each given option sets one field.
struct ProductFields: ParsableArguments {
    @Option(help: "Vietnamese name, e.g. \"Nước mắm Cát Hải\".") var name: String?
    @Option(help: "English name.") var nameEn: String?
    @Option(help: "Registry id: a-z, 0-9, '-' (add: made from the name).") var id: String?
    @Option(help: "Group: \(OCOPGroup.allCases.map(\.rawValue).joined(separator: ", ")).") var group: String?
    @Option(help: "GTIN under the barcode (8, 12, 13 or 14 digits).") var gtin: String?
    @Option(help: "Producer, cooperative or business name.") var producer: String?
    @Option(help: "Producer's address, shown to shoppers.") var producerAddress: String?
    @Option(help: "Producer's phone, shown to shoppers.") var producerPhone: String?
    @Option(help: "Brand.") var brand: String?
    @Option(name: .customLong("description"), help: "Description in Vietnamese.") var descriptionVi: String?
    @Option(help: "Description in English.") var descriptionEn: String?
    @Option(help: "Ingredients in Vietnamese.") var ingredients: String?
    @Option(help: "Ingredients in English.") var ingredientsEn: String?
    @Option(help: "Storage instructions in Vietnamese.") var storage: String?
    @Option(help: "Storage instructions in English.") var storageEn: String?
    @Option(help: "OCOP stars: 3, 4 or 5.") var stars: String?
    @Option(help: "Certificate decision number, e.g. 1234/QĐ-UBND.") var certificate: String?
    @Option(help: "Certificate decision date, YYYY-MM-DD.") var certified: String?
    @Option(help: "Issuing authority, e.g. \"UBND thành phố Hải Phòng\".") var authority: String?
    @Option(help: "Last valid day, YYYY-MM-DD (default: 36 months after --certified, less a day).") var certificateExpires: String?
    @Option(help: "Evaluation score out of 100 (3★ 50–69, 4★ 70–89, 5★ 90–100).") var score: String?
    @Option(help: "Product image: JPEG, PNG or WebP, at most 2 MB.") var image: String?

    /// `product` with every given option applied, checked against ``OCOPRules``, and the image to store.
    /// - Throws: ``OCOPValidationError`` listing every problem, the options' own and the rules'.
    func applied(to product: OCOPProduct, isNew: Bool, removingCertificate: Bool = false) throws -> (OCOPProduct, OCOPImage?) {
        var product = product
        var problems: [OCOPProblem] = []
        func optional(_ text: String?, _ current: String?) -> String? {
            guard let text else { return current }
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : text
        }
        func localized(_ vi: String?, _ en: String?, _ current: LocalizedText?) -> LocalizedText? {
            let newVi = optional(vi, current?.vi.isEmpty == true ? nil : current?.vi)
            let newEn = optional(en, current?.en)
            return newVi == nil && newEn == nil ? nil : LocalizedText(vi: newVi ?? "", en: newEn)
        }

        if let name { product.name.vi = name }
        if let nameEn { product.name.en = nameEn }
        if let id { product.id = id } else if isNew { product.id = OCOPRules.suggestedID(for: product.name.vi) }
        if let group {
            if let value = OCOPGroup(rawValue: group) {
                product.group = value
            } else {
                problems.append(
                    OCOPProblem(
                        field: "group", message: "'\(group)' is not a group; use \(OCOPGroup.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        } else if isNew {
            problems.append(
                OCOPProblem(field: "group", message: "give the product's group: \(OCOPGroup.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if let gtin {
            product.gtin = gtin
        } else if isNew {
            problems.append(OCOPProblem(field: "gtin", message: "give the GTIN printed under the product's barcode (8, 12, 13 or 14 digits)"))
        }
        if let producer { product.producer.name = producer }
        if let producerAddress { product.producer.address = producerAddress }
        product.producer.phone = optional(producerPhone, product.producer.phone)
        product.brand = optional(brand, product.brand)
        product.description = localized(descriptionVi, descriptionEn, product.description)
        product.ingredients = localized(ingredients, ingredientsEn, product.ingredients)
        product.storage = localized(storage, storageEn, product.storage)
        product.certificate = certificate(replacing: product.certificate, removing: removingCertificate, problems: &problems)

        var stored: OCOPImage?
        if let image {
            do { stored = try readImage(image) } catch let error as OCOPValidationError { problems += error.problems }
        }
        do {
            product = try OCOPRules.validated(product)
        } catch let error as OCOPValidationError {
            let reported = Set(problems.map(\.field))
            // An id made from a missing name says nothing the name's own problem does not.
            let nameMissing = error.problems.contains { $0.field == "name_vi" } && id == nil
            problems += error.problems.filter { !reported.contains($0.field) && !(nameMissing && $0.field == "id") }
        }
        guard problems.isEmpty else { throw OCOPValidationError(problems) }
        return (product, stored)
    }

    /// The certificate after the certificate options: the four parts `--stars`, `--certificate`, `--certified` and
    /// `--authority` must all be known (given, or kept from `current`) once any certificate option is given.
    private func certificate(replacing current: OCOPCertificate?, removing: Bool, problems: inout [OCOPProblem]) -> OCOPCertificate? {
        let given = [stars, certificate, certified, authority, certificateExpires, score].contains { $0 != nil }
        if removing {
            if given {
                problems.append(
                    OCOPProblem(field: "no-certificate", message: "--no-certificate removes the certificate; give no certificate options with it"))
            }
            return nil
        }
        guard given else { return current }

        func day(_ text: String?, field: String) -> LocalDate?? {
            guard let text else { return .some(nil) }
            guard let day = LocalDate(text) else {
                problems.append(OCOPProblem(field: field, message: "'\(text)' is not a date YYYY-MM-DD"))
                return nil
            }
            return .some(day)
        }
        var newStars = current?.stars
        if let stars {
            if let value = Int(stars) {
                newStars = value
            } else {
                problems.append(OCOPProblem(field: "stars", message: "'\(stars)' is not 3, 4 or 5"))
            }
        }
        var newScore = current?.score
        if let score {
            if score.isEmpty {
                newScore = nil
            } else if let value = Int(score) {
                newScore = value
            } else {
                problems.append(OCOPProblem(field: "score", message: "'\(score)' is not a whole number"))
            }
        }
        let number = certificate ?? current?.number
        let issuedOption = day(certified, field: "certified")
        let expiresOption = day(certificateExpires, field: "certificate-expires")
        let issued = (issuedOption ?? nil) ?? current?.issued
        let authority = self.authority ?? current?.authority

        var missing: [OCOPProblem] = []
        if newStars == nil { missing.append(OCOPProblem(field: "stars", message: "a certificate needs its stars: --stars 3, 4 or 5")) }
        if number == nil {
            missing.append(OCOPProblem(field: "certificate", message: "a certificate needs its decision number: --certificate \"1234/QĐ-UBND\""))
        }
        if issued == nil && issuedOption != nil {
            missing.append(OCOPProblem(field: "certified", message: "a certificate needs its decision date: --certified YYYY-MM-DD"))
        }
        if authority == nil {
            missing.append(
                OCOPProblem(field: "authority", message: "a certificate needs its issuing authority: --authority \"UBND thành phố Hải Phòng\""))
        }
        if !missing.isEmpty {
            problems += missing
            if let value = newStars, !(3...5).contains(value) {
                problems.append(OCOPProblem(field: "stars", message: "OCOP awards 3, 4 or 5 stars, not \(value)"))
            }
            return current
        }
        guard let newStars, let number, let issued, let authority else { return current }
        var expires = (expiresOption ?? nil)
        if expires == nil, certificateExpires == nil, let current, current.expires != OCOPCertificate.defaultExpiry(issued: current.issued) {
            expires = current.expires  // a date set by hand stays; the default follows a new decision date
        }
        return OCOPCertificate(stars: newStars, score: newScore, number: number, issued: issued, authority: authority, expires: expires)
    }
}
