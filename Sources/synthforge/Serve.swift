import ArgumentParser
import Foundation
import SynthServer

/// `synthforge serve`: the REST API, the job runner and the web UI for a team.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the SynthForge server: REST API (/api/v1), web UI, background jobs.",
        discussion: """
            Serves the REST API under /api/v1 (its OpenAPI document at /openapi.json), the web UI at /, \
            and /health, /ready and Prometheus /metrics. Stops gracefully on Ctrl-C or SIGTERM.

            On first start with an empty store it creates the organization 'default' and an owner \
            (--admin-email), and prints that owner's API key once. Set SYNTHFORGE_ADMIN_PASSWORD \
            before the first start to also sign in to the web UI with a password.

            Examples:
              synthforge serve
              synthforge serve --port 9000 --db postgres://user@127.0.0.1/synthforge
              curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8080/api/v1/me
            """)

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed at start).") var port = 8080
    @OptionGroup var store: StoreOptions
    @Option(help: "Jobs run at once; the others wait in the queue.") var jobs = 2
    @Option(help: "Requests per minute allowed for each API key or session before 429.") var rateLimit = 600
    @Option(help: "Where jobs keep their durable run folders.") var runs = ".synthforge/server-runs"
    @Option(help: "The first owner's email, used on first start only.") var adminEmail = "admin@localhost"
    @Option(help: "An origin allowed to call the API from a browser (repeatable; CORS is off by default).") var corsOrigin: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 (any free port) to 65535") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be from 1 to 64") }
        guard rateLimit >= 1 else { throw ValidationError("--rate-limit must be at least 1") }
    }

    func run() async throws {
        var configuration = ServerConfiguration(runsFolder: URL(fileURLWithPath: runs).standardizedFileURL.path)
        configuration.host = host
        configuration.port = port
        configuration.database = store.db
        configuration.jobConcurrency = jobs
        configuration.requestsPerMinute = rateLimit
        configuration.adminEmail = adminEmail
        configuration.corsOrigins = corsOrigin
        configuration.adminPassword = ProcessInfo.processInfo.environment["SYNTHFORGE_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            try await ServerApp.run(configuration: configuration)
        } catch {
            fail(error)
        }
    }
}
