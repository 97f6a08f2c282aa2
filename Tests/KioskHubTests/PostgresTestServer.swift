import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL server of Debian's `postgresql` package for one test: `initdb` into a temporary folder,
/// started on a free loopback port (its socket in the same folder), stopped and removed at the end.
struct PostgresTestServer: Sendable {
    /// The folder of `initdb` and `pg_ctl` (the newest of `/usr/lib/postgresql/*/bin`), or `nil` when not installed.
    static let binaries: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { root.appendingPathComponent("\($0)/bin") }
            .first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) }
    }()

    static let missing = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (Scripts/install-deps test does)"

    let folder: URL
    let port: Int
    let bin: URL

    var url: String { "postgres://kiosk@127.0.0.1:\(port)/hub" }
    var data: URL { folder.appendingPathComponent("data") }

    /// Runs `body` with a started server and a database `hub`; the server is stopped and its folder removed
    /// afterwards, whether `body` succeeds or throws.
    static func with<Result: Sendable>(_ body: (PostgresTestServer) async throws -> Result) async throws -> Result {
        guard let bin = binaries else { throw PostgresTestError(description: missing) }
        let folder = Decoder.temporaryFolder("pg")
        let server = PostgresTestServer(folder: folder, port: try freePort(), bin: bin)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try server.run("initdb", ["-D", server.data.path, "-U", "kiosk", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"])
            try server.start()
            try server.run("createdb", ["-h", "127.0.0.1", "-p", "\(server.port)", "-U", "kiosk", "hub"])
            let result = try await body(server)
            server.stop()
            return result
        } catch {
            server.stop()
            throw error
        }
    }

    /// Starts the server (again) on its port.
    func start() throws {
        try run(
            "pg_ctl",
            [
                "-D", data.path, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60", "-o",
                "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start",
            ])
    }

    /// Stops the server; `immediate` stops it as a crash would (no checkpoint, open transactions lost).
    func stop(immediate: Bool = false) {
        try? run("pg_ctl", ["-D", data.path, "-w", "-m", immediate ? "immediate" : "fast", "stop"])
    }

    /// Runs a PostgreSQL program and waits for it to exit; as root it runs as the `postgres` user, since
    /// PostgreSQL refuses root. Its output goes to a file. `pg_ctl start` leaves a server running, which must
    /// hold no descriptor of this process: Foundation's `Process` learns that a child ended when every copy of
    /// a socket the child inherited is closed, so a server holding one would keep `waitUntilExit` (of this or
    /// of any test's program started meanwhile) waiting. Hence `posix_spawn`, `waitpid`, and a shell that
    /// closes every descriptor above 2 before it starts the program.
    func run(_ tool: String, _ arguments: [String]) throws {
        var command = [bin.appendingPathComponent(tool).path] + arguments
        if getuid() == 0 {
            try Self.spawn(["/bin/chown", "-R", "postgres", folder.path], output: "/dev/null")
            command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command
        }
        let output = folder.appendingPathComponent("\(tool).out").path
        let closing = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done 2>/dev/null; exec "$@""#
        let status = try Self.spawn(["/bin/bash", "-c", closing, "pg"] + command, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw PostgresTestError(description: "\(tool) \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
    }

    /// Starts `command` with standard input from /dev/null and its output appended to `output`; returns its exit status.
    @discardableResult
    static func spawn(_ command: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw PostgresTestError(description: "cannot start \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0 else { throw PostgresTestError(description: "no free loopback port") }
        withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct PostgresTestError: Error, CustomStringConvertible {
    let description: String
}
