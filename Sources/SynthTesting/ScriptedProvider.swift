import Synchronization
import SynthLLM

/// A provider for unit tests of retry, rate, repair and recipe logic: it answers from a script,
/// remembers what it was asked, and counts the requests it has in flight. (Wire and integration tests
/// use a real server: `LoopbackLLM` or `LocalLLM`.)
public final class ScriptedProvider: LLMProvider, Sendable {
    /// What one call does.
    public enum Step: Sendable {
        case answer(String, TokenUsage)
        case fail(ProviderFailure)
    }

    public let name: String
    private let script: @Sendable (_ call: Int, _ request: CompletionRequest) -> Step
    private let hold: @Sendable () async -> Void
    private let state = Mutex((calls: 0, inFlight: 0, peak: 0, requests: [CompletionRequest]()))

    /// - Parameters:
    ///   - script: what call number `call` (from 1) does.
    ///   - hold: awaited inside every call before it answers.
    public init(
        name: String = "scripted", hold: @escaping @Sendable () async -> Void = {},
        script: @escaping @Sendable (_ call: Int, _ request: CompletionRequest) -> Step
    ) {
        self.name = name
        self.hold = hold
        self.script = script
    }

    /// Answers every request with its own prompt text and `usage`.
    public convenience init(
        name: String = "scripted", usage: TokenUsage = TokenUsage(input: 10, output: 20), hold: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(name: name, hold: hold) { _, request in .answer("answer to \(request.prompt)", usage) }
    }

    /// Answers with `answers` in order (usage 10 in, 5 out), then fails with a 500 once they run out.
    public convenience init(name: String = "scripted", answers: [String]) {
        self.init(name: name) { call, _ in
            call <= answers.count
                ? .answer(answers[call - 1], TokenUsage(input: 10, output: 5))
                : .fail(ProviderFailure(.server, status: 500, "the script ran out"))
        }
    }

    /// Calls so far.
    public var calls: Int { state.withLock { $0.calls } }
    /// Calls answering now.
    public var inFlight: Int { state.withLock { $0.inFlight } }
    /// The most calls that were answering at once.
    public var peakInFlight: Int { state.withLock { $0.peak } }
    /// Every request received, in order of arrival.
    public var requests: [CompletionRequest] { state.withLock { $0.requests } }

    public func complete(_ request: CompletionRequest) async throws -> Completion {
        let call = state.withLock { state in
            state.requests.append(request)
            state.calls += 1
            state.inFlight += 1
            state.peak = max(state.peak, state.inFlight)
            return state.calls
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        await hold()
        switch script(call, request) {
        case .answer(let text, let usage): return Completion(text: text, usage: usage, finishReason: "stop", model: request.model)
        case .fail(let failure): throw failure
        }
    }
}
