import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import SynthTesting
import Testing

@Suite struct WebhookTests {
    @Test func theRetryPolicyDoublesItsWaitAndGivesUpAfterItsAttempts() {
        let policy = RetryPolicy.standard
        #expect(policy.next(after: 1, status: 204) == .delivered)
        #expect(policy.next(after: 1, status: 500) == .retry(after: .seconds(1)))
        #expect(policy.next(after: 2, status: nil) == .retry(after: .seconds(2)))
        #expect(policy.next(after: 3, status: 302) == .retry(after: .seconds(4)))
        #expect(policy.next(after: 4, status: 404) == .retry(after: .seconds(8)))
        #expect(policy.next(after: 5, status: 500) == .failed)
        #expect(policy.next(after: 5, status: 200) == .delivered)
        let capped = RetryPolicy(attempts: 20, firstDelay: .seconds(1), maxDelay: .seconds(10))
        #expect(capped.next(after: 12, status: nil) == .retry(after: .seconds(10)))
    }

    @Test func theSignatureIsTheHMACOfTheTimestampADotAndTheBody() {
        // Python: hmac.new(b"Jefe", b'1700000000.{"kind":"comment.created"}', hashlib.sha256).hexdigest()
        let signature = WebhookSignature.sign(body: Array(#"{"kind":"comment.created"}"#.utf8), timestamp: 1_700_000_000, secret: "Jefe")
        #expect(signature == "sha256=d2a5907402c49769d886a7b6cd4a5cb43e6c753c223f839e8e1636d3a1d33dea")
    }

    @Test func theSignatureMatchesPythonsHMACForAnyBody() throws {
        let body = #"{"kind":"comment.created","data":{"body":"naïve ☃ \"quoted\""}}"#
        let signature = WebhookSignature.sign(body: Array(body.utf8), timestamp: 1_795_000_000, secret: "whsec_Reference123")
        let program = """
            import hashlib, hmac, sys
            print("sha256=" + hmac.new(sys.argv[1].encode(), (sys.argv[2] + "." + sys.argv[3]).encode(), hashlib.sha256).hexdigest())
            """
        let reference = try Processes.python(program, ["whsec_Reference123", "1795000000", body])
        #expect(signature == reference.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func adminsManageWebhooksWhoseSecretIsShownOnlyOnce() async throws {
        let server = try await TestServer.make()
        let editor = try await server.member(.editor)
        let other = try await server.otherOrg()
        try await server.run { client in
            let created = try await client.call(
                .post, "/api/v1/webhooks", json: .object(["url": .string("http://127.0.0.1:9/hook"), "events": .array([.string("job.*")])]))
            #expect(created.status == 201)
            let secret = try #require(created["secret"]?.stringValue)
            #expect(secret.hasPrefix("whsec_") && secret.count == 38)
            #expect(created["events"] == .array([.string("job.*")]))
            #expect(created["active"] == .bool(true))
            let id = Int(try #require(created["id"]?.doubleValue))

            let listed = try await client.call(.get, "/api/v1/webhooks")
            #expect(listed["webhooks"]?.arrayValue?.count == 1)
            #expect(!listed.text.contains(secret))
            #expect(!listed.text.contains("secret"))
            #expect(!(try await client.call(.get, "/api/v1/webhooks/\(id)")).text.contains(secret))

            let changed = try await client.call(
                .patch, "/api/v1/webhooks/\(id)", json: .object(["events": .array([.string("*")]), "active": .bool(false)]))
            #expect(changed.status == 200)
            #expect(changed["events"] == .array([.string("*")]))
            #expect(changed["active"] == .bool(false))

            let badKind = try await client.call(
                .post, "/api/v1/webhooks", json: .object(["url": .string("http://x.test/"), "events": .array([.string("job.progress")])]))
            #expect(badKind.status == 400)
            #expect(badKind.errorField == "events")
            let badURL = try await client.call(
                .post, "/api/v1/webhooks", json: .object(["url": .string("ftp://x.test/"), "events": .array([.string("*")])]))
            #expect(badURL.errorField == "url")
            let shortSecret = try await client.call(
                .post, "/api/v1/webhooks",
                json: .object(["url": .string("http://x.test/"), "events": .array([.string("*")]), "secret": .string("short")]))
            #expect(shortSecret.errorField == "secret")
            let unknown = try await client.call(.patch, "/api/v1/webhooks/\(id)", json: .object(["colour": .string("red")]))
            #expect(unknown.errorField == "colour")

            #expect(try await client.call(.get, "/api/v1/webhooks", key: editor.key).status == 403)
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)", key: other.key).status == 404)
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", key: other.key).status == 404)
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", key: other.key).status == 404)
            #expect(try await client.call(.get, "/api/v1/webhooks/nope").status == 404)

            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)").status == 204)
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)").status == 404)
        }
    }

    /// A dispatcher that tries 4 times, 50 ms after the first failure, then 100 ms, 200 ms.
    static let quick = RetryPolicy(attempts: 4, firstDelay: .milliseconds(50), timeout: .seconds(30))

    @Test func aSignedDeliveryIsRetriedUntilTheReceiverTakesItAndTheLogShowsEveryAttempt() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes", records: 2)
        let other = try await server.otherOrg()
        let secret = "a-secret-of-our-own-1234"
        let receiver = WebhookReceiver(secret: secret, failFirst: 2)
        try await receiver.serving {
            try await server.run { client in
                let hook = try await client.call(
                    .post, "/api/v1/webhooks",
                    json: .object(["url": .string(receiver.url), "events": .array([.string("comment.*")]), "secret": .string(secret)]))
                #expect(hook.status == 201)
                let id = Int(try #require(hook["id"]?.doubleValue))
                // Neither another organization's event nor a kind it did not subscribe to reaches it.
                try await server.services.stores.with { store in
                    try server.services.events.publish(
                        ServerEvent(org: other.org.id, actor: "x@example.com", kind: "comment.created", subject: "dataset/elsewhere"),
                        keptIn: store.database)
                    try server.services.events.publish(
                        ServerEvent(org: 1, actor: "x@example.com", kind: "dataset.created", subject: "dataset/notes"),
                        keptIn: store.database)
                }
                let comment = try await client.call(
                    .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("looks good"), "record": .string("r2")]))
                #expect(comment.status == 201)

                let dispatcher = WebhookDispatcher(stores: server.services.stores, events: server.services.events, policy: Self.quick)
                let running = Task { try await dispatcher.run() }
                defer { running.cancel() }
                let deliveries = try #require(
                    try await server.eventually { () -> [Value]? in
                        let deliveries = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries")["deliveries"]?.arrayValue ?? []
                        return deliveries.first?.objectValue?["status"]?.stringValue == "delivered" ? deliveries : nil
                    })

                let requests = receiver.requests
                #expect(requests.map { $0.answered } == [500, 500, 200])
                #expect(requests.allSatisfy { $0.signatureValid })
                let delivery = try #require(deliveries.first?.objectValue)
                #expect(deliveries.count == 1)
                #expect(delivery["attempts"] == .int(3))
                #expect(delivery["last_status_code"] == .int(200))
                #expect(delivery["next_attempt_at"] == .null)
                let log = try #require(delivery["log"]?.arrayValue?.compactMap { $0.objectValue })
                #expect(log.map { $0["attempt"] } == [.int(1), .int(2), .int(3)])
                #expect(log.map { $0["status_code"] } == [.int(500), .int(500), .int(200)])
                #expect(log[0]["error"]?.stringValue == "answered 500: try later")
                #expect(log[2]["error"] == .null)

                let first = try #require(requests.first)
                #expect(first.headers[HTTPField.Name("X-SynthForge-Event")!] == "comment.created")
                #expect(first.headers[HTTPField.Name("X-SynthForge-Delivery")!] == delivery["id"]?.text)
                #expect(requests.map { $0.body } == Array(repeating: first.body, count: 3))
                let body = try #require(try JSONParser.parse(Array(first.body.utf8)).objectValue)
                #expect(body.keys == ["id", "kind", "subject", "at", "actor", "data"])
                #expect(body["kind"] == .string("comment.created"))
                #expect(body["subject"] == .string("dataset/notes"))
                #expect(body["actor"] == .string("admin@localhost"))
                #expect(body["data"]?.objectValue?["record"] == .string("r2"))
                #expect(body["data"]?.objectValue?["body"] == .string("looks good"))
                #expect(delivery["payload"] == .object(body))
            }
        }
    }

    @Test func pendingDeliveriesAreSentByTheNextDispatcherAfterARestart() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes")
        let secret = "restart-secret-0123456789"
        let receiver = WebhookReceiver(secret: secret, failFirst: 2)
        try await receiver.serving {
            try await server.run { client in
                let hook = try await client.call(
                    .post, "/api/v1/webhooks",
                    json: .object(["url": .string(receiver.url), "events": .array([.string("*")]), "secret": .string(secret)]))
                let id = Int(try #require(hook["id"]?.doubleValue))
                // Kept while no dispatcher runs: the first one to start sends it.
                #expect(
                    try await client.call(.post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("hi")])).status == 201)

                @Sendable func log() async throws -> [Value] {
                    let deliveries = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries")["deliveries"]?.arrayValue
                    return deliveries?.first?.objectValue?["log"]?.arrayValue ?? []
                }
                // The first dispatcher waits an hour after a failure: it is stopped long before it tries again,
                // however slowly this test runs.
                let slow = RetryPolicy(attempts: 4, firstDelay: .seconds(3600), timeout: .seconds(30))
                let first = Task {
                    try await WebhookDispatcher(stores: server.services.stores, events: server.services.events, policy: slow).run()
                }
                #expect(try await server.eventually { try await log().count == 1 ? true : nil } == true)
                first.cancel()
                _ = await first.result
                // An hour on, the attempt the first dispatcher put off is due.
                try await server.services.stores.with { store in
                    try store.database.execute("UPDATE webhook_deliveries SET next_attempt_at = 0 WHERE status = 'pending'", [])
                }

                let second = Task {
                    try await WebhookDispatcher(stores: server.services.stores, events: server.services.events, policy: Self.quick).run()
                }
                defer { second.cancel() }
                #expect(try await server.eventually { try await log().count == 3 ? true : nil } == true)
                let statuses = try await log().map { $0.objectValue?["status_code"] }
                #expect(statuses == [.int(500), .int(500), .int(200)])
                #expect(receiver.requests.count == 3)
                #expect(receiver.requests.allSatisfy { $0.signatureValid })
            }
        }
    }

    @Test func aDeliveryThatNeverSucceedsIsMarkedFailedAfterTheLastAttempt() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes")
        let secret = "failing-secret-0123456789"
        let receiver = WebhookReceiver(secret: secret, failFirst: 100)
        try await receiver.serving {
            try await server.run { client in
                let hook = try await client.call(
                    .post, "/api/v1/webhooks",
                    json: .object(["url": .string(receiver.url), "events": .array([.string("comment.created")]), "secret": .string(secret)])
                )
                let id = Int(try #require(hook["id"]?.doubleValue))
                #expect(
                    try await client.call(.post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("x")])).status == 201)
                let running = Task {
                    try await WebhookDispatcher(stores: server.services.stores, events: server.services.events, policy: Self.quick).run()
                }
                defer { running.cancel() }
                let delivery = try #require(
                    try await server.eventually {
                        try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?status=failed")["deliveries"]?.arrayValue?.first?
                            .objectValue
                    })
                #expect(delivery["attempts"] == .int(4))
                #expect(delivery["log"]?.arrayValue?.count == 4)
                #expect(delivery["last_status_code"] == .int(500))
                #expect(delivery["next_attempt_at"] == .null)
                #expect(receiver.requests.count == 4)
            }
        }
    }
}
