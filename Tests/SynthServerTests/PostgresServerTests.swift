import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

/// The server on PostgreSQL (`--db postgres://…`): the same tables and routes as on SQLite.
@Suite(.enabled(if: TestPostgres.enabled, "needs a PostgreSQL server: SYNTHFORGE_TEST_POSTGRES"))
struct PostgresServerTests {
    @Test func signInAndSessionsWorkOnPostgreSQL() async throws {
        let database = try TestPostgres()
        defer { database.drop() }
        let server = try await TestServer.make { $0.database = database.url }
        defer { server.services.stores.close() }
        try await server.run { client in
            #expect(try await client.call(.get, "/api/v1/me")["role"]?.stringValue == "owner")
            let login = try await client.call(
                .post, "/api/v1/auth/login",
                json: .object(["email": .string("admin@localhost"), "password": .string("correct horse battery staple")]), key: "")
            #expect(login.status == 200)
            let token = try #require(login["token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v1/me", key: token).status == 200)
            #expect(try await client.call(.get, "/ready", key: "").status == 200)
        }
    }
}
