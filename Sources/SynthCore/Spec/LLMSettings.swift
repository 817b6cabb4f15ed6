/// How a run uses a language model instead of the built-in engine: which provider and model, which
/// templates or recipe, and the limits on spend and speed. Nil in a spec means the built-in engine.
public struct LLMSettings: Sendable, Equatable {
    /// The provider's name: one from the providers file, or `openai`, `anthropic`, or `local`
    /// (an OpenAI-compatible server at `baseURL`).
    public var provider: String
    /// The model, as the provider names it; nil for the providers file's default.
    public var model: String?
    /// A YAML file naming providers, their keys' environment variables, prices and a fallback chain.
    public var providersFile: String?
    /// The base URL of an OpenAI-compatible server, for `local` or to override a provider's.
    public var baseURL: String?
    /// Prompt templates (names of shipped ones or files); two or more make an A/B test.
    public var templates: [String]
    /// The share of records each template gets, in percent, in the order of `templates`; empty for equal shares.
    public var split: [Int]
    /// A named recipe (self-instruct, evol-instruct, …) instead of plain template generation.
    public var recipe: String?
    /// Stop cleanly before spending more than this many US dollars.
    public var maxCost: Double?
    /// Stop cleanly before using more than this many tokens, input and output together.
    public var maxTokens: Int?
    /// Requests per minute at most.
    public var requestsPerMinute: Int?
    /// Tokens per minute at most.
    public var tokensPerMinute: Int?
    /// The most requests in flight; adaptive concurrency stays at or below it.
    public var maxInFlight: Int
    /// How many times a request is tried when its answer does not parse into the output schema.
    public var maxAttempts: Int
    /// A rubric template for the judge stage; nil for no judge.
    public var judge: String?
    /// Drop records the judge scores below this (1–10).
    public var judgeThreshold: Int?
    /// A recipe's seed tasks: a JSONL file of `instruction` (and `input`, `output`); nil for its built-in few.
    public var seedTasks: String?
    /// The folder of `.txt` and `.md` files a documents recipe asks about.
    public var documents: String?
    /// User–assistant exchanges per conversation of the conversations recipe.
    public var turns: Int?
    /// Evolution rounds of the evol-instruct recipe.
    public var rounds: Int?

    /// Makes settings; only the provider has no default.
    public init(
        provider: String, model: String? = nil, providersFile: String? = nil, baseURL: String? = nil, templates: [String] = [],
        split: [Int] = [], recipe: String? = nil, maxCost: Double? = nil, maxTokens: Int? = nil, requestsPerMinute: Int? = nil,
        tokensPerMinute: Int? = nil, maxInFlight: Int = 64, maxAttempts: Int = 3, judge: String? = nil, judgeThreshold: Int? = nil,
        seedTasks: String? = nil, documents: String? = nil, turns: Int? = nil, rounds: Int? = nil
    ) {
        self.provider = provider
        self.model = model
        self.providersFile = providersFile
        self.baseURL = baseURL
        self.templates = templates
        self.split = split
        self.recipe = recipe
        self.maxCost = maxCost
        self.maxTokens = maxTokens
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.maxInFlight = maxInFlight
        self.maxAttempts = maxAttempts
        self.judge = judge
        self.judgeThreshold = judgeThreshold
        self.seedTasks = seedTasks
        self.documents = documents
        self.turns = turns
        self.rounds = rounds
    }

    /// Checks the values settings can hold but a run cannot use.
    public func validate() throws(SynthError) {
        if provider.isEmpty {
            throw SynthError(.invalidSpec, "provider must name a provider (openai, anthropic, local, or one from --providers)")
        }
        if templates.isEmpty && recipe == nil {
            throw SynthError(.invalidSpec, "an LLM run needs a template (--template NAME|FILE) or a recipe (--recipe NAME)")
        }
        if !split.isEmpty {
            guard split.count == templates.count else {
                throw SynthError(
                    .invalidSpec, "split gives \(split.count) shares for \(templates.count) templates; give one per template, e.g. 50/50")
            }
            guard split.allSatisfy({ $0 >= 0 }), split.reduce(0, +) == 100 else {
                throw SynthError(
                    .invalidSpec,
                    "split shares must be whole percentages that add up to 100, got \(split.map(String.init).joined(separator: "/"))")
            }
        }
        if let maxCost, !(maxCost > 0) {
            throw SynthError(.invalidSpec, "max-cost must be a positive number of US dollars, got \(maxCost)")
        }
        if let maxTokens, maxTokens <= 0 { throw SynthError(.invalidSpec, "max-tokens must be a positive whole number, got \(maxTokens)") }
        if maxInFlight <= 0 { throw SynthError(.invalidSpec, "max-in-flight must be a positive whole number, got \(maxInFlight)") }
        if maxAttempts <= 0 { throw SynthError(.invalidSpec, "max-attempts must be a positive whole number, got \(maxAttempts)") }
        if judgeThreshold != nil && judge == nil {
            throw SynthError(.invalidSpec, "judge-threshold goes with a judge: add --judge judge_rubric_v1 (or your rubric template)")
        }
        if let judgeThreshold, !(1...10).contains(judgeThreshold) {
            throw SynthError(.invalidSpec, "judge-threshold must be from 1 to 10, got \(judgeThreshold)")
        }
    }
}
