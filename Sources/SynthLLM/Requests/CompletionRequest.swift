import SynthCore

/// One message of a chat: who says it and what.
public struct ChatMessage: Sendable, Hashable {
    /// `system`, `user` or `assistant`.
    public var role: String
    /// The text.
    public var content: String

    /// Makes a message.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// How the model samples: every field is optional and left to the provider's default when nil.
public struct SamplingParameters: Sendable, Hashable {
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// Top-k sampling (not every provider takes it).
    public var topK: Int?
    /// The most tokens to generate.
    public var maxTokens: Int?
    /// Sequences that end the generation.
    public var stop: [String]
    /// The provider-side sampling seed, where supported.
    public var seed: UInt64?

    /// Makes parameters.
    public init(
        temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, maxTokens: Int? = nil, stop: [String] = [],
        seed: UInt64? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
    }
}

/// What to send to a model: a chat, or a plain prompt for base models driven few-shot.
public enum Prompt: Sendable, Hashable {
    /// Chat messages, for a chat endpoint.
    case chat([ChatMessage])
    /// Plain text to continue, for a completions endpoint.
    case text(String)
}

/// One request to a model.
public struct CompletionRequest: Sendable, Hashable {
    /// The model name, as the provider knows it.
    public var model: String
    /// The prompt.
    public var prompt: Prompt
    /// How to sample.
    public var parameters: SamplingParameters
    /// The shape the answer must have; providers that support it constrain decoding to it.
    public var schema: OutputSchema?

    /// Makes a request.
    public init(model: String, prompt: Prompt, parameters: SamplingParameters = SamplingParameters(), schema: OutputSchema? = nil) {
        self.model = model
        self.prompt = prompt
        self.parameters = parameters
        self.schema = schema
    }
}

/// Tokens a request used, as the provider counted them.
public struct TokenUsage: Sendable, Hashable {
    /// Prompt tokens.
    public var input: Int
    /// Generated tokens.
    public var output: Int

    /// Makes a usage.
    public init(input: Int = 0, output: Int = 0) {
        self.input = input
        self.output = output
    }

    /// Input and output together.
    public var total: Int { input + output }

    /// The sum of two usages.
    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage { TokenUsage(input: a.input + b.input, output: a.output + b.output) }
}

/// A model's answer.
public struct Completion: Sendable, Hashable {
    /// The generated text.
    public var text: String
    /// Tokens used.
    public var usage: TokenUsage
    /// Why generation ended, as the provider says it (`stop`, `length`, …), if it says.
    public var finishReason: String?
    /// The model that answered, as the provider names it.
    public var model: String
    /// How long the request that got this answer took, when known: the scheduler sets it, and a
    /// cached answer keeps the time it first took, so a replay reports what the original run measured.
    public var latency: Duration?

    /// Makes a completion.
    public init(text: String, usage: TokenUsage, finishReason: String? = nil, model: String, latency: Duration? = nil) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.model = model
        self.latency = latency
    }
}
