import Foundation
import SynthCore
import SynthStore

/// A fresh PostgreSQL database for a server test, on the server `scripts/test.sh` starts
/// (`SYNTHFORGE_TEST_POSTGRES`); dropped by `drop()`.
struct TestPostgres {
    /// The URL of the new database.
    let url: String
    private let name: String
    private let serverURL: String

    /// Whether the PostgreSQL tests run: when a server is given, or must be (`SYNTHFORGE_REQUIRE_POSTGRES=1`).
    static var enabled: Bool {
        serverURL != nil || ProcessInfo.processInfo.environment["SYNTHFORGE_REQUIRE_POSTGRES"] == "1"
    }

    static var serverURL: String? { ProcessInfo.processInfo.environment["SYNTHFORGE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Creates an empty database.
    init() throws {
        guard let serverURL = Self.serverURL, var parts = URLComponents(string: serverURL) else {
            throw SynthError(
                .store, "PostgreSQL was expected, but SYNTHFORGE_TEST_POSTGRES is not set (scripts/test.sh starts a server and sets it)")
        }
        name = "synthforge_server_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let server = try PostgresDatabase(url: serverURL)
        defer { server.close() }
        try server.script("CREATE DATABASE \(name)")
        parts.path = "/" + name
        self.serverURL = serverURL
        url = parts.string ?? serverURL
    }

    /// Drops the database, ending connections left open.
    func drop() {
        guard let server = try? PostgresDatabase(url: serverURL) else { return }
        defer { server.close() }
        try? server.script("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
