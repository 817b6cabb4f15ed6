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

    @Test func aJobsRecordsArePagedReviewedAndCommentedOnPostgreSQL() async throws {
        let database = try TestPostgres()
        defer { database.drop() }
        let server = try await TestServer.make { $0.database = database.url }
        defer { server.services.stores.close() }
        try await server.runWithJobs { client in
            let job = try await client.generate("notes", count: 120)
            let finished = try await client.finished(job)
            #expect(finished["status"]?.stringValue == "succeeded")
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.call(.get, "/api/v1/datasets/notes/records?limit=50" + (cursor.map { "&cursor=" + $0 } ?? ""))
                #expect(page.status == 200)
                seen += page["records"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? []
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil
            #expect(seen.count == 120)
            #expect(Set(seen).count == 120)
            let first = try #require(seen.first)
            let review = try await client.call(
                .post, "/api/v1/datasets/notes/records/\(first)/review", json: .object(["status": .string("approved")]))
            #expect(review["status"]?.stringValue == "approved")
            let comment = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("looks right"), "record": .string(first)]))
            #expect(comment.status == 201)
            let approved = try await client.call(.get, "/api/v1/datasets/notes/records?status=approved")
            #expect(approved["total"] == .int(1))
            #expect(try await client.call(.get, "/api/v1/analytics/overview").status == 200)
        }
    }
}
