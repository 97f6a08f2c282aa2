import KioskCore
import Logging

/// The log handler of `kiosk serve` and `kiosk hub`: writes through another handler (standard error),
/// with every control character of the message and of each metadata value escaped
/// (``ControlCharacters/escaped(_:)``), so that nothing an outsider sends — a newline in a sign-in name,
/// an ANSI escape — can forge a log line or drive the terminal that shows the log; and with the value of
/// any metadata key that names a secret (``isSecret(_:)``) replaced, whatever code logged it.
struct EscapingLogHandler: LogHandler {
    private var inner: any LogHandler

    init(_ inner: any LogHandler) {
        self.inner = inner
    }

    /// Whether a metadata key names a secret: a password, token, cookie, session, key or authorization.
    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "token", "secret", "cookie", "session", "authorization", "key"].contains { lowered.contains($0) }
    }

    static func clean(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.reduce(into: [:]) { $0[$1.key] = clean($1.value, key: $1.key) }
    }

    static func clean(_ value: Logger.MetadataValue, key: String) -> Logger.MetadataValue {
        if isSecret(key) { return "[hidden]" }
        switch value {
        case .string(let text): return .string(ControlCharacters.escaped(text))
        case .stringConvertible(let item): return .string(ControlCharacters.escaped(item.description))
        case .array(let items): return .array(items.map { clean($0, key: "") })
        case .dictionary(let entries): return .dictionary(clean(entries))
        }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(ControlCharacters.escaped(event.message.description))"
        event.metadata = event.metadata.map(Self.clean)
        inner.log(event: event)
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = Self.clean(newValue) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue.map { Self.clean($0, key: key) } }
    }
}

extension LoggingSystem {
    /// Logs to standard error at `level` through an ``EscapingLogHandler``.
    static func bootstrapEscaping(level: Logger.Level) {
        bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return EscapingLogHandler(handler)
        }
    }
}
