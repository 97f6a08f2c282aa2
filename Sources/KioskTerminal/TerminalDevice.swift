#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the terminal cannot be taken over.
public enum TerminalDeviceError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, a service without a console).
    case notATerminal
    /// The terminal's settings could not be read or changed.
    case settings(Int32)

    public var description: String {
        switch self {
        case .notATerminal: "standard input and output must be a terminal (run it on the console, a serial line, ssh -t or tmux)"
        case .settings(let code): "the terminal's settings could not be changed: \(String(cString: strerror(code)))"
        }
    }
}

// What the signal handlers need, kept where a C function can reach it: a handler captures nothing.
// Written only while no handler is installed (before install, after removal); read by the handlers.
nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var terminalTaken: Int32 = 0
nonisolated(unsafe) private var wakeWriteEnd: Int32 = -1
nonisolated(unsafe) private var restoreBytes: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var restoreCount = 0
nonisolated(unsafe) private var previousActions: UnsafeMutablePointer<sigaction>?

/// Signals that end the kiosk in an orderly way, and SIGWINCH (resize): the handler only notes them.
private let requestSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH]
/// Signals of a crash: the handler gives the terminal back, then lets the signal do what it did before
/// (the Swift runtime's backtrace, a core dump).
private let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

/// Gives the terminal back: only async-signal-safe calls, once.
private func restoreTerminal() {
    guard terminalTaken != 0 else { return }
    terminalTaken = 0
    if let restoreBytes { _ = write(STDOUT_FILENO, restoreBytes, restoreCount) }
    _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedAttributes)
}

private func onRequestSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(wakeWriteEnd, &byte, 1)
}

private func onCrashSignal(_ number: Int32) {
    restoreTerminal()
    if let previousActions {
        // The handler that was there before (the Swift runtime's backtrace) runs now, on the main screen.
        _ = sigaction(number, previousActions + Int(number), nil)
        _ = raise(number)
    }
    // Whatever it did, the process ends as the signal ends it.
    _ = signal(number, SIG_DFL)
    _ = raise(number)
}

/// `write(2)` by another name, for the methods called `write`.
private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

private func resetToDefault(_ number: Int32) {
    _ = signal(number, SIG_DFL)
}

private func install(_ handler: @convention(c) (Int32) -> Void, for signal: Int32, keepingPrevious: Bool) {
    var action = sigaction()
    #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
    #else
        action.__sigaction_u.__sa_handler = handler
    #endif
    sigemptyset(&action.sa_mask)
    // A crash handler raises its signal again from inside itself: it must not be blocked there.
    action.sa_flags = keepingPrevious ? Int32(SA_NODEFER) : Int32(SA_RESTART)
    _ = sigaction(signal, &action, keepingPrevious ? previousActions.map { $0 + Int(signal) } : nil)
}

/// The terminal the kiosk runs on, taken over for the time of ``TerminalDevice/withTerminal(_:)``: raw
/// keys, the alternate screen, no cursor, no line wrap. It is given back as it was on every way out:
/// a normal return, an error, Ctrl-C, SIGTERM/SIGHUP, `exit()`, and a crash (SIGSEGV, SIGABRT, a Swift
/// runtime trap), whose handler writes the restoring sequence before the crash goes on.
public final class TerminalDevice {
    /// What one wait brought.
    public struct Input {
        public var bytes: [UInt8] = []
        public var signals: [Int32] = []
        /// The terminal went away (end of input).
        public var closed = false
    }

    private static let enterSequence = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[?1l\u{1B}>\u{1B}[H"
    private static let leaveSequence = "\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l"

    private let wakeReadEnd: Int32

    private init(wakeReadEnd: Int32) {
        self.wakeReadEnd = wakeReadEnd
    }

    /// Takes the terminal over, runs `body`, and gives the terminal back whatever happens.
    /// - Throws: ``TerminalDeviceError`` when standard input and output are not a terminal; what `body` throws.
    public static func withTerminal<T>(_ body: (TerminalDevice) throws -> T) throws -> T {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalDeviceError.notATerminal }
        var attributes = termios()
        guard tcgetattr(STDIN_FILENO, &attributes) == 0 else { throw TerminalDeviceError.settings(errno) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TerminalDeviceError.settings(errno) }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        defer {
            close(fds[0])
            close(fds[1])
        }

        savedAttributes = attributes
        wakeWriteEnd = fds[1]
        let leave = Array(leaveSequence.utf8)
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: leave.count)
        bytes.initialize(from: leave, count: leave.count)
        restoreBytes = bytes
        restoreCount = leave.count
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        actions.initialize(repeating: sigaction(), count: 65)
        previousActions = actions
        for signal in requestSignals { install(onRequestSignal, for: signal, keepingPrevious: false) }
        for signal in crashSignals { install(onCrashSignal, for: signal, keepingPrevious: true) }
        atexit { restoreTerminal() }

        terminalTaken = 1
        var raw = attributes
        cfmakeraw(&raw)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else {
            let code = errno
            restoreTerminal()
            throw TerminalDeviceError.settings(code)
        }
        let device = TerminalDevice(wakeReadEnd: fds[0])
        device.write(enterSequence)
        defer {
            restoreTerminal()
            for signal in requestSignals { resetToDefault(signal) }
            for signal in crashSignals { _ = sigaction(signal, actions + Int(signal), nil) }
        }
        return try body(device)
    }

    /// The size of the terminal; 80 × 24 where it does not say (a serial line).
    public func size() -> TerminalSize {
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 {
            return TerminalSize(width: Int(window.ws_col), height: Int(window.ws_row))
        }
        return .minimum
    }

    /// Writes everything of `text` (one frame in one write where the terminal takes it).
    public func write(_ text: String) {
        var bytes = Array(text.utf8)  // one buffer: one write(2) for a whole frame
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                writeBytes(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return
            }
        }
    }

    /// Waits up to `milliseconds` for keys or signals.
    public func wait(milliseconds: Int32) -> Input {
        var input = Input()
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReadEnd, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, 2, milliseconds)
        guard ready > 0 else { return input }
        var buffer = [UInt8](repeating: 0, count: 4096)
        if fds[1].revents & Int16(POLLIN) != 0 {
            let count = read(wakeReadEnd, &buffer, buffer.count)
            if count > 0 { input.signals = buffer[0..<count].map(Int32.init) }
        }
        if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count > 0 {
                input.bytes = Array(buffer[0..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                input.closed = true
            }
        }
        return input
    }
}
