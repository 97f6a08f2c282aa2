/// What the terminal the text kiosk runs on can show, read from its environment.
public struct TerminalCapabilities: Sendable, Equatable {
    /// Whether the terminal shows UTF-8 (and so Vietnamese and half-block QR codes).
    public var unicode: Bool
    /// Whether it shows 256 colours.
    public var colours256: Bool

    /// Reads `TERM`, `LC_ALL`, `LC_CTYPE` and `LANG` the way terminal programs conventionally do.
    public init(environment: [String: String]) {
        let locale =
            environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        let lowered = locale.lowercased()
        unicode = lowered.contains("utf-8") || lowered.contains("utf8")
        let term = environment["TERM"] ?? ""
        colours256 = term.contains("256color") || environment["COLORTERM"] != nil
    }
}
