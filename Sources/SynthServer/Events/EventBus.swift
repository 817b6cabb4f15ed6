import Foundation
import Synchronization
import SynthCore
import SynthStore

/// Something that happened in an organization: a job's progress or end, a new dataset version,
/// a review, a comment. The activity feed, webhooks and live progress streams all read these.
public struct ServerEvent: Sendable {
    /// Its id in the `events` table (0 for events not kept, such as progress ticks).
    public var id: Int64
    public var org: Int64
    /// Milliseconds since 1970.
    public var at: Int64
    /// Who caused it (an email, or `server`).
    public var actor: String
    /// Such as `job.finished`, `dataset.version`, `record.reviewed`, `comment.created`.
    public var kind: String
    /// What it is about, such as `job/j_3f2a` or `dataset/notes`.
    public var subject: String
    public var data: Value

    public init(org: Int64, actor: String, kind: String, subject: String, data: Value = .object([:])) {
        id = 0
        self.org = org
        at = ServerClock.nowMillis()
        self.actor = actor
        self.kind = kind
        self.subject = subject
        self.data = data
    }

    /// The event as JSON.
    public var json: Value {
        .object([
            "id": .int(Int(id)), "at": .int(Int(at)), "actor": .string(actor), "kind": .string(kind), "subject": .string(subject),
            "data": data,
        ])
    }
}

/// Publishes events to whoever listens (live streams, webhook delivery), and keeps the ones that
/// belong in the activity feed.
public final class EventBus: Sendable {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "events-1") { dialect in
            """
            CREATE TABLE events (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                data TEXT NOT NULL
            );
            CREATE INDEX events_by_org ON events (org, id)
            """
        }
    ]

    private let listeners = Mutex<[Int: AsyncStream<ServerEvent>.Continuation]>([:])
    private let nextListener = Atomic<Int>(0)

    public init() {}

    /// Keeps `event` in the activity feed (in `db`'s current transaction, if one is open) and
    /// hands it to every listener; returns it with its id.
    @discardableResult
    public func publish(_ event: ServerEvent, keptIn db: any SQLDatabase) throws(SynthError) -> ServerEvent {
        var event = event
        if let row = try db.first(
            "INSERT INTO events (org, at, actor, kind, subject, data) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [
                .integer(event.org), .integer(event.at), .text(event.actor), .text(event.kind), .text(event.subject),
                .text(JSONWriter.string(event.data)),
            ])
        {
            event.id = Int64(row.int(0))
        }
        broadcast(event)
        return event
    }

    /// Hands `event` to every listener without keeping it (progress ticks).
    public func broadcast(_ event: ServerEvent) {
        let current = listeners.withLock { Array($0.values) }
        for listener in current { listener.yield(event) }
    }

    /// Every event published from now on, until the stream is dropped. A slow listener keeps
    /// the newest 1,000 events and loses older ones rather than hold the server back.
    public func subscribe() -> AsyncStream<ServerEvent> {
        let id = nextListener.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<ServerEvent>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        listeners.withLock { $0[id] = continuation }
        return stream
    }

    /// The organization's kept events, newest first, before `before` (an id) when given.
    public static func feed(org: Int64, before: Int64?, limit: Int, in db: any SQLDatabase) throws(SynthError) -> [ServerEvent] {
        var sql = "SELECT id, at, actor, kind, subject, data FROM events WHERE org = ?"
        var binds: [SQLValue] = [.integer(org)]
        if let before {
            sql += " AND id < ?"
            binds.append(.integer(before))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.integer(Int64(limit)))
        return try db.rows(sql, binds).map { row in
            var event = ServerEvent(
                org: org, actor: row.text(2), kind: row.text(3), subject: row.text(4),
                data: (try? JSONParser.parse(Array(row.text(5).utf8))) ?? .null)
            event.id = Int64(row.int(0))
            event.at = Int64(row.int(1))
            return event
        }
    }
}
