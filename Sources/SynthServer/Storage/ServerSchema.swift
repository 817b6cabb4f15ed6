import Foundation
import SynthCore
import SynthStore

/// One step of the server's tables, applied once: each feature names its own steps, so they
/// apply in any order and never clash.
public struct ServerMigration: Sendable {
    /// A name unique among the server's steps, such as `accounts-1`.
    public var id: String
    /// Its statements, for a dialect.
    public var sql: @Sendable (SQLDialect) -> String

    public init(id: String, sql: @escaping @Sendable (SQLDialect) -> String) {
        self.id = id
        self.sql = sql
    }
}

/// The server's own tables (accounts, jobs, collaboration), beside the store's, in the same
/// database. Each feature lists its steps here; a step, once shipped, is never edited.
enum ServerSchema {
    static let all: [ServerMigration] =
        Accounts.migrations + ServerSecrets.migrations + EventBus.migrations + JobsTable.migrations
        + SchedulesTable.migrations + CommentRoutes.migrations + Webhooks.migrations + DatasetTables.migrations

    /// Applies the steps not yet applied, each in its own transaction.
    static func migrate(_ db: any SQLDatabase) throws(SynthError) {
        try db.script("CREATE TABLE IF NOT EXISTS server_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
        let applied = Set(try db.rows("SELECT id FROM server_migrations").map { $0.text(0) })
        for migration in all where !applied.contains(migration.id) {
            try db.transaction { () throws(SynthError) in
                try db.script(migration.sql(db.dialect))
                try db.execute(
                    "INSERT INTO server_migrations (id, applied_at) VALUES (?, ?)",
                    [.text(migration.id), .integer(ServerClock.nowMillis())])
            }
        }
    }
}

/// Wall-clock time in milliseconds since 1970, the server's timestamps.
public enum ServerClock {
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
