import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import SynthCore
import SynthStore

/// The background service that delivers webhooks.
///
/// It reads the kept events from the `events` table in order, past a cursor it stores, and
/// writes one pending delivery for each webhook of the event's organization that subscribed
/// to its kind; then it sends the deliveries that are due, and logs each attempt. The event
/// bus only wakes it up, so events kept while no dispatcher ran, and deliveries still
/// pending when the server stopped, are sent when the next one starts.
public final class WebhookDispatcher: Service, Sendable {
    let stores: StorePool
    let events: EventBus
    /// When failed deliveries are tried again.
    public let policy: RetryPolicy
    /// Deliveries sent at once.
    let concurrency = 8
    private let doorbell = Doorbell()
    private let logger = Logger(label: "synthforge.webhooks")

    /// The client every delivery goes through. It never follows redirects: a webhook's URL is
    /// where its events go, and nowhere else.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(stores: StorePool, events: EventBus, policy: RetryPolicy = .standard) {
        self.stores = stores
        self.events = events
        self.policy = policy
    }

    /// Delivers until the task is cancelled or the server shuts down; attempts in flight finish first.
    public func run() async throws {
        let stream = events.subscribe()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in stream where event.id != 0 { self.doorbell.ring(seen: event.id) }
            }
            group.addTask {
                await withGracefulShutdownHandler {
                    await self.loop()
                } onGracefulShutdown: {
                    self.doorbell.ring()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func loop() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var wait = Duration.seconds(5)
            do {
                let cursor = try await fanOut()
                if let due = try await deliverDue() { wait = min(wait, due) }
                // An event the bus announced but the cursor has not passed is still being committed.
                if doorbell.seen > cursor { wait = min(wait, .milliseconds(50)) }
            } catch {
                logger.error("webhook delivery paused for a second: \(error)")
                wait = .seconds(1)
            }
            await doorbell.wait(upTo: wait)
        }
    }

    /// Writes the deliveries of the events past the cursor, and moves it; returns the cursor.
    func fanOut() async throws -> Int64 {
        while true {
            let (cursor, more) = try await stores.with { store -> (Int64, Bool) in
                let db = store.database
                return try db.transaction { () throws(SynthError) -> (Int64, Bool) in
                    let cursor = Int64(try db.first("SELECT event_id FROM webhook_cursor WHERE name = 'events'")?.int(0) ?? 0)
                    let batch = 500
                    let rows = try db.rows(
                        "SELECT id, org, at, actor, kind, subject, data FROM events WHERE id > ? ORDER BY id LIMIT ?",
                        [.integer(cursor), .integer(Int64(batch))])
                    guard let last = rows.last else { return (cursor, false) }
                    var hooks: [Int64: [(id: Int64, events: [String], since: Int64)]] = [:]
                    var deliveries: [[SQLValue]] = []
                    let now = ServerClock.nowMillis()
                    for row in rows {
                        var event = ServerEvent(
                            org: Int64(row.int(1)), actor: row.text(3), kind: row.text(4), subject: row.text(5),
                            data: (try? JSONParser.parse(Array(row.text(6).utf8))) ?? .null)
                        event.id = Int64(row.int(0))
                        event.at = Int64(row.int(2))
                        if hooks[event.org] == nil {
                            hooks[event.org] = try db.rows(
                                "SELECT id, events, since_event FROM webhooks WHERE org = ? AND active = 1", [.integer(event.org)]
                            ).map { (id: Int64($0.int(0)), events: Webhooks.subscriptions($0.text(1)), since: Int64($0.int(2))) }
                        }
                        for hook in hooks[event.org] ?? [] where hook.since < event.id && Webhooks.matches(hook.events, kind: event.kind) {
                            deliveries.append([
                                .integer(hook.id), .integer(event.org), .integer(event.id), .text(event.kind),
                                .text(Webhooks.payload(event)),
                                .text("pending"), .integer(now), .integer(now),
                            ])
                        }
                    }
                    try db.insert(
                        into: "webhook_deliveries",
                        columns: ["webhook", "org", "event_id", "kind", "payload", "status", "next_attempt_at", "created_at"],
                        rows: deliveries)
                    let moved = Int64(last.int(0))
                    try db.execute("UPDATE webhook_cursor SET event_id = ? WHERE name = 'events'", [.integer(moved)])
                    return (moved, rows.count == batch)
                }
            }
            if !more { return cursor }
        }
    }

    /// One delivery to attempt.
    struct Due: Sendable {
        var id: Int64
        var attempts: Int
        var kind: String
        var payload: String
        var url: String
        var secret: String
    }

    /// Sends the deliveries that are due; returns how long until the next one is, if any is pending.
    func deliverDue() async throws -> Duration? {
        while true {
            let now = ServerClock.nowMillis()
            let due = try await stores.with { store in
                try store.database.rows(
                    """
                    SELECT d.id, d.attempts, d.kind, d.payload, w.url, w.secret FROM webhook_deliveries d
                    JOIN webhooks w ON w.id = d.webhook
                    WHERE d.status = 'pending' AND w.active = 1 AND d.next_attempt_at <= ?
                    ORDER BY d.next_attempt_at, d.id LIMIT ?
                    """, [.integer(now), .integer(Int64(concurrency * 4))]
                ).map {
                    Due(
                        id: Int64($0.int(0)), attempts: $0.int(1), kind: $0.text(2), payload: $0.text(3), url: $0.text(4),
                        secret: $0.text(5))
                }
            }
            if due.isEmpty { break }
            await withTaskGroup(of: Void.self) { group in
                var queue = due[...]
                for _ in 0..<concurrency {
                    guard let next = queue.popFirst() else { break }
                    group.addTask { await self.attempt(next) }
                }
                while await group.next() != nil {
                    if let next = queue.popFirst() { group.addTask { await self.attempt(next) } }
                }
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return nil }
        }
        let next = try await stores.with { store in
            try store.database.first(
                """
                SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook
                WHERE d.status = 'pending' AND w.active = 1
                """)
        }
        guard let next, next.optionalText(0) != nil else { return nil }
        return .milliseconds(max(0, Int64(next.int(0)) - ServerClock.nowMillis()))
    }

    /// Sends one delivery once, and logs the attempt and what follows it. An attempt cut short by
    /// cancellation is not logged: the delivery stays pending for the next dispatcher.
    func attempt(_ due: Due) async {
        let number = due.attempts + 1
        let body = Array(due.payload.utf8)
        let timestamp = ServerClock.nowMillis() / 1000
        var request = HTTPClientRequest(url: due.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "SynthForge-Webhooks/1")
        request.headers.add(name: "X-SynthForge-Event", value: due.kind)
        request.headers.add(name: "X-SynthForge-Delivery", value: String(due.id))
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        request.headers.add(
            name: WebhookSignature.header, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: due.secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        let started = ContinuousClock.now
        var status: Int?
        var failure: String?
        do {
            let response = try await Self.client.execute(request, timeout: .nanoseconds(Self.nanoseconds(policy.timeout)))
            status = Int(response.status.code)
            var excerpt: [UInt8] = []
            for try await chunk in response.body where excerpt.count < 200 {
                excerpt += chunk.readableBytesView.prefix(200 - excerpt.count)
            }
            if let status, !(200..<300).contains(status) {
                failure = "answered \(status)" + (excerpt.isEmpty ? "" : ": " + String(decoding: excerpt, as: UTF8.self))
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            failure = "no answer within \(policy.timeout)"
        } catch {
            failure = "\(error)"
        }
        if Task.isCancelled { return }
        let elapsed = ContinuousClock.now - started
        let finished = ServerClock.nowMillis()
        let step = policy.next(after: number, status: status)
        do {
            try await stores.with { store in
                let db = store.database
                try db.transaction { () throws(SynthError) in
                    try db.execute(
                        "INSERT INTO webhook_attempts (delivery, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            .integer(due.id), .integer(Int64(number)), .integer(finished), status.map { .integer(Int64($0)) } ?? .null,
                            failure.map { .text($0) } ?? .null, .integer(Self.nanoseconds(elapsed) / 1_000_000),
                        ])
                    let (state, next): (String, SQLValue) =
                        switch step {
                        case .delivered: ("delivered", .null)
                        case .failed: ("failed", .null)
                        case .retry(let after): ("pending", .integer(finished + Self.nanoseconds(after) / 1_000_000))
                        }
                    try db.execute(
                        """
                        UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
                        delivered_at = ? WHERE id = ?
                        """,
                        [
                            .text(state), .integer(Int64(number)), next, status.map { .integer(Int64($0)) } ?? .null,
                            failure.map { .text($0) } ?? .null, step == .delivered ? .integer(finished) : .null, .integer(due.id),
                        ])
                }
            }
        } catch {
            logger.error("could not log webhook delivery \(due.id): \(error)")
        }
        if let failure { logger.info("webhook delivery \(due.id), attempt \(number): \(failure)") }
    }

    static func nanoseconds(_ d: Duration) -> Int64 { d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000 }
}

/// Wakes the dispatcher when an event is kept, or the server shuts down; remembers the newest
/// event id announced.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        var seen: Int64 = 0
    }

    private let state = Mutex(State())

    /// The newest event id the bus announced.
    var seen: Int64 { state.withLock { $0.seen } }

    func ring(seen id: Int64 = 0) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.seen = max(state.seen, id)
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when rung (or rung since the last wait), cancelled, or after `limit`.
    func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if (try? await Task.sleep(for: limit)) != nil { self.ring() }
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { state -> Bool in
                        if state.rung {
                            state.rung = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            } onCancel: {
                self.ring()
            }
            group.cancelAll()
        }
    }
}
