import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

/// Organization B's owner calls every route that names an object, on organization A's objects:
/// always 404, never 403 (which would tell the object exists), and A's objects are untouched.
///
/// A's objects are made through the table's own create routes, one maker per path parameter;
/// a route whose parameter has no maker fails the test, so a new route cannot escape it.
@Suite struct IsolationTests {
    typealias Client = TestServer.Client

    /// How to make an object of organization A for a path parameter, and the create route it needs.
    struct Maker: Sendable {
        var needs: [String]
        var make: @Sendable (Client, [String: String]) async throws -> String?
    }

    static func text(_ value: Value?) -> String? {
        switch value {
        case .string(let s): s
        case .int(let n): String(n)
        default: nil
        }
    }

    /// POSTs `body` to `path`; the answer's first field of `fields` when it is a 2xx.
    static func create(_ client: Client, _ path: String, _ body: Value, _ fields: [String]) async throws -> String? {
        let answer = try await client.call(.post, path, json: body)
        guard (200..<300).contains(answer.status) else { return nil }
        return fields.lazy.compactMap { text(answer[$0]) }.first
    }

    static let spec: Value = .object(["domain": .string("support"), "task": .string("conversations"), "count": .int(3), "seed": .int(1)])

    /// Makers by parameter name, in the order they run (later ones may use earlier objects).
    static let makers: [(String, Maker)] = [
        (
            "key",
            Maker(needs: ["POST /api/v1/keys"]) { c, _ in try await create(c, "/api/v1/keys", .object(["name": .string("a's key")]), ["id"])
            }
        ),
        (
            "user",
            Maker(needs: ["POST /api/v1/users"]) { c, _ in
                try await create(
                    c, "/api/v1/users", .object(["email": .string("only-in-a@example.com"), "role": .string("viewer")]), ["id"])
            }
        ),
        (
            "dataset",
            Maker(needs: ["POST /api/v1/datasets"]) { c, _ in
                try await create(c, "/api/v1/datasets", .object(["name": .string("iso-a")]), ["name"])
            }
        ),
        (
            "version",
            Maker(needs: ["POST /api/v1/datasets/{dataset}/versions"]) { c, made in
                guard let dataset = made["dataset"] else { return nil }
                let answer = try await c.call(
                    .post, "/api/v1/datasets/\(dataset)/versions",
                    json: .object(["message": .string("first"), "records": .array([.object(["text": .string("hello")])])]))
                return answer["version"]?.objectValue?["hash"]?.stringValue
            }
        ),
        ("a", Maker(needs: []) { _, made in made["version"] }),
        ("b", Maker(needs: []) { _, made in made["version"] }),
        (
            "record",
            Maker(needs: ["GET /api/v1/datasets/{dataset}/records"]) { c, made in
                guard let dataset = made["dataset"] else { return nil }
                let records = try await c.call(.get, "/api/v1/datasets/\(dataset)/records")
                return text(records["records"]?.arrayValue?.first?.objectValue?["id"])
            }
        ),
        ("format", Maker(needs: []) { _, _ in "jsonl" }),
        (
            "template",
            Maker(needs: ["POST /api/v1/templates"]) { c, _ in
                let body = try String(
                    contentsOf: repositoryRoot.appendingPathComponent("templates/code/code_instruction_v1.yaml"), encoding: .utf8)
                return try await create(c, "/api/v1/templates", .object(["name": .string("iso-t"), "body": .string(body)]), ["name"])
            }
        ),
        (
            "job",
            Maker(needs: ["POST /api/v1/generate"]) { c, _ in
                try await create(c, "/api/v1/generate", .object(["dataset": .string("iso-job"), "spec": spec]), ["id"])
            }
        ),
        (
            "schedule",
            Maker(needs: ["POST /api/v1/schedules"]) { c, _ in
                try await create(
                    c, "/api/v1/schedules",
                    .object(["name": .string("iso-s"), "cron": .string("0 3 * * *"), "dataset": .string("iso-sched"), "spec": spec]),
                    ["id", "name"])
            }
        ),
        (
            "webhook",
            Maker(needs: ["POST /api/v1/webhooks"]) { c, _ in
                try await create(
                    c, "/api/v1/webhooks", .object(["url": .string("http://127.0.0.1:9/hook"), "events": .array([.string("*")])]), ["id"])
            }
        ),
        (
            "comment",
            Maker(needs: ["POST /api/v1/datasets/{dataset}/comments"]) { c, made in
                guard let dataset = made["dataset"] else { return nil }
                return try await create(c, "/api/v1/datasets/\(dataset)/comments", .object(["body": .string("a's comment")]), ["id"])
            }
        ),
    ]

    @Test func anotherOrganizationsObjectsAre404OnEveryRouteThatNamesOne() async throws {
        let server = try await TestServer.make { $0.requestsPerMinute = 1_000_000 }
        try await server.run { client in
            // B's owner is another user, who made organization B.
            _ = try await client.addMember("bob@example.com", role: .viewer, password: "bob's long password")
            let bobInA = try await client.session("bob@example.com", "bob's long password")
            let orgB = try await client.call(.post, "/api/v1/orgs", json: .object(["slug": .string("org-b")]), key: bobInA)
            let b = try #require(orgB["key"]?.stringValue)

            let served = Set(ServerApp.routes.map(\.label))
            let needed = Set(ServerApp.routes.flatMap(\.parameters))
            var objects: [String: String] = [:]
            for (parameter, maker) in Self.makers where needed.contains(parameter) && maker.needs.allSatisfy(served.contains) {
                objects[parameter] = try await maker.make(client, objects)
            }
            let routes = ServerApp.routes.filter { !$0.parameters.isEmpty }
            let unchecked = routes.filter { !$0.parameters.allSatisfy { objects[$0] != nil } }
            #expect(
                unchecked.isEmpty,
                "no object of organization A for: \(unchecked.map { "\($0.label) (\($0.parameters.filter { objects[$0] == nil }))" }); add a maker in IsolationTests"
            )
            // A change with an empty body may be refused for the body before the object is looked
            // up: then it must be the very answer a made-up object gets, which tells nothing.
            for route in routes where !unchecked.contains(where: { $0.label == route.label }) {
                let body: Value? = route.mutates ? .object([:]) : nil
                let answer = try await client.call(route.method, route.filled(objects), json: body, key: b)
                let madeUp = try await client.call(route.method, route.filled(), json: body, key: b)
                let hidden = answer.status == 404 || (route.mutates && answer.status == madeUp.status && answer.status == 400)
                #expect(hidden, "\(route.label) by organization B on A's object: \(answer.status) \(answer.text)")
            }
            // A still has every object, and reads it.
            for route in routes
            where route.method == .get && route.responseSchema != nil && !unchecked.contains(where: { $0.label == route.label }) {
                let answer = try await client.call(.get, route.filled(objects))
                #expect(answer.status == 200, "\(route.label) by organization A after B's calls: \(answer.status) \(answer.text)")
            }
            #expect(objects["key"] != nil && objects["user"] != nil)
        }
    }
}
