import Foundation

/// How `synthforge serve` runs: where it listens, which store it uses, and its limits.
public struct ServerConfiguration: Sendable {
    /// The largest request body accepted, in bytes (10 MiB).
    public static let maxBodyBytes = 10 * 1024 * 1024

    public var host = "127.0.0.1"
    public var port = 8080
    /// The store: an SQLite path or a `postgres://` URL (nil: `SYNTHFORGE_DB` or the default file).
    public var database: String?
    /// Store connections kept open for requests.
    public var connections = 4
    /// Jobs run at once; the rest wait in the queue.
    public var jobConcurrency = 2
    /// Where jobs keep their run folders (durable partial output, response caches).
    public var runsFolder: String
    /// Requests per minute allowed for each API key or session, before 429.
    public var requestsPerMinute = 600
    /// The clock the rate limiter reads, in seconds since 1970.
    public var rateClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    /// How long a session token lasts, in seconds.
    public var sessionSeconds: Int64 = 15 * 60
    /// How long a refresh token lasts, in seconds.
    public var refreshSeconds: Int64 = 7 * 24 * 3600
    /// Origins allowed to call the API from a browser; empty (the default) sends no CORS headers.
    public var corsOrigins: [String] = []
    /// The password for the first admin (`SYNTHFORGE_ADMIN_PASSWORD`); nil prints a one-time API key only.
    public var adminPassword: String?
    /// The first admin's email.
    public var adminEmail = "admin@localhost"

    public init(runsFolder: String = FileManager.default.currentDirectoryPath + "/.synthforge/server-runs") {
        self.runsFolder = runsFolder
    }
}
