import SynthCore

/// A model behind an API: OpenAI-compatible servers, Anthropic, or a scripted fake in tests.
public protocol LLMProvider: Sendable {
    /// The provider's name in provenance, summaries and errors (`openai`, `local`, …).
    var name: String { get }
    /// Sends one request and returns the answer, or throws a `ProviderFailure`.
    func complete(_ request: CompletionRequest) async throws -> Completion
}

/// Why a request to a provider failed, sorted by what the caller should do about it.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// 429: too many requests; slow down and retry.
        case rateLimited
        /// 503 or 529: the server is overloaded; slow down and retry.
        case overloaded
        /// Another 5xx; retry.
        case server
        /// The request timed out or the connection broke; retry.
        case transport
        /// 401 or 403: the key is missing or wrong; retrying cannot help.
        case unauthorized
        /// Another 4xx: the request itself is wrong; retrying cannot help.
        case badRequest
        /// The answer was not the API's JSON; retry.
        case malformed
    }

    /// The kind.
    public var kind: Kind
    /// The HTTP status, when there was one.
    public var status: Int?
    /// How long the server asked us to wait (`Retry-After`), when it said.
    public var retryAfter: Duration?
    /// What went wrong, for people; never holds a key.
    public var message: String

    /// Makes a failure.
    public init(_ kind: Kind, status: Int? = nil, retryAfter: Duration? = nil, _ message: String) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// True when sending the same request again may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .overloaded, .server, .transport, .malformed: return true
        case .unauthorized, .badRequest: return false
        }
    }

    /// True when the failure says the server is saturated, so fewer requests should be in flight.
    public var isBackpressure: Bool { kind == .rateLimited || kind == .overloaded }

    public var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
}
