/// Where a guidance topic's facts come from.
public struct HelpSource: Sendable, Equatable, Codable {
    public var name: String
    public var url: String?
    /// The day the topic's facts were last checked against the source.
    public var checked: LocalDate?

    /// Makes a source named `name`, with its address and the day it was checked when known.
    public init(name: String, url: String? = nil, checked: LocalDate? = nil) {
        self.name = name
        self.url = url
        self.checked = checked
    }

    /// "Nguồn: …, kiểm tra ngày dd/MM/yyyy" (or its English), as slips print it.
    public func line(in language: Language) -> String {
        let checkedText = checked.map { language == .vi ? ", kiểm tra ngày \($0.vietnamese)" : ", checked \($0.vietnamese)" } ?? ""
        return (language == .vi ? "Nguồn: " : "Source: ") + name + checkedText
    }
}

/// A guidance topic of `kiosk-content/help/`: shown on the kiosk, printed on slips.
public struct HelpTopic: Sendable, Equatable, Codable {
    public var id: String
    public var title: LocalizedText
    /// The parent topic's id; `nil` for a top-level topic.
    public var parent: String?
    /// Position among its siblings.
    public var order: Int
    /// What the topic's QR code opens (ASCII).
    public var link: String?
    public var source: HelpSource?
    public var summary: LocalizedText?
    /// The Markdown body, Vietnamese and (when written) English.
    public var body: LocalizedText

    /// Makes a topic from its fields, each as the property of the same name describes it.
    public init(
        id: String, title: LocalizedText, parent: String? = nil, order: Int = 0, link: String? = nil, source: HelpSource? = nil,
        summary: LocalizedText? = nil, body: LocalizedText
    ) {
        self.id = id
        self.title = title
        self.parent = parent
        self.order = order
        self.link = link
        self.source = source
        self.summary = summary
        self.body = body
    }

    /// The short steps: the items of the body's first numbered list, as plain text.
    public func steps(in language: Language) -> [String] {
        var steps: [String] = []
        var inList = false
        for rawLine in body.text(in: language).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let item = Self.numberedItem(line) {
                inList = true
                steps.append(Self.plain(item))
            } else if inList {
                if line.isEmpty { continue }
                if rawLine.hasPrefix("   ") || rawLine.hasPrefix("\t"), !steps.isEmpty {
                    steps[steps.count - 1] += " " + Self.plain(line)
                    continue
                }
                break
            }
        }
        return steps
    }

    /// The text after `1. ` (or `1) `), or `nil` when the line is not a numbered item.
    static func numberedItem(_ line: String) -> String? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces)
    }

    /// Markdown emphasis, code marks and links reduced to their text (slips, the terminal, the spoken text).
    public static func plain(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "[", let close = text[index...].firstIndex(of: "]"), text.index(after: close) < text.endIndex,
                text[text.index(after: close)] == "(", let end = text[close...].firstIndex(of: ")")
            {
                result += text[text.index(after: index)..<close]
                index = text.index(after: end)
                continue
            }
            if !"*_`".contains(character) { result.append(character) }
            index = text.index(after: index)
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}

/// A receipt or sheet printer of the centre, as named in `centre.toml`.
public struct PrinterConfig: Sendable, Equatable, Codable {
    /// How the printer is reached.
    public enum Address: Sendable, Equatable, Codable, CustomStringConvertible {
        /// A USB printer's device file, e.g. `/dev/usb/lp0`.
        case usb(path: String)
        /// A network printer's raw port, e.g. `192.168.1.50:9100`.
        case tcp(host: String, port: Int)
        /// A CUPS queue, printed with `lp -d QUEUE -o raw`.
        case cups(queue: String)

        /// Parses `usb:/dev/usb/lp0`, `tcp:HOST:9100` or `cups:QUEUE`; `nil` for anything else.
        public init?(_ text: String) {
            if text.hasPrefix("usb:") {
                let path = String(text.dropFirst(4))
                guard path.hasPrefix("/dev/"), !path.contains("..") else { return nil }
                self = .usb(path: path)
            } else if text.hasPrefix("tcp:") {
                let rest = text.dropFirst(4)
                guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port)
                else { return nil }
                let host = String(rest[..<colon])
                guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-".contains($0)) }) else { return nil }
                self = .tcp(host: host, port: port)
            } else if text.hasPrefix("cups:") {
                let queue = String(text.dropFirst(5))
                guard !queue.isEmpty, queue.count <= 127, queue.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
                else { return nil }
                self = .cups(queue: queue)
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .usb(let path): "usb:\(path)"
            case .tcp(let host, let port): "tcp:\(host):\(port)"
            case .cups(let queue): "cups:\(queue)"
            }
        }
    }

    public var id: String
    public var name: LocalizedText?
    public var address: Address
    /// The paper it holds: `58mm`, `80mm`, `a6` or `a4`.
    public var paper: Paper

    /// Makes a printer configuration with its id, name, address and paper.
    public init(id: String, name: LocalizedText? = nil, address: Address, paper: Paper) {
        self.id = id
        self.name = name
        self.address = address
        self.paper = paper
    }
}

/// Paper a slip is laid out for.
public enum Paper: String, Sendable, CaseIterable, Codable {
    case thermal58 = "58mm"
    case thermal80 = "80mm"
    case a6
    case a4

    /// Whether it is a receipt roll (printed as an ESC/POS raster image).
    public var isThermal: Bool { self == .thermal58 || self == .thermal80 }
}
