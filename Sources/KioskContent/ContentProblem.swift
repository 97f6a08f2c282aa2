/// One problem found in `kiosk-content/`, printed as `path:line: message`.
public struct ContentProblem: Sendable, Equatable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable {
        /// The content cannot be used.
        case error
        /// The content works but should be fixed (a missing English label).
        case warning
    }

    /// The file, as the path it was read from.
    public var file: String
    /// 1-based line; 0 when the problem is about the file as a whole.
    public var line: Int
    public var message: String
    public var severity: Severity

    /// Makes a problem at `line` of `file` (a path inside `kiosk-content/`).
    public init(file: String, line: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var description: String {
        let prefix = line > 0 ? "\(file):\(line):" : "\(file):"
        return severity == .warning ? "\(prefix) warning: \(message)" : "\(prefix) \(message)"
    }
}

/// The content has errors; `problems` lists all of them (and any warnings), in file order.
public struct ContentError: Error, Sendable, CustomStringConvertible {
    public var problems: [ContentProblem]

    /// Makes an error that carries `problems`.
    public init(problems: [ContentProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
