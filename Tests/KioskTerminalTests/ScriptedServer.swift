import Foundation

@testable import KioskTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on a free loopback port that answers from a script (status and body per
/// request, 201 when the script is used up) and keeps every request it got, in order.
final class ScriptedServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let port: Int
    private let listener: Int32
    private let state = Locked<(requests: [Request], script: [(Int, String)], closed: Bool)>(([], [], false))

    init(script: [(Int, String)] = []) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 16) == 0 else { throw ServerClient.Failure(description: "cannot listen on loopback") }
        withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        state.withLock { $0.script = script }
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    var requests: [Request] { state.withLock { $0.requests } }

    func close() {
        state.withLock { $0.closed = true }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private func serve() {
        while !state.withLock({ $0.closed }) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            handle(connection)
            Glibc.close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var head: String?
        var expected = 0
        while true {
            if let head, data.count >= head.utf8.count + 4 + expected { break }
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            data += buffer[0..<count]
            if head == nil, let end = String(decoding: data, as: UTF8.self).range(of: "\r\n\r\n") {
                let text = String(String(decoding: data, as: UTF8.self)[..<end.lowerBound])
                head = text
                for line in text.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    expected = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let head else { return }
        let lines = head.split(separator: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = String(decoding: data.suffix(expected), as: UTF8.self)
        let request = Request(
            method: parts.count > 0 ? String(parts[0]) : "", path: parts.count > 1 ? String(parts[1]) : "", headers: headers, body: body)
        let (status, reply) = state.withLock { state -> (Int, String) in
            state.requests.append(request)
            return state.script.isEmpty ? (201, "{}") : state.script.removeFirst()
        }
        let bytes = Array(reply.utf8)
        let response =
            "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n\(reply)"
        _ = response.withCString { write(connection, $0, strlen($0)) }
    }
}
