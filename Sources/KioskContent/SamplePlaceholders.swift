import Foundation

/// The values the sample `kiosk-content/` ships with that a centre must replace before residents see them:
/// addresses on `example.*` hosts, the "Nội dung mẫu" notice, the sample telephone number and the sample
/// officers' names. `kiosk content check` warns on each one still in place (an error with `--strict`).
///
/// The check reads the files as text, line by line, so that every warning names the line to edit.
public enum SamplePlaceholders {
    /// The notice every sample file carries until the centre has reviewed it.
    public static let notice = "Nội dung mẫu"
    /// The same notice in the English files.
    public static let englishNotice = "Sample content –"
    /// The sample centre's telephone number.
    public static let phone = "0225 3821 456"
    /// The sample officers' names (`[[officers]] name`).
    public static let officerNames: Set<String> = [
        "Nguyễn Thị Lan", "Trần Văn Minh", "Lê Quang Huy", "Vũ Thị Hồng Nhung",
        "Hoàng Thị Mai", "Đỗ Văn Thắng", "Bùi Đức Thành", "Phạm Thu Hà",
    ]
    /// Hosts reserved for examples: an address on them reaches no one.
    /// The sample number, not as part of a longer one.
    static var samplePhone: Regex<Substring> { /(?:^|\D)0225 3821 456(?:\D|$)/ }
    static var exampleHost: Regex<(Substring, host: Substring)> {
        /https?:\/\/(?<host>(?:[A-Za-z0-9-]+\.)*example\.(?:vn|com|org|net))(?![A-Za-z0-9.-]*[A-Za-z0-9-])/.ignoresCase()
    }

    /// Every placeholder in the text files of `directory` (centre.toml, surveys, locales, help), as warnings.
    public static func warnings(in directory: URL) -> [ContentProblem] {
        files(in: directory).flatMap { path -> [ContentProblem] in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return [] }
            return warnings(inText: text, file: path)
        }
    }

    /// The placeholders in one file's text; `file` is the path printed with each warning.
    public static func warnings(inText text: String, file: String) -> [ContentProblem] {
        var found: [ContentProblem] = []
        let lines = text.precomposedStringWithCanonicalMapping.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            func warn(_ message: String) {
                found.append(ContentProblem(file: file, line: index + 1, message: message, severity: .warning))
            }
            for sample in [notice, englishNotice] where line.localizedCaseInsensitiveContains(sample) {
                warn("the sample notice \"\(sample)\" is still here: review this file and remove the notice")
            }
            for match in line.matches(of: exampleHost) {
                warn("\(match.output.host) is a placeholder address that reaches no one: put the centre's own address")
            }
            if line.contains(samplePhone) {
                warn("\(phone) is the sample telephone number: put the centre's own")
            }
            if let name = quotedName(line), officerNames.contains(name) {
                warn("\"\(name)\" is a sample officer's name: list the centre's own officers")
            }
        }
        return found
    }

    /// The value of a `name = "…"` line, if the line is one.
    private static func quotedName(_ line: Substring) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("name"), let open = trimmed.firstIndex(of: "\""), let close = trimmed.lastIndex(of: "\""), open < close,
            trimmed[trimmed.startIndex..<open].replacingOccurrences(of: " ", with: "") == "name="
        else { return nil }
        return String(trimmed[trimmed.index(after: open)..<close])
    }

    /// The content's text files, in a stable order.
    private static func files(in directory: URL) -> [String] {
        var paths = [directory.appendingPathComponent("centre.toml").path]
        for (folder, suffix) in [("surveys", ".toml"), ("locales", ".toml"), ("help", ".md")] {
            let url = directory.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            paths += names.map { url.appendingPathComponent($0).path }
        }
        return paths
    }
}
