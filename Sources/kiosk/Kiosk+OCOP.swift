import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskOCOP
import KioskPrint
import KioskStore

extension Kiosk {
    /// `kiosk ocop …`: the ward's registry of OCOP and key local products, their batches and labels.
    struct OCOP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ocop",
            abstract: "Sổ sản phẩm OCOP: sản phẩm, lô, tem truy xuất (the OCOP product registry, batches and traceability labels).",
            discussion: "PRODUCT is a product's id or its GTIN.",
            subcommands: [
                Add.self, Edit.self, List.self, Show.self, Delete.self, Image.self, Batch.self, Link.self, Labels.self, Import.self,
                Export.self,
            ])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Danh sách sản phẩm (list the products, flagging certificates near or past expiry).")
            @OptionGroup var registry: RegistryOptions
            @Flag(help: "JSON instead of a table.") var json = false

            func run() throws {
                try runRegistryCommand {
                    let centre = try registry.centre()
                    let database = try registry.database()
                    let counts = Dictionary(grouping: try database.ocopBatches(), by: \.product).mapValues(\.count)
                    let products = try database.ocopProducts()
                    let today = centre.today
                    let warningDays = centre.traceability.certificateWarningDays
                    if json {
                        let records = products.map { ListRecord($0, batches: counts[$0.id] ?? 0, today: today, warningDays: warningDays) }
                        print(try registryJSON(records))
                        return
                    }
                    guard !products.isEmpty else {
                        print("Sổ chưa có sản phẩm nào (the registry is empty). Thêm bằng: kiosk ocop add --name … --group … --gtin …")
                        return
                    }
                    var rows = [["Mã (id)", "GTIN", "Tên (name)", "Sao", "Chứng nhận (certificate)", "Lô"]]
                    for product in products {
                        rows.append([
                            product.id, product.gtin, product.name.vi, product.certificate.map { "\($0.stars)★" } ?? "-",
                            product.certificate.map { statusText($0, today: today, warningDays: warningDays) } ?? "không có (none)",
                            String(counts[product.id] ?? 0),
                        ])
                    }
                    print(table(rows, rightAligned: [5]))
                    print("\(products.count) sản phẩm (products)")
                }
            }

            /// One product in `list --json`.
            struct ListRecord: Encodable {
                var id: String
                var gtin: String
                var name: LocalizedText
                var group: String
                var stars: Int?
                var certificateExpires: String?
                var certificateStatus: String?
                var batches: Int

                init(_ product: OCOPProduct, batches: Int, today: LocalDate, warningDays: Int) {
                    id = product.id
                    gtin = product.gtin
                    name = product.name
                    group = product.group.rawValue
                    stars = product.certificate?.stars
                    certificateExpires = product.certificate?.expires.description
                    certificateStatus = product.certificate?.status(on: today, warningDays: warningDays).code
                    self.batches = batches
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mọi thông tin của một sản phẩm, các lô và Digital Link (all fields, batches and the Digital Link).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Flag(help: "JSON (a product of the registry export) instead of text.") var json = false

            func run() throws {
                try runRegistryCommand {
                    let centre = try registry.centre()
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let batches = try database.ocopBatches(of: product.id)
                    let base = centre.traceability.baseURL
                    let today = centre.today
                    let warningDays = centre.traceability.certificateWarningDays
                    if json {
                        print(
                            try registryJSON(
                                OCOPProductJSON(product, batches: batches, base: base, today: today, warningDays: warningDays, audience: .registry)))
                    } else {
                        print(details(of: product, batches: batches, baseURL: base, today: today, warningDays: warningDays))
                    }
                }
            }
        }

        struct Delete: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Xóa một sản phẩm cùng các lô và ảnh (remove a product with its batches and image).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Flag(help: "Confirm the removal.") var yes = false

            func run() throws {
                try runRegistryCommand {
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let batches = try database.ocopBatches(of: product.id).count
                    let what = "\(product.id) (\(product.name.vi)) cùng \(batches) lô\(product.hasImage ? " và ảnh" : "")"
                    guard yes else {
                        throw RegistryFailure("thêm --yes để xóa \(what) (add --yes to remove the product with its \(batches) batch(es))")
                    }
                    try database.deleteOCOPProduct(product.id)
                    print("Đã xóa \(what) (removed)")
                }
            }
        }

        struct Image: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Đặt hoặc xóa ảnh sản phẩm: JPEG, PNG hoặc WebP, tối đa 2 MB (set or remove the product's image).")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Argument(help: "The image file (JPEG, PNG or WebP, at most 2 MB).") var file: String?
            @Flag(help: "Remove the product's image.") var remove = false

            func run() throws {
                try runRegistryCommand {
                    guard (file != nil) != remove else { throw RegistryFailure("give an image FILE or --remove, one of the two") }
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    if let file {
                        let image = try readImage(file)
                        try database.setOCOPImage(image, of: product.id, now: Date())
                        print("Đã lưu ảnh của \(product.id) (image stored): \(image.contentType), \(image.bytes.count) bytes")
                    } else {
                        try database.setOCOPImage(nil, of: product.id, now: Date())
                        print("Đã xóa ảnh của \(product.id) (image removed)")
                    }
                }
            }
        }

        struct Link: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "In GS1 Digital Link của sản phẩm, lô hoặc một đơn vị (print the Digital Link URI only).",
                discussion: "The base is --base, else [traceability] base_url of centre.toml.")
            @OptionGroup var registry: RegistryOptions
            @Argument(help: "The product's id or GTIN.") var product: String
            @Option(help: "A batch of the product (adds its id and dates).") var batch: String?
            @Option(help: "The serial number of one item (AI 21).") var serial: String?
            @Option(help: "The public base URL, e.g. https://truyxuat.example.vn.") var base: String?

            func run() throws {
                try runRegistryCommand {
                    let baseURL = try registry.baseURL(override: base)
                    let database = try registry.database()
                    let product = try database.registeredProduct(self.product)
                    let batch = try self.batch.map { try database.registeredBatch($0, of: product) }
                    print(try product.link(batch: batch, serial: serial).uri(base: baseURL))
                }
            }
        }
    }
}

/// The `--data` and `--content` options of every registry command, and what they open.
struct RegistryOptions: ParsableArguments {
    @OptionGroup var data: DataOptions
    @OptionGroup var content: ContentOptions

    func database() throws -> AppDatabase { try AppDatabase.open(directory: data.directory) }

    /// The centre of the content folder; broken content is reported, not replaced by defaults.
    func centre() throws -> Centre { try ContentLoader.load(from: content.directory).centre }

    /// `override` when given (it must be http or https), else the centre's `[traceability] base_url`.
    func baseURL(override: String?) throws -> String {
        if let override {
            guard let url = URL(string: override), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil, url.query == nil
            else {
                throw RegistryFailure("--base '\(override)' must be an http(s) address without query, such as https://truyxuat.example.vn")
            }
            return override
        }
        guard let base = try centre().traceability.baseURL else {
            throw RegistryFailure(
                "no public address for QR codes: set base_url in the [traceability] table of \(content.directory.appendingPathComponent("centre.toml").path) or give --base URL"
            )
        }
        return base
    }
}

/// A registry command's refusal, one line per problem.
struct RegistryFailure: Error {
    var lines: [String]

    init(_ line: String) { lines = [line] }
    init(lines: [String]) { self.lines = lines }
}

/// Runs a registry command: every problem it meets is printed on its own line, and the command exits 1.
func runRegistryCommand(_ body: () throws -> Void) throws {
    var lines: [String]
    do {
        try body()
        return
    } catch let failure as RegistryFailure {
        lines = failure.lines
    } catch let error as OCOPValidationError {
        lines = error.problems.map { "\(optionName(of: $0.field)): \($0.message)" } + ["không lưu gì (nothing was stored)"]
    } catch let error as OCOPStoreError {
        lines = [error.description]
    } catch let error as OCOPFileError {
        lines = error.problems + ["không lưu gì (nothing was stored)"]
    } catch let error as GS1DigitalLink.Problem {
        lines = [error.description]
    } catch let error as ContentError {
        lines = [error.description]
    } catch let error as PrintError {
        lines = [error.description]
    } catch let error as PrinterJob.Mismatch {
        lines = [error.description]
    } catch let error as LabelError {
        lines = [error.description]
    } catch let error as ValidationError {
        lines = [error.message]
    }
    lines.forEach(printError)
    throw ExitCode(1)
}

/// The command-line option a field of ``OCOPRules`` is given with (`name_vi` → `name`).
func optionName(of field: String) -> String {
    ["name_vi": "name", "name_en": "name-en"][field] ?? field.replacingOccurrences(of: "_", with: "-")
}

extension Centre {
    /// Today in the centre's time zone.
    var today: LocalDate { LocalDate.of(Date(), in: timeZone).date }
}

extension AppDatabase {
    /// The product whose id or GTIN is `key`.
    /// - Throws: ``OCOPStoreError/noProduct(_:)`` when there is none.
    func registeredProduct(_ key: String) throws -> OCOPProduct {
        guard let product = try ocopProduct(key) else { throw OCOPStoreError.noProduct(key) }
        return product
    }

    /// The batch `id` of `product`.
    /// - Throws: ``OCOPStoreError/noBatch(product:batch:)`` when there is none.
    func registeredBatch(_ id: String, of product: OCOPProduct) throws -> OCOPBatch {
        guard let batch = try ocopBatch(id, of: product.id) else { throw OCOPStoreError.noBatch(product: product.id, batch: id) }
        return batch
    }
}

/// Reads and recognises an image file.
/// - Throws: ``OCOPValidationError`` (field `image`) for a file that cannot be read or is not a JPEG, PNG or WebP of at most 2 MB.
func readImage(_ path: String) throws -> OCOPImage {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw OCOPValidationError([OCOPProblem(field: "image", message: "cannot read \(path)")])
    }
    return try OCOPImage(bytes: [UInt8](data))
}

/// The certificate's standing, with the flags staff look for: "SẮP HẾT HẠN" and "HẾT HẠN".
func statusText(_ certificate: OCOPCertificate, today: LocalDate, warningDays: Int) -> String {
    switch certificate.status(on: today, warningDays: warningDays) {
    case .valid: "còn hạn đến \(certificate.expires)"
    case .expiring(let days): "SẮP HẾT HẠN \(certificate.expires) (còn \(days) ngày)"
    case .expired(let since): "HẾT HẠN từ \(since)"
    }
}

/// Columns padded to their widest cell, two spaces apart.
func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let widths = (rows.first ?? []).indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, cell in
            let pad = String(repeating: " ", count: widths[column] - cell.count)
            return rightAligned.contains(column) ? pad + cell : (column == row.count - 1 ? cell : cell + pad)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}

/// JSON as the registry export writes it (``OCOPProductJSON/encoder()``).
func registryJSON(_ value: some Encodable) throws -> String {
    String(decoding: try OCOPProductJSON.encoder().encode(value), as: UTF8.self)
}

/// Everything about a product as `show` prints it.
func details(of product: OCOPProduct, batches: [OCOPBatch], baseURL: String?, today: LocalDate, warningDays: Int) -> String {
    func bilingual(_ text: LocalizedText) -> String { text.en.map { "\(text.vi) (\($0))" } ?? text.vi }
    var rows: [[String]] = [
        ["Mã (id)", product.id],
        ["GTIN", product.gtin],
        ["Tên (name)", bilingual(product.name)],
        ["Nhóm (group)", "\(bilingual(product.group.name)) [\(product.group.rawValue)]"],
    ]
    if let brand = product.brand { rows.append(["Thương hiệu (brand)", brand]) }
    rows.append(["Cơ sở sản xuất (producer)", product.producer.name])
    rows.append(["Địa chỉ (address)", product.producer.address])
    if let phone = product.producer.phone { rows.append(["Điện thoại (phone)", phone]) }
    if let certificate = product.certificate {
        let score = certificate.score.map { ", \($0) điểm" } ?? ""
        rows.append(["OCOP", "\(certificate.stars)★\(score)"])
        rows.append(["Quyết định (certificate)", "\(certificate.number) ngày \(certificate.issued)"])
        rows.append(["Cơ quan cấp (authority)", certificate.authority])
        rows.append(["Hiệu lực (valid)", statusText(certificate, today: today, warningDays: warningDays)])
    } else {
        rows.append(["OCOP", "chưa có chứng nhận (no certificate: a key local product)"])
    }
    if let text = product.description { rows.append(["Mô tả (description)", bilingual(text)]) }
    if let text = product.ingredients { rows.append(["Thành phần (ingredients)", bilingual(text)]) }
    if let text = product.storage { rows.append(["Bảo quản (storage)", bilingual(text)]) }
    rows.append(["Ảnh (image)", product.hasImage ? "có (stored)" : "chưa có (none)"])
    rows.append(["Digital Link", baseURL.flatMap { try? product.link(batch: nil).uri(base: $0) } ?? "chưa đặt [traceability] base_url (no base URL)"])
    var text = table(rows.map { [$0[0] + ":", $0[1]] })
    text += "\n\n" + batchTable(product: product, batches: batches, baseURL: baseURL)
    return text
}

/// A product's batches as a table, with each batch's Digital Link when the base URL is known.
func batchTable(product: OCOPProduct, batches: [OCOPBatch], baseURL: String?) -> String {
    guard !batches.isEmpty else { return "Chưa có lô nào (no batches). Thêm bằng: kiosk ocop batch add \(product.id) --batch … --produced …" }
    var rows = [["Lô (batch)", "Ngày SX (produced)", "HSD (expires)", "Số lượng", "Ghi chú (notes)"] + (baseURL == nil ? [] : ["Digital Link"])]
    for batch in batches {
        var row = [
            batch.id, batch.produced.description, batch.expires?.description ?? "-", batch.quantity.map(String.init) ?? "-", batch.notes ?? "",
        ]
        if let baseURL { row.append((try? product.link(batch: batch).uri(base: baseURL)) ?? "") }
        rows.append(row)
    }
    return "Các lô (batches):\n" + table(rows, rightAligned: [3])
}
