import Foundation
import KioskCore
import TOMLKit

/// Reads `help/*.md`: a TOML header between `+++` lines, then the Vietnamese Markdown body; the
/// English body, when written, is in `ID.en.md`.
enum HelpReader {
    static func read(folder: String, centre: Centre?, problems: inout [ContentProblem]) -> [HelpTopic] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var topics: [HelpTopic] = []
        var files: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".md") && !name.hasSuffix(".en.md") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let (topic, log) = readTopic(path: path, expectedID: String(name.dropLast(3)), centre: centre, problems: &problems) else {
                continue
            }
            problems += log.problems
            if let topic {
                if files[topic.id] != nil {
                    problems.append(ContentProblem(file: path, line: 2, message: "duplicate topic id '\(topic.id)'"))
                }
                files[topic.id] = path
                topics.append(topic)
            }
        }
        for name in names.sorted() where name.hasSuffix(".en.md") && files[String(name.dropLast(6))] == nil {
            problems.append(
                ContentProblem(
                    file: (folder as NSString).appendingPathComponent(name), line: 0,
                    message: "English body without a topic: \(name.dropLast(6)).md is missing"))
        }
        // Parents exist, and following parents never comes back to a topic.
        let byID = Dictionary(topics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for topic in topics {
            guard let parent = topic.parent else { continue }
            if byID[parent] == nil {
                problems.append(ContentProblem(file: files[topic.id]!, line: 0, message: "parent '\(parent)' is not a topic of help/"))
                continue
            }
            var seen: Set<String> = [topic.id]
            var next = byID[parent]
            while let current = next {
                if !seen.insert(current.id).inserted {
                    problems.append(ContentProblem(file: files[topic.id]!, line: 0, message: "topic '\(topic.id)' is its own ancestor"))
                    break
                }
                next = current.parent.flatMap { byID[$0] }
            }
        }
        // Parents before children, siblings by order.
        var ordered: [HelpTopic] = []
        func visit(_ parent: String?) {
            for topic in topics.filter({ $0.parent == parent }).sorted(by: { ($0.order, $0.id) < ($1.order, $1.id) }) {
                ordered.append(topic)
                visit(topic.id)
            }
        }
        visit(nil)
        return ordered.count == topics.count ? ordered : topics
    }

    private static func readTopic(path: String, expectedID: String, centre: Centre?, problems: inout [ContentProblem])
        -> (HelpTopic?, ProblemLog)?
    {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            problems.append(ContentProblem(file: path, line: 0, message: "missing, unreadable or not UTF-8"))
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "+++",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" })
        else {
            problems.append(ContentProblem(file: path, line: 1, message: "a topic starts with a TOML header between two '+++' lines"))
            return nil
        }
        let header = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: header)
        } catch let error as TOMLParseError {
            problems.append(ContentProblem(file: path, line: error.source.begin.line + 1, message: "TOML syntax error: \(error.description)"))
            return nil
        } catch {
            problems.append(ContentProblem(file: path, line: 1, message: "TOML syntax error: \(error)"))
            return nil
        }
        let log = ProblemLog(file: path, source: header, lineOffset: 1)
        let reader = TableReader(table, path: "", log: log)
        defer { reader.finish() }
        let id = reader.string("id", required: true) ?? expectedID
        if id != expectedID { log.error("id", "topic id '\(id)' must equal the file name '\(expectedID)'") }
        let title = reader.localized("title", required: true)
        let parent = reader.string("parent")
        let order = reader.int("order") ?? 0
        let link = reader.string("link")
        if let link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) || !link.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            log.error("link", "link must be an http(s) address in ASCII (percent-encode anything else), not '\(link)'")
        }
        var source: HelpSource?
        if let table = reader.table("source") {
            var checked: LocalDate?
            if let text = table.string("checked") {
                checked = LocalDate(text)
                if checked == nil { log.error("source.checked", "source.checked must be the day the facts were checked, YYYY-MM-DD, not '\(text)'") }
            } else {
                log.warning("source", "the source does not say when its facts were last checked (checked = \"YYYY-MM-DD\")")
            }
            if let name = table.string("name", required: true) { source = HelpSource(name: name, url: table.string("url"), checked: checked) }
            table.finish()
        } else {
            log.warning("", "the topic names no official source (source = { name = \"…\", url = \"…\" })")
        }
        let summary = reader.localized("summary")
        guard !body.isEmpty else {
            log.error(line: end + 2, "the topic has no text after its header")
            return (nil, log)
        }
        let englishPath = String(path.dropLast(3)) + ".en.md"
        let english = (try? String(contentsOfFile: englishPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        if english == nil {
            log.warning("", "no English body (\((englishPath as NSString).lastPathComponent)); the English screen shows the Vietnamese")
        }
        guard let title else { return (nil, log) }
        let vi = fill(body, centre: centre, language: .vi)
        let en = english.map { fill($0, centre: centre, language: .en) }
        return (
            HelpTopic(
                id: id, title: title, parent: parent, order: order, link: link, source: source, summary: summary,
                body: LocalizedText(vi: vi, en: en)), log
        )
    }

    /// Replaces the `{{hours}}` and `{{counters}}` lines with the centre's own, so they are written once.
    private static func fill(_ body: String, centre: Centre?, language: Language) -> String {
        guard let centre else { return body }
        return body.replacingOccurrences(of: "{{hours}}", with: centre.hoursMarkdown(in: language))
            .replacingOccurrences(of: "{{counters}}", with: centre.countersMarkdown(in: language))
    }
}
