import Foundation
import Synchronization
import SynthCore
import SynthStore

/// The server's connections to the store, lent one request at a time.
///
/// A `Store` is one connection and not safe to share, so the pool keeps several (SQLite in WAL
/// mode lets them read side by side) and a request waits for a free one. Every change a
/// request makes goes through the connection it holds, in that connection's transactions.
public final class StorePool: Sendable {
    /// The store's location: an SQLite path or a `postgres://` URL.
    public let location: String
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var free: [Connection]
        var waiters: [CheckedContinuation<Connection, Never>] = []
    }

    /// One open store; only ever used by the request that holds it.
    final class Connection: @unchecked Sendable {
        let store: Store
        init(store: Store) { self.store = store }
    }

    /// Opens `size` connections to the store at `location`, bringing its schema and the
    /// server's tables up to date.
    public init(location: String, size: Int = 4) throws(SynthError) {
        self.location = location
        var connections: [Connection] = []
        for _ in 0..<max(1, size) {
            connections.append(Connection(store: try Store.open(location, actor: "server")))
        }
        try ServerSchema.migrate(connections[0].store.database)
        state = Mutex(State(free: connections))
    }

    /// Runs `body` with a connection of its own, acting as `actor` (the audit log's and new
    /// versions' author). Waits while every connection is lent.
    public func with<T>(as actor: String = "server", _ body: (Store) throws -> T) async throws -> T {
        let connection = await checkout()
        defer { checkin(connection) }
        connection.store.actor = actor
        return try body(connection.store)
    }

    private func checkout() async -> Connection {
        if let ready = state.withLock({ $0.free.popLast() }) { return ready }
        return await withCheckedContinuation { continuation in
            let ready: Connection? = state.withLock { state in
                if let ready = state.free.popLast() { return ready }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func checkin(_ connection: Connection) {
        let waiter: CheckedContinuation<Connection, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.free.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }

    /// Closes every connection; the pool must not be used after.
    public func close() {
        state.withLock { state in
            for connection in state.free { connection.store.close() }
            state.free = []
        }
    }
}
