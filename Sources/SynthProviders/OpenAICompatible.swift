import AsyncHTTPClient
import NIOHTTP1
import SynthCore
import SynthLLM

/// A model behind an OpenAI-compatible API: OpenAI, Groq, Together, vLLM, Ollama, llama.cpp, LM Studio.
///
/// Chat prompts go to `/v1/chat/completions`, plain text prompts (base models driven few-shot) to
/// `/v1/completions`, and `embed(_:)` to `/v1/embeddings`. A request's schema is sent as
/// `response_format` in the config's style, on the chat endpoint only (the completions endpoint of
/// OpenAI and llama-cpp-python takes none). With `stream` on, answers arrive as server-sent events
/// and are assembled; usage comes from the final chunk when the server sends one.
public struct OpenAICompatible: LLMProvider, CustomStringConvertible {
    /// The provider's settings.
    public let config: ProviderConfig
    private let transport: Transport

    /// Makes a provider; `key` is sent as a bearer token when given. Requests go through the shared client.
    public init(_ config: ProviderConfig, key: String? = nil) {
        self.config = config
        transport = Transport(
            name: config.name, root: config.root, headers: ["Content-Type": "application/json"],
            keyHeader: ("Authorization", "Bearer "), key: key.flatMap { $0.isEmpty ? nil : Secret(value: $0) },
            keyEnv: config.apiKeyEnv, timeout: config.timeout, client: Providers.client)
    }

    public var name: String { config.name }

    public var description: String { "OpenAICompatible(\(config.name), \(config.root), model \(config.model ?? "from the request"))" }

    public func complete(_ request: CompletionRequest) async throws -> Completion {
        let path = Self.path(for: request.prompt)
        let body = requestBody(request, stream: config.stream)
        if config.stream {
            var stream = StreamedCompletion(model: config.model(for: request))
            try await transport.postStreaming(path, body) { data in
                guard data != "[DONE]" else { return }
                let bytes = Array(data.utf8)
                guard let chunk = try? JSONParser.parse(bytes).objectValue else { throw transport.malformed(bytes, "a stream event") }
                if let error = chunk["error"] {
                    let message = error.objectValue?["message"]?.stringValue ?? JSONWriter.string(error)
                    throw transport.failure(ProviderFailure(.server, "error in the stream: \(message)"))
                }
                stream.add(chunk)
            }
            return stream.completion
        }
        let bytes = try await transport.post(path, body)
        guard let answer = try? JSONParser.parse(bytes).objectValue, let choice = answer["choices"]?.arrayValue?.first?.objectValue
        else { throw transport.malformed(bytes, "no choices") }
        let text: String?
        switch request.prompt {
        case .chat: text = choice["message"]?.objectValue.map { $0["content"]?.stringValue ?? "" }
        case .text: text = choice["text"]?.stringValue
        }
        guard let text else { throw transport.malformed(bytes, "no text in the first choice") }
        return Completion(
            text: text, usage: Self.usage(answer["usage"]), finishReason: choice["finish_reason"]?.stringValue,
            model: answer["model"]?.stringValue ?? config.model(for: request))
    }

    /// Embeds `texts` on `/v1/embeddings` with `model`, or the config's embedding model, or its model.
    public func embed(_ texts: [String], model: String? = nil) async throws -> [[Double]] {
        guard let model = model ?? config.embeddingModel ?? config.model else {
            throw transport.failure(ProviderFailure(.badRequest, "no embedding model: set embedding_model or model"))
        }
        let body: Value = .object(["model": .string(model), "input": .array(texts.map { .string($0) })])
        let bytes = try await transport.post("/v1/embeddings", body)
        guard let data = (try? JSONParser.parse(bytes))?.objectValue?["data"]?.arrayValue else {
            throw transport.malformed(bytes, "no data")
        }
        var vectors = [[Double]?](repeating: nil, count: texts.count)
        for (position, item) in data.enumerated() {
            let entry = item.objectValue
            let index = entry?["index"].flatMap { if case .int(let i) = $0 { i } else { nil } } ?? position
            guard vectors.indices.contains(index), let numbers = entry?["embedding"]?.arrayValue?.compactMap(\.doubleValue) else {
                throw transport.malformed(bytes, "embedding \(position) has no numbers or a wrong index")
            }
            vectors[index] = numbers
        }
        let complete = vectors.compactMap { $0 }
        guard complete.count == texts.count else {
            throw transport.malformed(bytes, "\(complete.count) embeddings for \(texts.count) texts")
        }
        return complete
    }

    /// The endpoint for a prompt.
    static func path(for prompt: Prompt) -> String {
        switch prompt {
        case .chat: return "/v1/chat/completions"
        case .text: return "/v1/completions"
        }
    }

    /// The JSON body for `request`: model, prompt, the set parameters the server takes, the schema and streaming options.
    func requestBody(_ request: CompletionRequest, stream: Bool) -> Value {
        var body: Fields = ["model": .string(config.model(for: request))]
        switch request.prompt {
        case .chat(let messages):
            body["messages"] = .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        case .text(let text): body["prompt"] = .string(text)
        }
        let p = request.parameters
        let parameters: [(String, Value?)] = [
            ("temperature", p.temperature.map { .double($0) }), ("top_p", p.topP.map { .double($0) }),
            ("top_k", p.topK.map { .int($0) }), ("max_tokens", p.maxTokens.map { .int($0) }),
            ("stop", p.stop.isEmpty ? nil : .array(p.stop.map { .string($0) })), ("seed", p.seed.map { .int(Int(clamping: $0)) }),
        ]
        for case (let key, let value?) in parameters where !config.dropParameters.contains(key) { body[key] = value }
        if case .chat = request.prompt, let schema = request.schema, let format = Self.responseFormat(schema, style: config.schemaStyle) {
            body["response_format"] = format
        }
        if stream {
            body["stream"] = .bool(true)
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        return .object(body)
    }

    /// `response_format` for a schema in a style; nil for `none`.
    ///
    /// In OpenAI's style the schema is `strict` when every object requires all its properties (what strict mode
    /// demands), and then objects also get `additionalProperties: false`; otherwise it is sent as a non-strict hint.
    static func responseFormat(_ schema: OutputSchema, style: ProviderConfig.SchemaStyle) -> Value? {
        switch style {
        case .none: return nil
        case .jsonObject: return .object(["type": .string("json_object"), "schema": schema.jsonSchema])
        case .openai:
            let strict = schema.allRequired
            let jsonSchema = strict ? schema.closedJSONSchema : schema.jsonSchema
            return .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string("output"), "schema": jsonSchema, "strict": .bool(strict)]),
            ])
        }
    }

    /// Token counts from an OpenAI `usage` object; zeros when the server sent none.
    static func usage(_ value: Value?) -> TokenUsage {
        let usage = value?.objectValue
        func count(_ key: String) -> Int { usage?[key]?.doubleValue.map { Int($0) } ?? 0 }
        return TokenUsage(input: count("prompt_tokens"), output: count("completion_tokens"))
    }
}

/// A completion assembled from streamed chunks.
private struct StreamedCompletion {
    var text = ""
    var usage = TokenUsage()
    var finishReason: String?
    var model: String

    init(model: String) { self.model = model }

    mutating func add(_ chunk: Fields) {
        if let model = chunk["model"]?.stringValue { self.model = model }
        if let usage = chunk["usage"], !usage.isNull { self.usage = OpenAICompatible.usage(usage) }
        guard let choice = chunk["choices"]?.arrayValue?.first?.objectValue else { return }
        if let piece = choice["delta"]?.objectValue?["content"]?.stringValue ?? choice["text"]?.stringValue { text += piece }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
    }

    var completion: Completion { Completion(text: text, usage: usage, finishReason: finishReason, model: model) }
}

extension OutputSchema {
    /// True when every object in the schema requires all of its properties.
    fileprivate var allRequired: Bool {
        switch self {
        case .object(let properties, let required):
            return Set(required) == Set(properties.map(\.name)) && properties.allSatisfy(\.schema.allRequired)
        case .array(let items): return items.allRequired
        default: return true
        }
    }

    /// The JSON Schema with `additionalProperties: false` on every object, as OpenAI's strict mode requires.
    fileprivate var closedJSONSchema: Value {
        switch self {
        case .object(let properties, let required):
            return .object([
                "type": .string("object"),
                "properties": .object(Fields(properties.map { ($0.name, $0.schema.closedJSONSchema) })),
                "required": .array(required.map { .string($0) }),
                "additionalProperties": .bool(false),
            ])
        case .array(let items): return .object(["type": .string("array"), "items": items.closedJSONSchema])
        default: return jsonSchema
        }
    }
}
