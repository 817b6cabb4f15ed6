import Synchronization
import SynthLLM

/// A provider that answers from a script, counting the requests it has in flight.
final class ScriptedProvider: LLMProvider, Sendable {
    /// What one call does.
    enum Step: Sendable {
        case answer(String, TokenUsage)
        case fail(ProviderFailure)
    }

    let name: String
    private let script: @Sendable (_ call: Int, _ request: CompletionRequest) -> Step
    private let hold: @Sendable () async -> Void
    private let state = Mutex((calls: 0, inFlight: 0, peak: 0))

    /// - Parameters:
    ///   - script: what call number `call` (from 1) does.
    ///   - hold: awaited inside every call before it answers.
    init(
        name: String = "scripted", hold: @escaping @Sendable () async -> Void = {},
        script: @escaping @Sendable (_ call: Int, _ request: CompletionRequest) -> Step
    ) {
        self.name = name
        self.hold = hold
        self.script = script
    }

    /// Answers every request with its own prompt text and `usage`.
    convenience init(
        name: String = "scripted", usage: TokenUsage = TokenUsage(input: 10, output: 20), hold: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(name: name, hold: hold) { _, request in .answer("answer to \(request.prompt)", usage) }
    }

    var calls: Int { state.withLock { $0.calls } }
    var inFlight: Int { state.withLock { $0.inFlight } }
    var peakInFlight: Int { state.withLock { $0.peak } }

    func complete(_ request: CompletionRequest) async throws -> Completion {
        let call = state.withLock { state in
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

/// A gate tasks wait at until the test opens it.
actor Gate {
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if open { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        open = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

/// A request with a prompt made from `n`.
func request(_ n: Int, maxTokens: Int = 20) -> CompletionRequest {
    CompletionRequest(model: "m", prompt: .text("prompt \(n)"), parameters: SamplingParameters(maxTokens: maxTokens))
}
