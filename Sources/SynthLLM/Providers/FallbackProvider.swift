/// A chain of providers that moves to the next one when the current one keeps failing.
///
/// Requests go to the current provider. After `failuresBeforeMoving` consecutive retryable failures
/// (429, 5xx, timeouts, malformed answers) the chain moves to the next provider for good, and the
/// request that tipped it over is sent there at once. A refused key or an unknown model or endpoint
/// (401, 403, 404) moves on at the first failure, since retrying cannot fix the provider's setup.
/// Other 4xx answers are the request's fault and are thrown without moving. Below the threshold, a
/// retryable failure is thrown so that the caller (the request scheduler) backs off and retries.
/// The chain never moves back; on its last provider, failures are thrown.
///
/// Which provider answered: `answer(_:)` returns its name with the completion, and the completion's
/// `model` is the model that provider used; `complete(_:)` returns the completion alone.
public actor FallbackProvider: LLMProvider {
    /// A completion and the name of the provider that gave it.
    public struct Answer: Sendable {
        /// The provider that answered.
        public var provider: String
        /// Its completion.
        public var completion: Completion
    }

    /// The chain's name, its providers' names joined, such as `openai>local`.
    public nonisolated let name: String
    /// The providers, in the order they are tried.
    public nonisolated let providers: [any LLMProvider]
    /// Consecutive retryable failures of the current provider that move the chain on.
    public nonisolated let failuresBeforeMoving: Int
    private var index = 0
    private var failures = 0

    /// Makes a chain of at least one provider.
    public init(_ providers: [any LLMProvider], failuresBeforeMoving: Int = 3) {
        precondition(!providers.isEmpty, "a fallback chain needs a provider")
        self.providers = providers
        self.failuresBeforeMoving = max(1, failuresBeforeMoving)
        name = providers.map(\.name).joined(separator: ">")
    }

    /// The name of the provider requests go to now.
    public var current: String { providers[index].name }

    public func complete(_ request: CompletionRequest) async throws -> Completion {
        try await answer(request).completion
    }

    /// Sends `request` along the chain and returns the completion with the name of the provider that gave it.
    public func answer(_ request: CompletionRequest) async throws -> Answer {
        while true {
            let tried = index
            let provider = providers[tried]
            do {
                let completion = try await provider.complete(request)
                if tried == index { failures = 0 }
                return Answer(provider: provider.name, completion: completion)
            } catch let failure as ProviderFailure {
                // Another request moved the chain on while this one was in flight: send it to the new provider.
                if tried != index { continue }
                let setupBroken = failure.kind == .unauthorized || failure.status == 404
                if failure.isRetryable { failures += 1 }
                let moveOn = setupBroken || (failure.isRetryable && failures >= failuresBeforeMoving)
                guard moveOn, index + 1 < providers.count else { throw failure }
                index += 1
                failures = 0
            }
        }
    }
}
