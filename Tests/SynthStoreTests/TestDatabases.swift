import Foundation
import SynthCore
import SynthStore

/// The databases the store's tests run on: a private SQLite database always, and a fresh database
/// on a PostgreSQL server when one is given (`scripts/test.sh` starts one and gives it).
enum TestDatabases {
    /// The URL of a PostgreSQL server the tests may create and drop databases on
    /// (`SYNTHFORGE_TEST_POSTGRES`, such as `postgres://postgres@127.0.0.1:55432/postgres`).
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SYNTHFORGE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the PostgreSQL tests run: when a server is given, or when one must be
    /// (`SYNTHFORGE_REQUIRE_POSTGRES=1`), so that its absence fails them instead of skipping them.
    static var testsPostgres: Bool {
        postgresURL != nil || ProcessInfo.processInfo.environment["SYNTHFORGE_REQUIRE_POSTGRES"] == "1"
    }

    /// Runs `body` on a new, empty PostgreSQL database, dropped afterwards whatever happens.
    static func withPostgres<T>(_ body: (PostgresDatabase) throws -> T) throws -> T {
        guard let url = postgresURL else {
            throw SynthError(
                .store, "PostgreSQL was expected, but SYNTHFORGE_TEST_POSTGRES is not set (scripts/test.sh starts a server and sets it)")
        }
        let server = try PostgresDatabase(url: url)
        defer { server.close() }
        let name = "synthforge_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try server.script("CREATE DATABASE \(name)")
        // FORCE ends connections a failed test left open, which would otherwise keep the database.
        defer { try? server.script("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let db = try PostgresDatabase(url: postgresURL(database: name))
        defer { db.close() }
        return try body(db)
    }

    /// Runs `body` on a new in-memory SQLite database, then on a new PostgreSQL database when the
    /// PostgreSQL tests run, so one test covers both backends.
    static func withEach(_ body: (any SQLDatabase) throws -> Void) throws {
        let sqlite = try SQLiteDatabase(path: ":memory:")
        defer { sqlite.close() }
        try body(sqlite)
        if testsPostgres { try withPostgres(body) }
    }

    /// The test server's URL with its database changed to `database`, for a second connection.
    static func postgresURL(database: String) throws -> String {
        guard let url = postgresURL, var parts = URLComponents(string: url) else {
            throw SynthError(.invalidArgument, "SYNTHFORGE_TEST_POSTGRES is not a URL")
        }
        parts.path = "/" + database
        guard let changed = parts.string else { throw SynthError(.invalidArgument, "SYNTHFORGE_TEST_POSTGRES is not a URL") }
        return changed
    }
}
