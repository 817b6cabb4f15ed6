import SynthLLM

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
