import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A client that sends a request's headers a byte at a time, as a slow-loris attack does, on a raw socket.
enum SlowClient {
    /// Connects to `port` on the loopback, sends the start of a request and then one header byte every
    /// `interval`, and returns how long the server kept the connection open; `nil` when it was still open
    /// after `limit` (the test then fails rather than hangs).
    static func secondsUntilClosed(port: Int, interval: Duration = .milliseconds(200), limit: Duration = .seconds(10)) async throws -> Double? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SlowClientError(description: "no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SlowClientError(description: "cannot connect to port \(port)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let clock = ContinuousClock()
        let start = clock.now
        func send(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } > 0
        }
        guard send("GET /hub/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") else { return 0 }
        while clock.now - start < limit {
            try await Task.sleep(for: interval)
            // A closed connection reads as end of file (0) or fails to take more bytes.
            var byte: UInt8 = 0
            let read = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
            if read == 0 || !send("a") {
                let elapsed = clock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            _ = read
        }
        return nil
    }
}

struct SlowClientError: Error, CustomStringConvertible {
    let description: String
}
