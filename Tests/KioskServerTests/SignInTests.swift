import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskServer
import KioskStore
import NIOCore
import Testing

@Suite struct SignInTests {
    @Test func guessingAPasswordLocksTheAccountWithoutTellingWhetherItExists() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            for name in ["canbo", "khong-ai"] {
                for attempt in 1...5 {
                    let wrong = try await client.postLogin(name, "doan-thu-\(attempt)")
                    #expect(wrong.status == .unauthorized, "\(name) attempt \(attempt)")
                    #expect(wrong.text.contains("Wrong name or password"))
                    #expect(wrong.headers[.setCookie] == nil)
                }
                // Locked now, even with the right password; an unknown name reads exactly the same.
                let locked = try await client.postLogin(name, SecurityServer.password(name))
                #expect(locked.status == .tooManyRequests, "\(name)")
                #expect(locked.text.contains("wait 15 minutes"), "\(name)")
                #expect(locked.headers[.retryAfter] == "900")
                #expect(locked.headers[.setCookie] == nil)
            }
            // Other accounts from the same address still sign in (25 failures would lock the address; 10 do not).
            #expect(try await client.postLogin("truong", SecurityServer.password("truong")).status == .seeOther)

            server.clock.advance(by: 10 * 60)
            let later = try await client.postLogin("canbo", SecurityServer.password("canbo"))
            #expect(later.status == .tooManyRequests)
            #expect(later.text.contains("wait 5 minutes"))

            server.clock.advance(by: 5 * 60 + 1)
            let open = try await client.postLogin("canbo", SecurityServer.password("canbo"))
            #expect(open.status == .seeOther)
            #expect(open.headers[.location] == "/staff/calls")
        }
        let log = try server.database.auditLog(actionPrefix: "login")
        #expect(log.filter { $0.action == "login.failed" && $0.detail == "user canbo" }.count == 5)
        #expect(log.filter { $0.action == "login.failed" && $0.detail == "user khong-ai" }.count == 5)
        #expect(log.filter { $0.action == "login.locked" }.compactMap(\.detail).sorted() == ["user canbo", "user khong-ai"])
        #expect(log.filter { $0.action == "login" }.compactMap(\.actor).sorted() == ["canbo", "truong"])
        #expect(log.allSatisfy { $0.address == "127.0.0.1" })
    }

    @Test func guessesSentAllAtOnceAreCountedToo() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<12 {
                    group.addTask { try await client.postLogin("canbo", "song-song-\(attempt)").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 7)
        }
    }

    @Test func manyNamesFromOneAddressLockTheAddress() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            // 4 guesses at each of 5 names: no account reaches 5, the address reaches 20.
            for index in 0..<20 {
                #expect(try await client.postLogin("ten-\(index % 5)", "sai-\(index)").status == .unauthorized)
            }
            let locked = try await client.postLogin("truong", SecurityServer.password("truong"))
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("wait 15 minutes"))
            // X-Forwarded-For is not believed from a peer that is not a configured proxy.
            let spoofed = try await client.postLogin("truong", SecurityServer.password("truong"), headers: [.xForwardedFor: "10.0.0.99"])
            #expect(spoofed.status == .tooManyRequests)
        }
        #expect(try server.database.auditLog(actionPrefix: "login.locked").map(\.detail) == ["address 127.0.0.1"])
    }

    @Test func behindATrustedProxyTheForwardedAddressIsTheClient() async throws {
        let server = try SecurityServer { $0.trustedProxies = ["127.0.0.1"] }
        try await server.run { client in
            for index in 0..<20 {
                let response = try await client.postLogin("ten-\(index % 5)", "sai", headers: [.xForwardedFor: "192.0.2.1, 10.0.0.7"])
                #expect(response.status == .unauthorized)
            }
            let lockedClient = try await client.postLogin("truong", SecurityServer.password("truong"), headers: [.xForwardedFor: "10.0.0.7"])
            #expect(lockedClient.status == .tooManyRequests)
            let otherClient = try await client.postLogin("truong", SecurityServer.password("truong"), headers: [.xForwardedFor: "10.0.0.8"])
            #expect(otherClient.status == .seeOther)
        }
        #expect(try server.database.auditLog(actionPrefix: "login.failed").first?.address == "10.0.0.7")
    }

    @Test func aDisabledPersonCannotSignInAndLosesTheirSessions() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try await client.signIn("canbo", SecurityServer.password("canbo"))
            #expect(try await client.execute(uri: "/staff/calls", method: .get, headers: [.cookie: session]).status == .ok)

            try server.database.setDisabled(true, name: "canbo", actor: "cli:test")
            #expect(try server.database.sessionCount(of: "canbo") == 0)
            let after = try await client.execute(uri: "/staff/calls", method: .get, headers: [.cookie: session])
            #expect(after.status == .seeOther)
            let refused = try await client.postLogin("canbo", SecurityServer.password("canbo"))
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("Wrong name or password"))

            try server.database.setDisabled(false, name: "canbo", actor: "cli:test")
            #expect(try await client.postLogin("canbo", SecurityServer.password("canbo")).status == .seeOther)
        }
        let actions = try server.database.auditLog(actionPrefix: "user").map(\.action)
        #expect(actions.contains("user.disable") && actions.contains("user.enable"))
    }

    @Test func theSessionCookieIsGuardedAndNewAtEverySignIn() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let first = try await client.postLogin("truong", SecurityServer.password("truong"))
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/dashboard")
            let cookie = try #require(first.headers[.setCookie])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
                #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
            }
            #expect(!cookie.contains("Secure"))
            let session = String(cookie.split(separator: ";")[0])

            // Signing in again from the same browser: a new token, and the old one ends.
            let second = try await client.postLogin("truong", SecurityServer.password("truong"), headers: [.cookie: session])
            let renewed = String(try #require(second.headers[.setCookie]).split(separator: ";")[0])
            #expect(renewed != session)
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session]).status == .seeOther)
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: renewed]).status == .ok)

            // Idle for longer than the limit: the session has ended on the server.
            server.clock.advance(by: server.configuration.sessionIdleLimit + 1)
            let idle = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: renewed])
            #expect(idle.status == .seeOther)
            #expect(idle.headers[.location] == "/login?next=/dashboard")
            #expect(try server.database.sessionCount(of: "truong") == 0)
        }
    }

    @Test func aBusySessionStillEndsAfterTwelveHours() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let session = try await client.signIn("truong", SecurityServer.password("truong"))
            for _ in 0..<24 {
                #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session]).status == .ok)
                server.clock.advance(by: 29 * 60)
            }
            // 11 h 36 min of steady use: still signed in; 12 h after signing in: not.
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session]).status == .ok)
            server.clock.advance(by: 25 * 60)
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }

    @Test func secureCookiesBehindAnHTTPSProxy() async throws {
        let server = try SecurityServer { $0.secureCookies = true }
        try await server.run { client in
            let login = try await client.postLogin("canbo", SecurityServer.password("canbo"))
            #expect(login.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func theSignInFormMustComeFromThisSite() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            let foreign = try await client.postLogin("canbo", SecurityServer.password("canbo"), headers: [.origin: "http://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.headers[.setCookie] == nil)
            #expect(foreign.text.contains("reload the page and try again"))
            let crossSite = try await client.postLogin("canbo", SecurityServer.password("canbo"), headers: [.secFetchSite: "cross-site"])
            #expect(crossSite.status == .forbidden)
            let opaque = try await client.postLogin("canbo", SecurityServer.password("canbo"), headers: [.origin: "null"])
            #expect(opaque.status == .forbidden)

            // The page's own origin (what a browser sends with the form; the test client addresses "localhost").
            let own = try await client.postLogin(
                "canbo", SecurityServer.password("canbo"), headers: [.origin: "http://localhost", .secFetchSite: "same-origin"])
            #expect(own.status == .seeOther)
        }
        #expect(try server.database.auditLog(actionPrefix: "login.failed").isEmpty)
    }

    @Test func onlyLocalPagesAreFollowedAfterSignIn() async throws {
        let server = try SecurityServer()
        try await server.run { client in
            for (next, expected) in [
                ("%2Fstaff%2Focop", "/staff/ocop"), ("https%3A%2F%2Fevil.example", "/dashboard"), ("%2F%2Fevil.example", "/dashboard"),
                // Browsers drop tabs and line breaks from a Location and read a backslash as a slash.
                ("%2F%09%2Fevil.example", "/dashboard"), ("%2F%0A%2Fevil.example", "/dashboard"), ("%2F%0D%2Fevil.example", "/dashboard"),
                ("%2F%5Cevil.example", "/dashboard"), ("%2F%20%2Fevil.example", "/dashboard"), ("%2F%E2%80%AE%2Fevil", "/dashboard"),
                ("%2Fstaff%2Focop%3Fq%3D%25C3%25A0", "/staff/ocop?q=%C3%A0"),
            ] {
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "name=truong&password=\(SecurityServer.password("truong"))&next=\(next)"))
                #expect(response.headers[.location] == expected, "\(next)")
            }
        }
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
