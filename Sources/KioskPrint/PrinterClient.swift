import Foundation
import KioskCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why a print job did not reach its printer. Every case says which printer and what to check.
public struct PrintError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, so that a page can say it in the person's own language.
    public enum Kind: String, Sendable, CaseIterable {
        /// There was nothing to print.
        case emptyJob
        /// The USB device file could not be opened (unplugged, switched off, no permission).
        case cannotOpen
        /// The network printer's host name is not known.
        case unknownHost
        /// The network printer did not accept a connection in time.
        case unreachable
        /// The printer stopped taking the job before the deadline (out of paper, offline).
        case stalled
        /// The printer closed the connection before the whole job was sent.
        case closed
        /// Writing to the device or socket failed.
        case writeFailed
        /// There is no `lp` command for a CUPS queue.
        case noCUPS
        /// `lp` did not finish in time.
        case cupsTimeout
        /// `lp` refused the job.
        case cupsRefused
    }

    public let kind: Kind
    public let description: String

    init(_ address: PrinterConfig.Address, _ kind: Kind, _ problem: String) {
        self.kind = kind
        description = "printer \(address): \(problem)"
    }
}

/// Sends print jobs to USB, network (raw port 9100) and CUPS printers, never waiting longer than a
/// timeout: a printer that is off or unreachable gives an error within seconds.
public struct PrinterClient: Sendable {
    /// The longest a job may take to connect and be written.
    public var timeout: TimeInterval

    /// Makes a client that gives up on a job after `timeout` seconds.
    public init(timeout: TimeInterval = 5) {
        self.timeout = timeout
    }

    /// Sends `job` as it is (ESC/POS for receipt printers, PDF for CUPS queues). Blocks the calling
    /// thread for at most ``timeout``; call it off the server's event loops.
    /// - Throws: ``PrintError`` when the printer cannot be reached or does not take the whole job in time.
    public func send(_ job: [UInt8], to address: PrinterConfig.Address) throws {
        guard !job.isEmpty else { throw PrintError(address, .emptyJob, "the job is empty") }
        let deadline = Date().addingTimeInterval(timeout)
        switch address {
        case .usb(let path):
            let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw PrintError(
                    address, .cannotOpen, "cannot open \(path) (\(String(cString: strerror(errno)))); is the printer plugged in and switched on?")
            }
            defer { close(descriptor) }
            try write(job, to: descriptor, deadline: deadline, address: address)
        case .tcp(let host, let port):
            let descriptor = try connect(host: host, port: port, deadline: deadline, address: address)
            defer { close(descriptor) }
            try write(job, to: descriptor, deadline: deadline, address: address)
            shutdown(descriptor, Int32(SHUT_WR))
        case .cups(let queue):
            try sendToCUPS(job, queue: queue, deadline: deadline, address: address)
        }
    }

    private func remaining(_ deadline: Date) -> Int32 {
        Int32(max(0, deadline.timeIntervalSinceNow * 1000))
    }

    /// Writes everything, waiting for the device or socket to take more, until the deadline.
    private func write(_ job: [UInt8], to descriptor: Int32, deadline: Date, address: PrinterConfig.Address) throws {
        var offset = 0
        while offset < job.count {
            let written = job.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + offset, job.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == ENOTSOCK {
                // A device file, not a socket.
                let plain = job.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, job.count - offset) }
                if plain > 0 { offset += plain; continue }
                if plain < 0 && errno != EAGAIN && errno != EINTR {
                    throw PrintError(address, .writeFailed, "writing failed (\(String(cString: strerror(errno))))")
                }
            } else if written > 0 {
                offset += written
                continue
            } else if written < 0 && errno != EAGAIN && errno != EINTR {
                throw PrintError(address, .writeFailed, "writing failed (\(String(cString: strerror(errno))))")
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let wait = remaining(deadline)
            if wait == 0 || poll(&poller, 1, wait) <= 0 {
                throw PrintError(address, .stalled, "took only \(offset) of \(job.count) bytes in \(Int(timeout)) s; is it out of paper or offline?")
            }
            if poller.revents & Int16(POLLERR | POLLHUP) != 0 {
                throw PrintError(address, .closed, "closed the connection after \(offset) of \(job.count) bytes")
            }
        }
    }

    /// Connects without blocking past the deadline.
    private func connect(host: String, port: Int, deadline: Date, address: PrinterConfig.Address) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw PrintError(address, .unknownHost, "unknown host '\(host)'")
        }
        defer { freeaddrinfo(list) }
        var lastProblem = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let descriptor = socket(
                current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                current.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            if Glibc.connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return descriptor }
            guard errno == EINPROGRESS else {
                lastProblem = String(cString: strerror(errno))
                close(descriptor)
                continue
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, remaining(deadline))
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
            if ready > 0 && failure == 0 { return descriptor }
            lastProblem = ready == 0 ? "no answer within \(Int(timeout)) s" : String(cString: strerror(failure))
            close(descriptor)
        }
        throw PrintError(address, .unreachable, "cannot connect (\(lastProblem)); is the printer switched on and on the network?")
    }

    /// Hands the job to CUPS with `lp -d QUEUE -o raw`, the job on standard input (never on a command line).
    private func sendToCUPS(_ job: [UInt8], queue: String, deadline: Date, address: PrinterConfig.Address) throws {
        guard let lp = ["/usr/bin/lp", "/bin/lp", "/usr/local/bin/lp"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PrintError(address, .noCUPS, "CUPS is not installed (no lp command); install cups-client or use a usb: or tcp: printer")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lp)
        process.arguments = ["-d", queue, "-o", "raw", "-"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(job))
        try? input.fileHandleForWriting.close()
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw PrintError(address, .cupsTimeout, "lp did not finish within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw PrintError(address, .cupsRefused, "lp refused the job: \(message.isEmpty ? "exit \(process.terminationStatus)" : message)")
        }
    }
}
