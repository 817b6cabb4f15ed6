import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import SynthCore

/// A fake model server on 127.0.0.1 for tests and benchmarks.
///
/// It speaks OpenAI's `/v1/chat/completions`, `/v1/completions` and `/v1/embeddings` (with streaming) and
/// Anthropic's `/v1/messages`. By default it answers at once: with a JSON value matching the request's
/// `response_format` schema when one is given (strings say the property's name and the request's number,
/// so answers differ), otherwise with a fixed text. A script of `Step`s, consumed one per request,
/// makes it fail on cue. It counts requests, the most in flight at once, and keeps the requests it saw.
public final class LoopbackLLM: Sendable {
    /// What the server does with one request.
    public enum Step: Sendable, Hashable {
        /// Answers 200 with this text as the model's output.
        case ok(String)
        /// Answers 429, with `Retry-After` in seconds when given.
        case rateLimited(retryAfter: Int?)
        /// Answers this status with an API-style error body carrying `message`.
        case error(Int, message: String)
        /// Answers exactly this status, headers and body.
        case raw(status: Int, headers: [String: String], body: String)
        /// Waits this many milliseconds, then gives the default answer.
        case slow(ms: Int)
        /// Answers 200 with a body that is not JSON.
        case garbage
        /// Closes the connection without answering.
        case disconnect

        /// Answers this status with a generic error message (`serverError(500)`, `serverError(503)`).
        public static func serverError(_ status: Int) -> Step { .error(status, message: "scripted failure \(status)") }

        /// Answers 200 whose model output is `text`, such as a truncated JSON object; the same as `ok`.
        public static func brokenJSON(_ text: String) -> Step { .ok(text) }
    }

    /// A request the server received.
    public struct Received: Sendable, Hashable {
        /// `POST`, `GET`, …
        public var method: String
        /// The path, such as `/v1/chat/completions`.
        public var path: String
        /// Header values by lowercased name.
        public var headers: [String: String]
        /// The body bytes.
        public var body: [UInt8]
        /// When the whole request had arrived.
        public var arrival: ContinuousClock.Instant

        /// The body parsed as JSON, if it is.
        public var json: Value? { try? JSONParser.parse(body) }
    }

    /// The fixed text answered when a request has no schema.
    public static let defaultText = "Hello from LoopbackLLM."

    /// The port the server listens on.
    public let port: Int
    private let channel: any Channel
    private let shared: Shared

    /// `http://127.0.0.1:PORT`, the base URL to give providers.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server on 127.0.0.1 at a free port.
    ///
    /// The port is bound without `SO_REUSEADDR`, so it is never one that a stopped server's connections still
    /// use: a client's pooled keep-alive connection to an earlier server can then never reach this one's port.
    /// - Parameters:
    ///   - script: steps for the first requests, in order; later requests get the default answer.
    ///   - text: the answer to requests without a schema.
    ///   - recording: whether to keep every request (turn off for long benchmarks).
    public static func start(script: [Step] = [], text: String = defaultText, recording: Bool = true) async throws -> LoopbackLLM {
        let shared = Shared(script: script, text: text, recording: recording)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                shared.opened(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return LoopbackLLM(port: port, channel: channel, shared: shared)
    }

    /// Runs `body` with a started server and stops it afterwards, whether `body` returns or throws.
    @discardableResult
    public static func withServer<T: Sendable>(
        script: [Step] = [], text: String = defaultText, recording: Bool = true, _ body: (LoopbackLLM) async throws -> T
    ) async throws -> T {
        let server = try await start(script: script, text: text, recording: recording)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(port: Int, channel: any Channel, shared: Shared) {
        self.port = port
        self.channel = channel
        self.shared = shared
    }

    /// Adds steps to the end of the script.
    public func enqueue(_ steps: [Step]) { shared.state.withLock { $0.script.append(contentsOf: steps) } }

    /// The requests received so far, in arrival order (empty when not recording).
    public var requests: [Received] { shared.state.withLock { $0.requests } }

    /// How many requests have arrived.
    public var requestCount: Int { shared.state.withLock { $0.count } }

    /// The most requests that were in flight at once.
    public var maxInFlight: Int { shared.state.withLock { $0.maxInFlight } }

    /// The most connections that were open at once (an answer at zero latency leaves the event loop before the
    /// next request arrives, so `maxInFlight` stays low while the client keeps many connections busy).
    public var maxConnections: Int { shared.state.withLock { $0.maxConnections } }

    /// Script steps not yet used.
    public var remainingScript: Int { shared.state.withLock { $0.script.count - $0.scriptStart } }

    /// Stops listening and closes every open connection.
    public func stop() async {
        try? await channel.close()
        for child in shared.state.withLock({ Array($0.connections.values) }) { try? await child.close() }
    }
}

/// The state all connections share, behind a lock.
final class Shared: Sendable {
    struct State {
        var script: [LoopbackLLM.Step]
        var scriptStart = 0
        var requests: [LoopbackLLM.Received] = []
        var count = 0
        var inFlight = 0
        var maxInFlight = 0
        var connections: [ObjectIdentifier: any Channel] = [:]
        var maxConnections = 0
    }

    let state: Mutex<State>
    let text: String
    let recording: Bool

    init(script: [LoopbackLLM.Step], text: String, recording: Bool) {
        state = Mutex(State(script: script))
        self.text = text
        self.recording = recording
    }

    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { state in
            state.connections[id] = channel
            state.maxConnections = max(state.maxConnections, state.connections.count)
        }
        channel.closeFuture.whenComplete { [self] _ in _ = state.withLock { $0.connections.removeValue(forKey: id) } }
    }

    /// Counts a request in, records it, and returns its 1-based number and its script step (nil for the default answer).
    func begin(_ request: LoopbackLLM.Received) -> (number: Int, step: LoopbackLLM.Step?) {
        state.withLock { state in
            state.count += 1
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            if recording { state.requests.append(request) }
            var step: LoopbackLLM.Step?
            if state.scriptStart < state.script.count {
                step = state.script[state.scriptStart]
                state.scriptStart += 1
                if state.scriptStart == state.script.count {
                    state.script.removeAll(keepingCapacity: true)
                    state.scriptStart = 0
                }
            }
            return (state.count, step)
        }
    }

    func end() { state.withLock { $0.inFlight -= 1 } }
}
