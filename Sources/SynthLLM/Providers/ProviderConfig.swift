import SynthCore

/// How to reach one model API: its wire format, address, model, key and options.
///
/// A config never holds a key, only the name of the environment variable that does,
/// so configs can be printed, logged and stored freely.
public struct ProviderConfig: Sendable, Hashable {
    /// The wire format a provider speaks.
    public enum Kind: String, Sendable, CaseIterable {
        /// OpenAI's chat/completions/embeddings API, as OpenAI, Groq, Together, vLLM, Ollama, llama.cpp and LM Studio serve it.
        case openai
        /// Anthropic's Messages API.
        case anthropic
    }

    /// How a request's output schema is sent as `response_format`.
    public enum SchemaStyle: String, Sendable, CaseIterable {
        /// `{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}`, as OpenAI and vLLM take it.
        case openai
        /// `{"type": "json_object", "schema": {...}}`, as llama.cpp's servers take it.
        case jsonObject = "json_object"
        /// No `response_format`: the schema is left to the prompt and to parsing.
        case none
    }

    /// The name runs, provenance and errors use (`openai`, `local`, …).
    public var name: String
    /// The wire format.
    public var kind: Kind
    /// The server's address, such as `https://api.openai.com` (a trailing `/v1` is accepted and dropped).
    public var baseURL: String
    /// The model to ask; when nil, the request's model is used.
    public var model: String?
    /// The environment variable holding the API key; nil sends no key (local servers need none).
    public var apiKeyEnv: String?
    /// How output schemas are sent.
    public var schemaStyle: SchemaStyle
    /// How long one request may take, connection to last byte.
    public var timeout: Duration
    /// Whether answers are streamed (server-sent events) and assembled, instead of read whole.
    public var stream: Bool
    /// `max_tokens` for requests that set none; Anthropic requires one, OpenAI-compatible servers get it only from requests.
    public var defaultMaxTokens: Int
    /// The model for `/v1/embeddings`; when nil, `model` is used.
    public var embeddingModel: String?
    /// Sampling parameters this server rejects and that are therefore left out of requests (`top_k`, `seed`, …).
    public var dropParameters: Set<String>
    /// Prices per model for this provider, over the built-in defaults.
    public var prices: [String: Price]

    /// Makes a config; only the name, kind and address are required.
    public init(
        name: String, kind: Kind, baseURL: String, model: String? = nil, apiKeyEnv: String? = nil,
        schemaStyle: SchemaStyle = .openai, timeout: Duration = .seconds(120), stream: Bool = false,
        defaultMaxTokens: Int = 4096, embeddingModel: String? = nil, dropParameters: Set<String> = [],
        prices: [String: Price] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.schemaStyle = schemaStyle
        self.timeout = timeout
        self.stream = stream
        self.defaultMaxTokens = defaultMaxTokens
        self.embeddingModel = embeddingModel
        self.dropParameters = dropParameters
        self.prices = prices
    }

    /// The prices that apply to this provider: the built-in defaults with this provider's own on top.
    public var pricing: Pricing { Pricing.defaults.adding(prices) }

    /// The address without a trailing `/` or `/v1`, so paths like `/v1/chat/completions` can be appended.
    public var root: String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v1") { url.removeLast(3) }
        return url
    }

    /// The model a request is sent with: the configured one, or the request's when none is configured.
    ///
    /// The configured model wins so that each provider of a fallback chain asks for its own model.
    public func model(for request: CompletionRequest) -> String { model ?? request.model }
}

extension ProviderConfig {
    /// An OpenAI-compatible server on this machine or network that needs no key (llama.cpp, vLLM, Ollama, LM Studio).
    ///
    /// llama.cpp's servers take the schema as `json_object`, so that is the style here.
    public static func local(baseURL: String = "http://127.0.0.1:8080", model: String? = nil) -> ProviderConfig {
        ProviderConfig(name: "local", kind: .openai, baseURL: baseURL, model: model, schemaStyle: .jsonObject)
    }

    /// OpenAI's API with the key in `OPENAI_API_KEY`; OpenAI rejects `top_k`, so it is left out.
    public static func openAI(model: String? = nil) -> ProviderConfig {
        ProviderConfig(
            name: "openai", kind: .openai, baseURL: "https://api.openai.com", model: model, apiKeyEnv: "OPENAI_API_KEY",
            dropParameters: ["top_k"])
    }

    /// Anthropic's API with the key in `ANTHROPIC_API_KEY`.
    public static func anthropic(model: String? = nil) -> ProviderConfig {
        ProviderConfig(
            name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com", model: model, apiKeyEnv: "ANTHROPIC_API_KEY",
            schemaStyle: .none)
    }

    /// The built-in provider with this name (`local`, `openai`, `anthropic`), for `--provider NAME` without a providers file.
    public static func builtIn(_ name: String) -> ProviderConfig? {
        switch name {
        case "local": return .local()
        case "openai": return .openAI()
        case "anthropic": return .anthropic()
        default: return nil
        }
    }
}
