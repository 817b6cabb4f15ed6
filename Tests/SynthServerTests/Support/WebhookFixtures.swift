import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import SynthCore
import SynthServer
import SynthStore
import Testing

/// A webhook receiver listening on 127.0.0.1: it checks each request's signature with its own
/// HMAC of the documented material, answers 500 to the first `failFirst` requests and 200
/// after, and records what it got.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var headers: HTTPFields
        var body: String
        /// True when the signature header matched the receiver's own HMAC.
        var signatureValid: Bool
        var answered: Int
    }

    let secret: String
    let failFirst: Int
    private let received = Mutex<[Received]>([])
    private let port = Mutex<Int?>(nil)

    init(secret: String, failFirst: Int) {
        self.secret = secret
        self.failFirst = failFirst
    }

    var requests: [Received] { received.withLock { $0 } }

    /// The URL to give the webhook.
    var url: String { "http://127.0.0.1:\(port.withLock { $0 } ?? 0)/hook" }

    /// The receiver's check: HMAC-SHA256 keyed with the secret, of "<timestamp>.<raw body>", as hex after "sha256=".
    static func expectedSignature(secret: String, timestamp: String, body: [UInt8]) -> String {
        let mac = HMAC<Crypto.SHA256>.authenticationCode(
            for: Array((timestamp + ".").utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Runs the receiver while `body` runs.
    func serving<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let timestamp = request.headers[HTTPField.Name("X-SynthForge-Timestamp")!] ?? ""
            let signature = request.headers[HTTPField.Name("X-SynthForge-Signature")!] ?? ""
            let valid = signature == Self.expectedSignature(secret: self.secret, timestamp: timestamp, body: bytes)
            let status = self.received.withLock { list -> Int in
                let status = !valid ? 401 : list.count < self.failFirst ? 500 : 200
                list.append(
                    Received(
                        headers: request.headers, body: String(decoding: bytes, as: UTF8.self), signatureValid: valid, answered: status))
                return status
            }
            return Response(
                status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: status == 200 ? "ok" : "try later")))
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let (started, ready) = AsyncStream<Void>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                self.port.withLock { $0 = channel.localAddress?.port }
                ready.yield()
            }, logger: logger)
        let server = Task { try await app.run() }
        defer { server.cancel() }
        for await _ in started { break }
        return try await body()
    }
}

extension TestServer {
    /// Creates the dataset `name` of `org` in the store, holding `records` (ids r1, r2, …) when given.
    func dataset(_ name: String, org: String = "default", domain: String = "", records: Int = 0) async throws {
        try await services.stores.with { store in
            try store.createDataset(DatasetInfo(name: org + "/" + name, domain: domain))
            guard records > 0 else { return }
            _ = try store.commit(org + "/" + name, mode: .replace, message: "test records") {
                (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in
                try add((1...records).map { StoredRecord(id: "r\($0)", json: #"{"id":"r\#($0)","text":"record \#($0)"}"#) })
            }
        }
    }

    /// Asks `probe` every 200 ms for up to `seconds` until it gives a value, and returns it (nil
    /// when it never did). The default wait is long: a full test run on a busy 2-core machine can
    /// starve the dispatcher under test for minutes, and a passing test never waits it out. The
    /// pace keeps a probe that calls the API under the server's 600 requests a minute.
    func eventually<T: Sendable>(seconds: Double = 900, _ probe: @Sendable () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }
}
