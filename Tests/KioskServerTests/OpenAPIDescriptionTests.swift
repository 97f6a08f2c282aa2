import Foundation
import Hummingbird
import KioskContent
import KioskServer
import KioskStore
import Testing

/// `docs/openapi.yaml` describes every `/api/v1` route of the router, with its method, and nothing the
/// router does not have. (Schemathesis checks the answers against it: Tests/e2e/test_openapi.py.)
@Suite struct OpenAPIDescriptionTests {
    static let file = TestServer.content.deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")

    @Test func everyAPIRouteOfTheRouterIsDescribed() async throws {
        let routes = try await Self.routerRoutes()
        let described = try Self.describedOperations()
        let api = routes.filter { $0.path.hasPrefix("/api/v1") }
        #expect(api.count >= 10, "the router's routes could not be read: \(routes.sorted())")
        for route in api.sorted() {
            #expect(described.contains(route), "\(route.method) \(route.path) is served but not described in docs/openapi.yaml")
        }
    }

    @Test func everyDescribedOperationIsServed() async throws {
        let routes = try await Self.routerRoutes()
        for operation in try Self.describedOperations().sorted() {
            #expect(
                routes.contains { $0.method == operation.method && $0.serves(operation.path) },
                "docs/openapi.yaml describes \(operation.method) \(operation.path), which the router does not serve")
        }
    }

    @Test func everyOperationHasAnIdAndAnErrorSchemaForItsErrors() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let operations = try Self.describedOperations()
        #expect(text.components(separatedBy: "operationId:").count - 1 == operations.count)
        #expect(text.contains("openapi: 3."))
        #expect(text.contains("kioskToken:") && text.contains("readerToken:"), "both kinds of bearer token are described")
    }

    // MARK: - reading both sides

    struct Route: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
        static func < (a: Route, b: Route) -> Bool { (a.path, a.method) < (b.path, b.method) }

        /// Whether this router path takes a described path: `{name}` and `*` take one segment, `**` the rest.
        func serves(_ described: String) -> Bool {
            let pattern = path.split(separator: "/")
            let asked = described.split(separator: "/")
            for (index, segment) in pattern.enumerated() {
                if segment == "**" { return asked.count > index }
                guard index < asked.count else { return false }
                if segment == "*" || segment.hasPrefix("{") { continue }
                if segment != asked[index] { return false }
            }
            return pattern.count == asked.count
        }
    }

    /// The operations of `paths:` in the YAML file, read line by line: a path is a key indented two
    /// spaces under `paths:`, an operation a method key indented four spaces under it.
    static func describedOperations() throws -> Set<Route> {
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var inPaths = false
        var path: String?
        var operations: Set<Route> = []
        for line in lines {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if let first = line.first, first != " ", first != "#" { break }  // the next top-level key
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.trimmingCharacters(in: .whitespaces)
                if key.hasSuffix(":"), methods.contains(String(key.dropLast())) {
                    operations.insert(Route(method: key.dropLast().uppercased(), path: path))
                }
            }
        }
        return operations
    }

    /// Every route of the app's router, read from Hummingbird's route trie. Hummingbird keeps the trie to
    /// itself, so it is read by reflection: each node's value holds the route's `path` and its `methods`.
    static func routerRoutes() async throws -> Set<Route> {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let configuration = TestServer.configuration(data: data)
        let content = try ContentLoader.load(from: configuration.contentDirectory)
        let database = try AppDatabase.open(directory: data)
        let router = try await buildRouter(AppServices(content: content, database: database, configuration: configuration, now: { TestServer.now }))
        var routes: Set<Route> = []
        collect(router, into: &routes, depth: 0)
        return routes
    }

    private static func collect(_ value: Any, into routes: inout Set<Route>, depth: Int) {
        guard depth < 200 else { return }
        let mirror = Mirror(reflecting: value)
        let children = Dictionary(mirror.children.compactMap { child in child.label.map { ($0, child.value) } }, uniquingKeysWith: { a, _ in a })
        if let path = children["path"], let methods = children["methods"] {
            for entry in Mirror(reflecting: methods).children {
                let pair = Mirror(reflecting: entry.value).children.map(\.value)
                if let method = pair.first as? HTTPRequest.Method {
                    routes.insert(Route(method: method.rawValue, path: "\(path)"))
                }
            }
            return
        }
        for child in mirror.children {
            // Follow the trie only (router → trie → root → children/value), never into responders.
            let label = child.label ?? ""
            if ["trie", "root", "children", "value", "some"].contains(label) || mirror.displayStyle == .collection
                || mirror.displayStyle == .optional
            {
                collect(child.value, into: &routes, depth: depth + 1)
            }
        }
    }
}
