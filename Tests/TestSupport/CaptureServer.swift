import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP listener on a free loopback port that stands in for a network receipt printer: it accepts one
/// connection and keeps every byte until the sender closes.
public final class CaptureServer: @unchecked Sendable {
    // @unchecked: `received` is written by the accept thread and read only after `wait` has joined it
    // through the semaphore.
    public let port: Int
    private let listener: Int32
    private var received: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    /// Starts listening. With `accept: false` it never accepts, so senders fill the kernel's buffers and stall.
    public init(accept: Bool = true) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 1) == 0 else { throw Decoder.Failure(description: "cannot listen on loopback") }
        withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        guard accept else { return }
        let thread = Thread { [self] in
            let connection = Glibc.accept(listener, nil, nil)
            if connection >= 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(connection, &buffer, buffer.count)
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                close(connection)
            }
            done.signal()
        }
        thread.start()
    }

    /// The bytes of the connection, once the sender has closed it (or `nil` after `timeout` seconds).
    public func wait(timeout: Double = 10) -> [UInt8]? {
        done.wait(timeout: .now() + timeout) == .success ? received : nil
    }

    deinit { close(listener) }
}
