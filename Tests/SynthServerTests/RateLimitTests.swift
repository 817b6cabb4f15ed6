import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct RateLimitTests {
    @Test func aKeyPastItsLimitGets429WithRetryAfterAndOtherKeysGoOn() async throws {
        // The limiter's clock stands still, so a slow test run cannot refill the allowance between calls.
        let server = try await TestServer.make {
            $0.requestsPerMinute = 3
            $0.rateClock = { 1_800_000_000 }
        }
        try await server.run { client in
            let second = try await client.newKey(.viewer)
            for _ in 0..<2 { #expect(try await client.call(.get, "/api/v1/me").status == 200) }
            let limited = try await client.call(.get, "/api/v1/me")
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate-limited")
            let wait = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...20).contains(wait), "3 a minute: one more within 20 s")
            #expect(try await client.call(.get, "/api/v1/me", key: second).status == 200, "each key has its own allowance")
        }
    }

    @Test func aBodyOverTheLimitIs413AsJSON() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let huge = "{\"name\": \"" + String(repeating: "x", count: ServerConfiguration.maxBodyBytes) + "\"}"
            let answer = try await client.call(.post, "/api/v1/keys", raw: huge)
            #expect(answer.status == 413)
            #expect(answer.errorCode == "too-large")
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test func everyAnswerCarriesSecurityHeadersEvenAnUnknownRoute() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            for path in ["/health", "/api/v1/keys", "/api/v1/no-such-thing"] {
                let answer = try await client.call(.get, path)
                #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(answer.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                #expect(answer.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(answer.headers[.cacheControl] == "no-store", "\(path)")
            }
            let unknown = try await client.call(.get, "/api/v1/no-such-thing")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "no-route")
        }
    }

    @Test func corsIsOffByDefaultAndOnForConfiguredOriginsOnly() async throws {
        let closed = try await TestServer.make()
        try await closed.run { client in
            let answer = try await client.call(.get, "/api/v1/me", headers: [.origin: "https://app.example"])
            #expect(answer.status == 200)
            #expect(answer.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.call(.options, "/api/v1/me", key: "", headers: [.origin: "https://app.example"])
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            #expect(preflight.headers[.accessControlAllowMethods] == nil)
        }
        let open = try await TestServer.make { $0.corsOrigins = ["https://app.example"] }
        try await open.run { client in
            let allowed = try await client.call(.get, "/api/v1/me", headers: [.origin: "https://app.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example")
            let preflight = try await client.call(.options, "/api/v1/me", key: "", headers: [.origin: "https://app.example"])
            #expect(preflight.status == 204)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            let other = try await client.call(.get, "/api/v1/me", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
