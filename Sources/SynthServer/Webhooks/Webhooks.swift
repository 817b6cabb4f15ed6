import Foundation
import SynthCore
import SynthStore

/// The webhook tables: each organization's webhooks, one delivery per event and webhook, and a
/// log line for every attempt. The dispatcher writes deliveries; the routes read them.
public enum Webhooks {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "webhooks-1") { dialect in
            """
            CREATE TABLE webhooks (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL,
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                secret TEXT NOT NULL,
                active BIGINT NOT NULL DEFAULT 1,
                since_event BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX webhooks_by_org ON webhooks (org, id);
            CREATE TABLE webhook_deliveries (
                id \(dialect.autoIncrementKey),
                webhook BIGINT NOT NULL,
                org BIGINT NOT NULL,
                event_id BIGINT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT,
                last_status_code BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                delivered_at BIGINT
            );
            CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook, id);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE TABLE webhook_attempts (
                id \(dialect.autoIncrementKey),
                delivery BIGINT NOT NULL,
                attempt BIGINT NOT NULL,
                at BIGINT NOT NULL,
                status_code BIGINT,
                error TEXT,
                duration_ms BIGINT NOT NULL
            );
            CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery, attempt);
            CREATE TABLE webhook_cursor (
                name TEXT PRIMARY KEY,
                event_id BIGINT NOT NULL
            );
            INSERT INTO webhook_cursor (name, event_id) SELECT 'events', COALESCE(MAX(id), 0) FROM events
            """
        }
    ]

    /// The event kinds a webhook can subscribe to (`job.progress` ticks are never kept, so never sent).
    public static let kinds = [
        "job.queued", "job.started", "job.succeeded", "job.failed", "job.cancelled", "dataset.created", "dataset.deleted",
        "dataset.version", "record.reviewed", "comment.created", "template.saved",
    ]

    /// The families of kinds, such as `job.*`.
    static let families = Array(Set(kinds.map { String($0.split(separator: ".")[0]) + ".*" })).sorted()

    /// Checks a subscription list: `*`, a kind, or a family such as `job.*`; a 400 naming the
    /// first entry that is none of these.
    static func checkSubscriptions(_ events: [String]) throws(APIError) {
        guard !events.isEmpty else { throw APIError.invalid("events", "'events' must name at least one event kind, or \"*\"") }
        for event in events where event != "*" && !kinds.contains(event) && !families.contains(event) {
            throw APIError.invalid(
                "events",
                "'\(event)' is not an event kind; use \"*\", a family such as \"job.*\", or one of: \(kinds.joined(separator: ", "))")
        }
    }

    /// True when a webhook subscribed to `events` wants an event of `kind`.
    public static func matches(_ events: [String], kind: String) -> Bool {
        events.contains { $0 == "*" || $0 == kind || ($0.hasSuffix(".*") && kind.hasPrefix($0.dropLast())) }
    }

    /// What a webhook URL looks like: http or https, a host name or IPv4 address, an optional
    /// port, and a path and query of URL characters (no fragment). The OpenAPI document gives
    /// the same pattern.
    static let urlPattern = #"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?$"#

    /// Checks a webhook's URL against `urlPattern`.
    static func checkURL(_ text: String) throws(APIError) {
        guard text.count <= 2000, let pattern = try? Regex(urlPattern), (try? pattern.wholeMatch(in: text)) != nil else {
            throw APIError.invalid("url", "'url' must be an absolute http:// or https:// URL with a host (and no #fragment)")
        }
    }

    /// A new signing secret: `whsec_` and 32 random letters and digits.
    static func newSecret() -> String { "whsec_" + Secrets.randomToken(32) }

    static let columns = "id, url, events, active, created_by, created_at"

    /// A webhook as the API shows it (never its secret).
    static func webhook(_ row: SQLRow) -> Value {
        .object([
            "id": .int(row.int(0)), "url": .string(row.text(1)), "events": .array(subscriptions(row.text(2)).map { .string($0) }),
            "active": .bool(row.int(3) != 0), "created_by": .string(row.text(4)), "created_at": .int(row.int(5)),
        ])
    }

    /// A stored subscription list (kinds separated by spaces).
    static func subscriptions(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    static let deliveryColumns =
        "id, webhook, event_id, kind, payload, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at"

    /// A delivery as the API shows it, with the log of its attempts.
    static func delivery(_ row: SQLRow, attempts: [SQLRow]) -> Value {
        func optionalInt(_ i: Int) -> Value { row.optionalText(i) == nil ? .null : .int(row.int(i)) }
        return .object([
            "id": .int(row.int(0)), "webhook": .int(row.int(1)), "event_id": .int(row.int(2)), "kind": .string(row.text(3)),
            "payload": (try? JSONParser.parse(Array(row.text(4).utf8))) ?? .null, "status": .string(row.text(5)),
            "attempts": .int(row.int(6)), "next_attempt_at": optionalInt(7), "last_status_code": optionalInt(8),
            "last_error": row.optionalText(9).map { .string($0) } ?? .null, "created_at": .int(row.int(10)),
            "delivered_at": optionalInt(11),
            "log": .array(
                attempts.map { a in
                    .object([
                        "attempt": .int(a.int(0)), "at": .int(a.int(1)),
                        "status_code": a.optionalText(2) == nil ? .null : .int(a.int(2)),
                        "error": a.optionalText(3).map { .string($0) } ?? .null, "duration_ms": .int(a.int(4)),
                    ])
                }),
        ])
    }

    /// The body a webhook receives for `event`: `{id, kind, subject, at, actor, data}`.
    public static func payload(_ event: ServerEvent) -> String {
        JSONWriter.string(
            .object([
                "id": .int(Int(event.id)), "kind": .string(event.kind), "subject": .string(event.subject), "at": .int(Int(event.at)),
                "actor": .string(event.actor), "data": event.data,
            ]))
    }
}
