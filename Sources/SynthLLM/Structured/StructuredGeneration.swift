import SynthCore

/// Asks a model for a value of a schema: sends, parses and repairs, and on failure asks again with what was wrong.
///
/// Provider errors propagate unchanged: transport retries belong to the scheduler that wraps the provider.
/// An answer that still fails after `maxAttempts` is not an error; the result says why, so a run can count it
/// and go on.
public struct StructuredGeneration: Sendable {
    /// What one structured request gave.
    public struct Result: Sendable, Hashable {
        /// The parsed value, shaped as the schema declares; nil when every attempt failed.
        public var value: Value?
        /// How many requests were sent.
        public var attempts: Int
        /// Every answer received, in order, for token and cost accounting.
        public var completions: [Completion]
        /// The repairs that made the accepted answer usable (empty when none was accepted).
        public var repairs: [StructuredRepair]
        /// The failures of each rejected answer, in order.
        public var failures: [[StructuredFailure]]

        /// Makes a result.
        public init(value: Value?, attempts: Int, completions: [Completion], repairs: [StructuredRepair], failures: [[StructuredFailure]]) {
            self.value = value
            self.attempts = attempts
            self.completions = completions
            self.repairs = repairs
            self.failures = failures
        }

        /// The tokens of all attempts together.
        public var usage: TokenUsage { completions.reduce(TokenUsage()) { $0 + $1.usage } }
    }

    /// The model to ask.
    public var provider: any LLMProvider
    /// The most requests sent for one value, the first included.
    public var maxAttempts: Int

    /// Makes a generation; `maxAttempts` below 1 counts as 1.
    public init(provider: any LLMProvider, maxAttempts: Int = 3) {
        self.provider = provider
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Sends `request` (which must carry a schema) until an answer parses or the attempts run out.
    public func generate(_ request: CompletionRequest) async throws -> Result {
        guard let schema = request.schema else {
            throw SynthError(.invalidArgument, "structured generation needs a request with an output schema")
        }
        var result = Result(value: nil, attempts: 0, completions: [], repairs: [], failures: [])
        var next = request
        while result.attempts < maxAttempts {
            let completion = try await provider.complete(next)
            result.attempts += 1
            result.completions.append(completion)
            let parse = StructuredOutput.parse(completion.text, as: schema)
            if let value = parse.value {
                result.value = value
                result.repairs = parse.repairs
                return result
            }
            result.failures.append(parse.failures)
            next = Self.correction(of: request, answer: completion.text, failures: parse.failures)
        }
        return result
    }

    /// The request again, with the rejected answer and what was wrong with it, asking for only corrected JSON.
    ///
    /// Built from the original each time, so a prompt grows by one correction, not one per attempt.
    public static func correction(of request: CompletionRequest, answer: String, failures: [StructuredFailure]) -> CompletionRequest {
        let problems = failures.map(\.description).joined(separator: "; ")
        var corrected = request
        switch request.prompt {
        case .chat(let messages):
            let note = "That answer could not be used: \(problems). Reply with only the corrected JSON, with no other text."
            corrected.prompt = .chat(
                messages + [ChatMessage(role: "assistant", content: answer), ChatMessage(role: "user", content: note)])
        case .text(let text):
            corrected.prompt = .text("\(text)\n(An earlier answer was rejected: \(problems). Write only valid JSON.)\n")
        }
        return corrected
    }
}
