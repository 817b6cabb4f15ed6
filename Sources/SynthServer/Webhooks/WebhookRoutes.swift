import Foundation
import HTTPTypes
import Hummingbird
import SynthCore
import SynthStore

/// Managing webhooks (admins and above): create one with its subscribed event kinds (its
/// secret shown once), list, change, delete them, and read each one's delivery log.
enum WebhookRoutes {
    static let webhookSchema = Schema.object([
        "id": Schema.integer, "url": Schema.string, "events": Schema.array(Schema.string), "active": Schema.boolean,
        "created_by": Schema.string, "created_at": Schema.integer,
    ])

    static let createdSchema = Schema.object([
        "id": Schema.integer, "url": Schema.string, "events": Schema.array(Schema.string), "active": Schema.boolean,
        "created_by": Schema.string, "created_at": Schema.integer, "secret": Schema.string,
    ])

    static let deliverySchema = Schema.object([
        "id": Schema.integer, "webhook": Schema.integer, "event_id": Schema.integer, "kind": Schema.string, "payload": Schema.any,
        "status": Schema.enumeration(["pending", "delivered", "failed"]), "attempts": Schema.integer,
        "next_attempt_at": Schema.nullable(Schema.integer), "last_status_code": Schema.nullable(Schema.integer),
        "last_error": Schema.nullable(Schema.string), "created_at": Schema.integer, "delivered_at": Schema.nullable(Schema.integer),
        "log": Schema.array(
            Schema.object([
                "attempt": Schema.integer, "at": Schema.integer, "status_code": Schema.nullable(Schema.integer),
                "error": Schema.nullable(Schema.string), "duration_ms": Schema.integer,
            ])),
    ])

    static let urlSchema = Schema.string(length: 8...2000, pattern: Webhooks.urlPattern)
    static let subscriptionsSchema: Value = .object([
        "type": .string("array"), "minItems": .int(1),
        "items": Schema.enumeration(["*"] + Webhooks.families + Webhooks.kinds),
    ])

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/webhooks", permission: .manage, tag: "webhooks", summary: "The organization's webhooks.",
            response: Schema.object(["webhooks": Schema.array(webhookSchema)])
        ) { call in
            let caller = try call.caller
            let hooks = try await call.store { access in
                try access.db.rows("SELECT \(Webhooks.columns) FROM webhooks WHERE org = ? ORDER BY id", [.integer(caller.org.id)])
                    .map(Webhooks.webhook)
            }
            return JSONBody.response(.object(["webhooks": .array(hooks)]))
        },
        APIRoute(
            .post, "/api/v1/webhooks", permission: .manage, tag: "webhooks",
            summary: "Create a webhook for event kinds (or \"*\"); the answer shows its signing secret, this once.",
            request: Schema.object(
                ["url": urlSchema, "events": subscriptionsSchema, "secret": Schema.string(length: 16...200), "active": Schema.boolean],
                required: ["url", "events"], additional: false),
            response: createdSchema, status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["url", "events", "secret", "active"])
            let url = try body.requiredString("url")
            try Webhooks.checkURL(url)
            guard let events = try body.strings("events") else { throw APIError.invalid("events", "'events' is required") }
            try Webhooks.checkSubscriptions(events)
            let secret = try body.string("secret") ?? Webhooks.newSecret()
            try checkSecret(secret)
            let active = try body.bool("active") ?? true
            let created = try await call.store { access -> Value in
                guard
                    let row = try access.db.first(
                        """
                        INSERT INTO webhooks (org, url, events, secret, active, since_event, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM events), ?, ?) RETURNING \(Webhooks.columns)
                        """,
                        [
                            .integer(caller.org.id), .text(url), .text(events.joined(separator: " ")), .text(secret),
                            .integer(active ? 1 : 0),
                            .text(caller.email), .integer(ServerClock.nowMillis()),
                        ])
                else { throw SynthError(.store, "the new webhook got no id") }
                return Webhooks.webhook(row)
            }
            var fields = created.objectValue ?? Fields()
            fields["secret"] = .string(secret)
            return JSONBody.response(.object(fields), status: .created)
        },
        APIRoute(
            .get, "/api/v1/webhooks/{webhook}", permission: .manage, tag: "webhooks", summary: "One webhook (without its secret).",
            response: webhookSchema
        ) { call in
            let caller = try call.caller
            let id = try webhookID(call)
            return JSONBody.response(try await call.store { access in try webhook(id, of: caller, in: access) })
        },
        APIRoute(
            .patch, "/api/v1/webhooks/{webhook}", permission: .manage, tag: "webhooks",
            summary: "Change a webhook's URL, events, secret, or pause it (`active: false`).",
            request: Schema.object(
                ["url": urlSchema, "events": subscriptionsSchema, "secret": Schema.string(length: 16...200), "active": Schema.boolean],
                required: [], additional: false),
            response: webhookSchema
        ) { call in
            let caller = try call.caller
            let id = try webhookID(call)
            let body = try call.json()
            try body.allowOnly(["url", "events", "secret", "active"])
            var sets: [String] = []
            var binds: [SQLValue] = []
            if let url = try body.string("url") {
                try Webhooks.checkURL(url)
                sets.append("url = ?")
                binds.append(.text(url))
            }
            if let events = try body.strings("events") {
                try Webhooks.checkSubscriptions(events)
                sets.append("events = ?")
                binds.append(.text(events.joined(separator: " ")))
            }
            if let secret = try body.string("secret") {
                try checkSecret(secret)
                sets.append("secret = ?")
                binds.append(.text(secret))
            }
            if let active = try body.bool("active") {
                sets.append("active = ?")
                binds.append(.integer(active ? 1 : 0))
            }
            let changed = try await call.store { access -> Value in
                _ = try webhook(id, of: caller, in: access)
                if !sets.isEmpty {
                    try access.db.execute(
                        "UPDATE webhooks SET \(sets.joined(separator: ", ")) WHERE id = ? AND org = ?",
                        binds + [.integer(id), .integer(caller.org.id)])
                }
                return try webhook(id, of: caller, in: access)
            }
            return JSONBody.response(changed)
        },
        APIRoute(
            .delete, "/api/v1/webhooks/{webhook}", permission: .manage, tag: "webhooks",
            summary: "Delete a webhook with its delivery log.", status: 204
        ) { call in
            let caller = try call.caller
            let id = try webhookID(call)
            try await call.store { access in
                _ = try webhook(id, of: caller, in: access)
                try access.db.transaction { () throws(SynthError) in
                    try access.db.execute(
                        "DELETE FROM webhook_attempts WHERE delivery IN (SELECT id FROM webhook_deliveries WHERE webhook = ?)",
                        [.integer(id)])
                    try access.db.execute("DELETE FROM webhook_deliveries WHERE webhook = ?", [.integer(id)])
                    try access.db.execute("DELETE FROM webhooks WHERE id = ?", [.integer(id)])
                }
            }
            return Response(status: .noContent)
        },
        APIRoute(
            .get, "/api/v1/webhooks/{webhook}/deliveries", permission: .manage, tag: "webhooks",
            summary: "A webhook's deliveries, newest first, each with the log of its attempts.",
            response: Schema.object(["deliveries": Schema.array(deliverySchema), "next_before": Schema.nullable(Schema.integer)]),
            query: [
                .init("status", Schema.enumeration(["pending", "delivered", "failed"]), "Only deliveries in this state."),
                .init("limit", Schema.integer(in: 1...200), "At most this many (1-200, default 50)."),
                .init("before", Schema.integer(in: 1...Int.max), "Only deliveries before this id (the previous page's next_before)."),
            ]
        ) { call in
            let caller = try call.caller
            let id = try webhookID(call)
            let limit = try call.query("limit", in: 1...200, default: 50)
            let before = try call.query("before", in: 1...Int.max, default: Int.max)
            let status = call.query("status")
            if let status, !["pending", "delivered", "failed"].contains(status) {
                throw APIError.invalid("status", "'status' must be pending, delivered or failed")
            }
            let deliveries = try await call.store { access -> [Value] in
                _ = try webhook(id, of: caller, in: access)
                var sql = "SELECT \(Webhooks.deliveryColumns) FROM webhook_deliveries WHERE webhook = ? AND id < ?"
                var binds: [SQLValue] = [.integer(id), .integer(Int64(before))]
                if let status {
                    sql += " AND status = ?"
                    binds.append(.text(status))
                }
                let rows = try access.db.rows(sql + " ORDER BY id DESC LIMIT ?", binds + [.integer(Int64(limit))])
                guard !rows.isEmpty else { return [] }
                var attempts: [Int: [SQLRow]] = [:]
                let marks = Array(repeating: "?", count: rows.count).joined(separator: ",")
                for attempt in try access.db.rows(
                    "SELECT attempt, at, status_code, error, duration_ms, delivery FROM webhook_attempts WHERE delivery IN (\(marks)) ORDER BY attempt",
                    rows.map { .integer(Int64($0.int(0))) })
                {
                    attempts[attempt.int(5), default: []].append(attempt)
                }
                return rows.map { Webhooks.delivery($0, attempts: attempts[$0.int(0)] ?? []) }
            }
            let next: Value = deliveries.count == limit ? deliveries.last?.objectValue?["id"] ?? .null : .null
            return JSONBody.response(.object(["deliveries": .array(deliveries), "next_before": next]))
        },
    ]

    /// The webhook id in the path; a 404 when it is not a number.
    static func webhookID(_ call: APICall) throws(APIError) -> Int64 {
        let text = try call.parameter("webhook")
        guard let id = Int64(text) else { throw APIError.notFound("webhook '\(text)'") }
        return id
    }

    /// The caller's organization's webhook `id` as the API shows it, or a 404.
    static func webhook(_ id: Int64, of caller: Principal, in access: StoreAccess) throws -> Value {
        guard
            let row = try access.db.first(
                "SELECT \(Webhooks.columns) FROM webhooks WHERE id = ? AND org = ?", [.integer(id), .integer(caller.org.id)])
        else { throw APIError.notFound("webhook '\(id)'") }
        return Webhooks.webhook(row)
    }

    /// A secret a caller chose: long enough to be worth signing with.
    static func checkSecret(_ secret: String) throws(APIError) {
        guard (16...200).contains(secret.count) else { throw APIError.invalid("secret", "'secret' must be 16 to 200 characters") }
    }
}
