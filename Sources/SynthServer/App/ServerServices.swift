import Crypto
import Foundation
import SynthCore
import SynthStore

/// What every handler can reach: the store, the configuration, the session signing key, the
/// rate limiter, metrics and the event bus. One instance per running server.
public final class ServerServices: Sendable {
    public let configuration: ServerConfiguration
    public let stores: StorePool
    /// Signs and checks session tokens; random per store, kept in the store so sessions survive a restart.
    public var sessionKey: SymmetricKey { SymmetricKey(data: sessionKeyBytes) }
    private let sessionKeyBytes: Data
    public let limiter: RateLimiter
    public let metrics: ServerMetrics
    public let events: EventBus
    /// Delivers the events to the organizations' webhooks; `ServerApp.run` runs it.
    public let webhooks: WebhookDispatcher
    /// Runs the queued jobs; a background service of the app.
    public let jobs: JobRunner

    public init(configuration: ServerConfiguration) async throws {
        self.configuration = configuration
        let location = configuration.database ?? ProcessInfo.processInfo.environment["SYNTHFORGE_DB"].flatMap { $0.isEmpty ? nil : $0 }
        stores = try StorePool(location: location ?? Store.defaultPath, size: configuration.connections)
        sessionKeyBytes = try await stores.with { store in
            try ServerSecrets.sessionKey(in: store.database).withUnsafeBytes { Data($0) }
        }
        limiter = RateLimiter(perMinute: configuration.requestsPerMinute, clock: configuration.rateClock)
        metrics = ServerMetrics()
        events = EventBus()
        webhooks = WebhookDispatcher(stores: stores, events: events)
        jobs = JobRunner(configuration: configuration, stores: stores, events: events, metrics: metrics)
    }
}
