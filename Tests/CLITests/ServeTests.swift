import Foundation
import SynthCore
import SynthTesting
import Testing

/// `synthforge serve` as an operator meets it: the first start, health, metrics, a restart on
/// the same store, and a graceful stop.
@Suite struct ServeTests {
    @Test func aFirstStartPrintsAKeyOnceAndTheServerStopsCleanlyOnSIGTERM() async throws {
        let folder = try Processes.temporaryFolder()
        let store = folder + "/store.db"
        let server = try ServeProcess(store: store, arguments: ["--runs", folder + "/runs"], directory: folder)
        let key = try #require(server.firstKey, "\(server.output)")
        #expect(server.output.contains("First start: created the organization 'default'"))

        #expect(try await HTTPCalls.send("GET", server.baseURL + "/health").status == 200)
        #expect(try await HTTPCalls.send("GET", server.baseURL + "/ready").status == 200)
        let me = try await HTTPCalls.send("GET", server.baseURL + "/api/v1/me", headers: ["Authorization": "Bearer " + key])
        #expect(me.status == 200)
        #expect(me.body.contains(#""role":"owner""#))
        let metrics = try await HTTPCalls.send("GET", server.baseURL + "/metrics")
        #expect(metrics.body.contains(#"synthforge_http_requests_total{route="GET /api/v1/me",status="200"} 1"#), "\(metrics.body)")
        #expect(server.stop() == 0, "\(server.output)")
        #expect(!server.output.contains("error"), "\(server.output)")

        // A second start on the same store prints no new key, and the first one still works.
        let again = try ServeProcess(store: store, arguments: ["--runs", folder + "/runs"], directory: folder)
        #expect(again.firstKey == nil, "\(again.output)")
        let still = try await HTTPCalls.send("GET", again.baseURL + "/api/v1/me", headers: ["Authorization": "Bearer " + key])
        #expect(still.status == 200)
        #expect(again.stop(signal: SIGINT) == 0, "\(again.output)")
    }

    @Test func aStoreThatCannotBeOpenedIsNamedInTheError() throws {
        let folder = try Processes.temporaryFolder()
        try "not a database".write(toFile: folder + "/broken.db", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("serve", "--port", "0", "--db", folder + "/broken.db")
        #expect(result.status != 0)
        #expect(result.stderr.contains("broken.db"), "\(result.stderr)")
    }
}
