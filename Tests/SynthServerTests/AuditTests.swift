import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import Testing

@Suite struct AuditTests {
    @Test func everyChangeAndEveryRefusedChangeIsInTheAuditLogNewestFirst() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let viewer = try await client.newKey(.viewer)
            _ = try await client.addMember("bea@example.com", role: .editor)
            #expect(
                try await client.call(
                    .post, "/api/v1/users", json: .object(["email": .string("x@example.com"), "role": .string("viewer")]), key: viewer
                ).status == 403)
            #expect(try await client.call(.get, "/api/v1/users").status == 200, "reads are not audited")

            let log = try await client.call(.get, "/api/v1/audit")
            #expect(log.status == 200)
            let entries = try #require(log["entries"]?.arrayValue).compactMap(\.objectValue)
            #expect(entries.count == 3)
            #expect(entries.map { $0["path"]?.stringValue } == ["/api/v1/users", "/api/v1/users", "/api/v1/keys"])
            #expect(entries.map { $0["status"]?.wholeNumber } == [403, 201, 201])
            #expect(entries.allSatisfy { $0["actor"]?.stringValue == "admin@localhost" && $0["method"]?.stringValue == "POST" })
            #expect(entries[2]["detail"]?.stringValue == "key 1", "which key made the change")
            #expect(log["next_before"] == .null)

            let page = try await client.call(.get, "/api/v1/audit?limit=2")
            #expect(try #require(page["entries"]?.arrayValue).count == 2)
            let next = try #require(page["next_before"]?.wholeNumber)
            let rest = try #require(try await client.call(.get, "/api/v1/audit?limit=2&before=\(next)")["entries"]?.arrayValue)
            #expect(rest.compactMap { $0.objectValue?["status"]?.wholeNumber } == [201])
            #expect(try await client.call(.get, "/api/v1/audit?limit=0").errorField == "limit")
            #expect(try await client.call(.get, "/api/v1/audit", key: viewer).status == 403)
        }
    }

    @Test func aKeyInUseNeverAppearsInAnAnswerOrTheAuditLog() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(.post, "/api/v1/keys", json: .object(["name": .string("secret"), "role": .string("admin")]))
            let key = try #require(made["key"]?.stringValue)
            let id = try #require(made["id"]?.wholeNumber)
            var answers: [String] = []
            for (method, path, body) in [
                (HTTPRequest.Method.get, "/api/v1/me", nil), (.get, "/api/v1/keys", nil), (.get, "/api/v1/users", nil),
                (.post, "/api/v1/keys", Value.object(["name": .string("second")])), (.post, "/api/v1/keys", .object(["name": .int(1)])),
                (.post, "/api/v1/keys/\(id)/rotate", .object(["overlap_seconds": .int(60)])), (.get, "/api/v1/audit", nil),
                (.patch, "/api/v1/orgs/current", .object(["name": .string("x")])), (.get, "/api/v1/nothing", nil),
            ] as [(HTTPRequest.Method, String, Value?)] {
                answers.append(try await client.call(method, path, json: body, key: key).text)
            }
            answers.append(try await client.call(.get, "/api/v1/me", key: key + "x").text)
            for text in answers {
                #expect(!text.contains(key))
                #expect(!text.contains(Secrets.tokenHash(key)))
            }
            let audit = try await server.services.stores.with { store in
                try store.database.rows("SELECT actor, method, path, detail FROM server_audit").map {
                    $0.values.map { "\($0)" }.joined(separator: " ")
                }
            }
            #expect(!audit.isEmpty)
            #expect(!audit.joined().contains(key))
            #expect(!audit.joined().contains(String(key.dropFirst(3).prefix(12))))
        }
    }
}
