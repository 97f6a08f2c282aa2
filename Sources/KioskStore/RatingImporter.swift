import Crypto
import Foundation
import KioskCore

/// Loads ratings from a file: NDJSON (one API object per line) or CSV with the header
/// `id,createdAt,survey,overall,counter,field,officer,channel,dossierCode,comment` (paper forms).
///
/// Every row is validated exactly as the API validates a rating; one bad row refuses the whole file,
/// and nothing is stored unless every row is good.
public struct RatingImporter: Sendable {
    /// The CSV header, in this order.
    public static let csvColumns = ["id", "createdAt", "survey", "overall", "counter", "field", "officer", "channel", "dossierCode", "comment"]

    /// A problem on one line of the file.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The file's path.
        public var file: String
        /// The line of the row (0 for the file as a whole).
        public var line: Int
        /// What is wrong, as a sentence.
        public var message: String

        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The content the rows are checked against.
    public let content: CentreContent
    /// The time the ratings are received at (and the time of a row that names none).
    public let now: Date

    /// An importer for `content`, receiving at `now`.
    public init(content: CentreContent, now: Date = Date()) {
        self.content = content
        self.now = now
    }

    /// Validates every row of `file` and returns the ratings to store, in file order.
    /// - Throws: ``Failure`` with the file and line of the first bad row.
    public func read(_ file: URL) throws -> [(line: Int, rating: PreparedRating)] {
        let name = file.path
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Failure(file: name, line: 0, message: "cannot read the file")
        }
        let text: String
        do {
            text = try UTF8Text.decode(Array(data))
        } catch {
            throw Failure(file: name, line: 1, message: error.message)
        }
        let isJSON =
            file.pathExtension.lowercased() == "ndjson" || file.pathExtension.lowercased() == "jsonl"
            || text.drop(while: \.isWhitespace).first == "{"
        let rows = isJSON ? try ndjsonRows(text, file: name) : try csvRows(text, file: name)
        guard !rows.isEmpty else { throw Failure(file: name, line: 0, message: "the file holds no ratings") }

        let intake = RatingIntake(content: content)
        var seen: [UUID: Int] = [:]
        var seenCodes: [String: Int] = [:]
        var result: [(line: Int, rating: PreparedRating)] = []
        for row in rows {
            let prepared: PreparedRating
            do {
                prepared = try intake.prepare(row.value, receivedAt: now, channel: isJSON ? .import : .paper)
            } catch let error as RatingError {
                throw Failure(file: name, line: row.line, message: error.description)
            }
            let id = prepared.rating.id
            if let first = seen[id] {
                throw Failure(file: name, line: row.line, message: "id \(id.uuidString.lowercased()) is used again (first on line \(first))")
            }
            seen[id] = row.line
            if let code = prepared.rating.dossierCode {
                if let first = seenCodes[code] {
                    throw Failure(file: name, line: row.line, message: "dossier \(code) is rated twice (first on line \(first))")
                }
                seenCodes[code] = row.line
            }
            result.append((row.line, prepared))
        }
        return result
    }

    /// Reads, validates and stores `file` in one transaction.
    /// - Returns: how many ratings were new (a re-imported file stores nothing twice).
    public func importFile(_ file: URL, into database: AppDatabase) throws -> Int {
        let rows = try read(file)
        do {
            return try database.recordAll(rows.map(\.rating))
        } catch let conflict as StoredConflict {
            let row = rows[conflict.index]
            let message =
                conflict.dossierCode
                ? "dossier \(row.rating.rating.dossierCode ?? "") has already been rated"
                : "id \(row.rating.rating.id.uuidString.lowercased()) is already stored with different content"
            throw Failure(file: file.path, line: row.line, message: message)
        }
    }

    private func ndjsonRows(_ text: String, file: String) throws -> [(line: Int, value: JSONValue)] {
        var rows: [(Int, JSONValue)] = []
        // "\r\n" is one Character, so CRLF files split on it as LF files split on "\n".
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            do {
                // The API's strict reader: a key given twice is refused here as it is over HTTP.
                rows.append((index + 1, try StrictJSON.parse(Array(trimmed.utf8))))
            } catch {
                throw Failure(file: file, line: index + 1, message: "not a JSON object (\(error.description)); each line must hold one rating")
            }
        }
        return rows
    }

    private func csvRows(_ text: String, file: String) throws -> [(line: Int, value: JSONValue)] {
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(text)
        } catch {
            throw Failure(file: file, line: error.line, message: error.message)
        }
        guard let headerRecord = records.first else { return [] }
        let header = headerRecord.fields
        if header != Self.csvColumns {
            let missing = Self.csvColumns.filter { !header.contains($0) }
            let unknown = header.filter { !Self.csvColumns.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { parts.append("unknown \(unknown.joined(separator: ", "))") }
            if parts.isEmpty { parts.append("columns out of order") }
            throw Failure(
                file: file, line: headerRecord.line,
                message: "the header must be \(Self.csvColumns.joined(separator: ",")) (\(parts.joined(separator: "; ")))")
        }
        var rows: [(Int, JSONValue)] = []
        for record in records.dropFirst() {
            let fields = record.fields.map(CSVParser.unguarded)
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                throw Failure(file: file, line: record.line, message: "expected \(header.count) columns, found \(fields.count)")
            }
            var object: [String: JSONValue] = [:]
            for (column, value) in zip(header, fields) where !value.isEmpty {
                if column == "overall" {
                    object["answers"] = .object(["overall": .string(value)])
                } else {
                    object[column] = .string(value)
                }
            }
            if object["id"] == nil {
                object["id"] = .string(Self.derivedID(file: file, line: record.line, fields: fields).uuidString.lowercased())
            }
            if object["answers"] == nil { object["answers"] = .object([:]) }
            rows.append((record.line, .object(object)))
        }
        return rows
    }

    /// A stable id for a paper form typed in without one, so that importing the same file twice stores it once.
    static func derivedID(file: String, line: Int, fields: [String]) -> UUID {
        let digest = Array(SHA256.hash(data: Data("\((file as NSString).lastPathComponent)\n\(line)\n\(fields.joined(separator: "\u{1F}"))".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 style (name-based)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
