import Foundation
import KioskCore
import KioskStore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `kiosk terminal` runs: its content, where ratings go, which kiosk it is.
public struct TerminalKioskConfiguration: Sendable {
    /// Where ratings and calls go.
    public enum Destination: Sendable {
        /// The store of this data folder (`kiosk.sqlite`).
        case store(directory: URL)
        /// A running server, with the kiosk's token and the outbox file that keeps what is not sent yet.
        case server(url: URL, token: String?, outbox: URL)
    }

    public var destination: Destination
    /// The kiosk's id in `centre.toml`; `nil`: a hall kiosk with default settings.
    public var kioskID: String?
    /// The language a resident starts in (the kiosk comes back to it after each resident).
    public var language: Language = .vi
    /// Overrides the kiosk's `idle_seconds`.
    public var idleSeconds: Double?
    /// The log file (the screen is the residents').
    public var logFile: URL
    /// The environment the terminal's abilities are read from.
    public var environment: [String: String]

    /// Makes the configuration: where ratings go, which kiosk this is, the log file, and the environment.
    public init(destination: Destination, kioskID: String?, logFile: URL, environment: [String: String]) {
        self.destination = destination
        self.kioskID = kioskID
        self.logFile = logFile
        self.environment = environment
    }
}

/// The full-screen text kiosk: takes the terminal over and runs the attract screen, the rating, the help
/// topics and the call for staff until Ctrl-C, SIGTERM or SIGHUP, then gives the terminal back.
public enum TerminalKiosk {
    /// Runs the kiosk.
    /// - Throws: ``KioskProfile/Problem`` for a missing survey or an unknown kiosk, ``TerminalDeviceError``
    ///   when there is no terminal, and errors opening the store, the outbox or the log.
    public static func run(_ configuration: TerminalKioskConfiguration, content: CentreContent) async throws {
        // The screen loop waits on the terminal: it gets a thread of its own, not one of the shared pool's.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try runBlocking(configuration, content: content)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "kiosk-terminal"
            thread.start()
        }
    }

    /// Runs the kiosk on the calling thread until it stops.
    public static func runBlocking(_ configuration: TerminalKioskConfiguration, content: CentreContent) throws {
        let profile = try KioskProfile(content: content, kioskID: configuration.kioskID, idleSeconds: configuration.idleSeconds)
        let file = try LogFile(url: configuration.logFile)
        var logger = Logger(label: "kiosk.terminal") { label in FileLogHandler(label: label, file: file) }
        if let kioskID = configuration.kioskID { logger[metadataKey: "kiosk.kiosk"] = "\(kioskID)" }

        let backend: any KioskBackend
        switch configuration.destination {
        case .store(let directory):
            backend = LocalBackend(database: try AppDatabase.open(directory: directory), content: content, kioskID: profile.kioskID, logger: logger)
        case .server(let url, let token, let outboxURL):
            backend = RemoteBackend(
                client: ServerClient(baseURL: url, token: token), outbox: try Outbox(url: outboxURL), content: content,
                kioskID: profile.kioskID, logger: logger)
        }
        defer { backend.stop() }
        let capabilities = TerminalCapabilities(environment: configuration.environment)
        logger.info(
            "terminal kiosk started", metadata: ["terminal.unicode": "\(capabilities.unicode)", "terminal.colours256": "\(capabilities.colours256)"])
        try TerminalDevice.withTerminal { device in
            var loop = KioskLoop(
                engine: KioskEngine(
                    profile: profile, palette: Palette(capabilities), language: configuration.language, size: device.size(), now: Date()),
                backend: backend, device: device)
            loop.run()
        }
        logger.info("terminal kiosk stopped")
    }
}

/// The kiosk's event loop: keys, signals and the clock into the engine, its effects to the backend, and
/// each new screen to the terminal (only what changed, in one write).
struct KioskLoop {
    var engine: KioskEngine
    let backend: any KioskBackend
    let device: TerminalDevice
    private var decoder = KeyDecoder()
    private var writer: FrameWriter

    init(engine: KioskEngine, backend: any KioskBackend, device: TerminalDevice) {
        self.engine = engine
        self.backend = backend
        self.device = device
        writer = FrameWriter(colours: engine.palette.colours)
    }

    mutating func run() {
        draw()
        loop()
        _ = perform(engine.stop(now: Date()))
    }

    private mutating func loop() {
        while true {
            // A lone Esc is known only when nothing follows it for a moment.
            let input = device.wait(milliseconds: decoder.isWaiting ? 40 : 250)
            for signal in input.signals {
                if signal == SIGWINCH {
                    engine.size = device.size()
                } else {
                    return
                }
            }
            if input.closed { return }
            var keys = decoder.feed(input.bytes)
            if input.bytes.isEmpty && decoder.isWaiting { keys += decoder.flush() }
            for key in keys {
                if perform(engine.handle(key, now: Date())) == false { return }
            }
            _ = perform(engine.tick(now: Date()))
            if let call = engine.call, let status = backend.callStatus(id: call.id) {
                engine.callStatusChanged(id: call.id, to: status, now: Date())
            }
            draw()
        }
    }

    /// Hands effects to the backend; `false` when the kiosk is to stop.
    private func perform(_ effects: [KioskEffect]) -> Bool {
        for effect in effects {
            switch effect {
            case .submit(let id, let body): backend.submit(id: id, body: body)
            case .placeCall(let id, let topic): backend.placeCall(id: id, topic: topic)
            case .cancelCall(let id): backend.cancelCall(id: id)
            case .quit: return false
            }
        }
        return true
    }

    private mutating func draw() {
        let canvas = ScreenRenderer(engine: engine, status: backend.status).render()
        let output = writer.update(to: canvas)
        if !output.isEmpty { device.write(output) }
    }
}
