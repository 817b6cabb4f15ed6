import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SynthCore
import SynthLLM

/// An API key that never shows itself: printing, dumping or reflecting it gives `[redacted]`.
struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    var description: String { "[redacted]" }
    var debugDescription: String { "[redacted]" }
    var customMirror: Mirror { Mirror(self, children: []) }
}

/// Posts JSON bodies to one API over the shared client, turning every failure into a `ProviderFailure`.
struct Transport: Sendable {
    /// The provider's name, which starts every failure message.
    let name: String
    /// The server's address without a trailing `/v1`.
    let root: String
    /// The headers every request carries, except the key.
    let headers: HTTPHeaders
    /// The header that carries the key and what goes before it (`Authorization`, `Bearer `).
    let keyHeader: (name: String, prefix: String)
    /// The key, added to each request as it is sent (so no stored header shows it) and cut out of anything a server echoes.
    let key: Secret?
    /// The environment variable the key came from, to name in "unauthorized" failures.
    let keyEnv: String?
    let timeout: Duration
    let client: HTTPClient

    /// The most bytes read from one answer.
    static let maxBody = 64 << 20

    /// Posts `body` to `path` and returns the answer's body, or throws a `ProviderFailure`.
    func post(_ path: String, _ body: Value) async throws -> [UInt8] {
        let response = try await send(path, body)
        do {
            var buffer = try await response.body.collect(upTo: Self.maxBody)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw transportFailure(error)
        }
    }

    /// Posts `body` to `path` and hands each server-sent event's data to `onEvent` as it arrives.
    ///
    /// An answer without a single event (a server that ignored `stream`) is malformed.
    func postStreaming(_ path: String, _ body: Value, onEvent: (String) throws -> Void) async throws {
        let response = try await send(path, body)
        var events = ServerSentEvents()
        var count = 0
        var start: [UInt8] = []
        do {
            for try await buffer in response.body {
                if start.count < 200 { start += buffer.readableBytesView.prefix(200 - start.count) }
                for event in events.feed(buffer.readableBytesView) {
                    count += 1
                    try onEvent(event)
                }
            }
        } catch let failure as ProviderFailure {
            throw failure
        } catch {
            throw transportFailure(error)
        }
        for event in events.finish() {
            count += 1
            try onEvent(event)
        }
        if count == 0 { throw malformed(start, "no server-sent events in a streamed answer") }
    }

    /// Sends the request; an error status becomes the failure it stands for.
    private func send(_ path: String, _ body: Value) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: root + path)
        request.method = .POST
        request.headers = headers
        if let key { request.headers.add(name: keyHeader.name, value: keyHeader.prefix + key.value) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        JSONWriter.append(body, to: &bytes)
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response: HTTPClientResponse
        do {
            response = try await answer(request)
        } catch {
            throw transportFailure(error)
        }
        guard response.status.code >= 400 else { return response }
        var buffer = (try? await response.body.collect(upTo: Self.maxBody)) ?? ByteBuffer()
        let failure = ProviderFailure(
            status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"),
            body: buffer.readBytes(length: buffer.readableBytes) ?? [], now: Date().timeIntervalSince1970)
        throw self.failure(failure)
    }

    /// `failure` with the provider's name in front, a hint about the key for refusals, and the key cut out.
    func failure(_ failure: ProviderFailure) -> ProviderFailure {
        var failure = failure
        var message = "\(name): \(failure.message)"
        if failure.kind == .unauthorized {
            message +=
                keyEnv.map { key == nil ? " (no key was sent: \($0) is not set)" : " (check the key in \($0))" }
                ?? " (no key was sent: set api_key_env)"
        }
        failure.message = redact(message)
        return failure
    }

    /// The response head to `request`, within `timeout`: the client's own deadline, and a timer of ours racing
    /// it, so a request that waits in the client's pool (where the deadline is not always enforced) times out too.
    private func answer(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let client = self.client
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: HTTPClientResponse.self) { group in
            group.addTask { try await client.execute(request, deadline: .now() + TimeAmount(timeout)) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPClientError.deadlineExceeded
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw HTTPClientError.deadlineExceeded }
            return first
        }
    }

    /// A `ProviderFailure` for an error that left no HTTP answer: a timeout, a refused or broken connection.
    func transportFailure(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let failure = error as? ProviderFailure { return failure }
        if let http = error as? HTTPClientError, http == .deadlineExceeded || http == .readTimeout || http == .connectTimeout {
            return self.failure(ProviderFailure(.transport, "no answer from \(root) within \(timeout.formatted)"))
        }
        return self.failure(ProviderFailure(.transport, "cannot reach \(root): \(String(describing: error))"))
    }

    /// A failure for an answer that is not the API's JSON.
    func malformed(_ body: [UInt8], _ what: String) -> ProviderFailure {
        failure(ProviderFailure(.malformed, "the answer is not the API's JSON (\(what)): \(ProviderFailure.excerpt(body))"))
    }

    /// `text` with every occurrence of the key replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        guard let key, !key.value.isEmpty else { return text }
        return text.replacing(key.value, with: "[redacted]")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// `120 s`, `0.5 s`.
    fileprivate var formatted: String {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(Double(ms) / 1000) s"
    }
}
