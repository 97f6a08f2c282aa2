import Foundation
import KioskContent
import KioskCore

@testable import KioskTerminal

/// The sample content of the repository, a clock the tests move by hand, and a kiosk driven by keys.
enum Sample {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let content: CentreContent = {
        do {
            return try ContentLoader.load(from: repository.appendingPathComponent("kiosk-content"))
        } catch {
            fatalError("the sample content does not load: \(error)")
        }
    }()

    /// 2026-11-24 10:00 in Hải Phòng.
    static let start = ISO8601DateFormatter().date(from: "2026-11-24T03:00:00Z")!

    static let colour = TerminalCapabilities(environment: ["TERM": "xterm-256color", "LANG": "vi_VN.UTF-8"])
    static let plain = TerminalCapabilities(environment: ["TERM": "vt100", "LANG": "C"])
}

/// A kiosk engine with its own clock: every key comes a second after the one before, as a person types.
struct Driver {
    var engine: KioskEngine
    var now: Date
    /// Every effect so far, in order.
    var effects: [KioskEffect] = []

    init(kiosk: String? = nil, capabilities: TerminalCapabilities = Sample.colour, size: TerminalSize = .minimum, idle: Double? = nil) throws {
        let profile = try KioskProfile(content: Sample.content, kioskID: kiosk, idleSeconds: idle)
        now = Sample.start
        engine = KioskEngine(profile: profile, palette: Palette(capabilities), size: size, now: now)
    }

    /// Presses keys, `gap` seconds apart (more than the double-press guard by default).
    mutating func press(_ keys: Key..., gap: Double = 1) {
        for key in keys {
            now = now.addingTimeInterval(gap)
            effects += engine.handle(key, now: now)
            effects += engine.tick(now: now)
        }
    }

    /// Types text, a key a tenth of a second apart.
    mutating func type(_ text: String) {
        for character in text {
            now = now.addingTimeInterval(0.1)
            effects += engine.handle(.character(character), now: now)
        }
    }

    mutating func digits(_ text: String) {
        for character in text { press(.character(character)) }
    }

    /// Lets `seconds` pass, the clock ticking every quarter second.
    mutating func wait(_ seconds: Double) {
        let end = now.addingTimeInterval(seconds)
        while now < end {
            now = min(end, now.addingTimeInterval(0.25))
            effects += engine.tick(now: now)
        }
    }

    var screen: Canvas { ScreenRenderer(engine: engine, status: BackendStatus()).render() }

    /// The bodies of the ratings handed over so far.
    var submitted: [(id: UUID, body: JSONValue)] {
        effects.compactMap { if case .submit(let id, let body) = $0 { (id, body) } else { nil } }
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    var strings: [String]? {
        if case .array(let items) = self { items.compactMap(\.string) } else { nil }
    }
}
