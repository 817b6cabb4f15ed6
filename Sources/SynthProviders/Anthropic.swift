import NIOHTTP1
import SynthCore
import SynthLLM

/// A Claude model through Anthropic's Messages API (`/v1/messages`), spoken natively.
///
/// System messages go in the separate `system` field; a plain text prompt becomes one user message.
/// `max_tokens` is required by the API, so requests without one get the config's default. The API has
/// no schema-constrained decoding here, so a request's schema is left to the prompt and to parsing.
public struct Anthropic: LLMProvider, CustomStringConvertible {
    /// The API version sent in `anthropic-version`.
    public static let version = "2023-06-01"

    /// The provider's settings.
    public let config: ProviderConfig
    private let transport: Transport

    /// Makes a provider; `key` is sent as `x-api-key` when given. Requests go through the shared client.
    public init(_ config: ProviderConfig, key: String? = nil) {
        self.config = config
        transport = Transport(
            name: config.name, root: config.root, headers: ["Content-Type": "application/json", "anthropic-version": Self.version],
            keyHeader: ("x-api-key", ""), key: key.flatMap { $0.isEmpty ? nil : Secret(value: $0) }, keyEnv: config.apiKeyEnv,
            timeout: config.timeout, client: Providers.client)
    }

    public var name: String { config.name }

    public var description: String { "Anthropic(\(config.name), \(config.root), model \(config.model ?? "from the request"))" }

    public func complete(_ request: CompletionRequest) async throws -> Completion {
        let bytes = try await transport.post("/v1/messages", requestBody(request))
        guard let answer = try? JSONParser.parse(bytes).objectValue, let content = answer["content"]?.arrayValue else {
            throw transport.malformed(bytes, "no content")
        }
        let text = content.compactMap { block in
            block.objectValue.flatMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
        }.joined()
        let usage = answer["usage"]?.objectValue
        func count(_ key: String) -> Int { usage?[key]?.doubleValue.map { Int($0) } ?? 0 }
        return Completion(
            text: text, usage: TokenUsage(input: count("input_tokens"), output: count("output_tokens")),
            finishReason: answer["stop_reason"]?.stringValue, model: answer["model"]?.stringValue ?? config.model(for: request))
    }

    /// The JSON body for `request`: model, `max_tokens`, `system`, the messages and the set sampling parameters.
    func requestBody(_ request: CompletionRequest) -> Value {
        let p = request.parameters
        var body: Fields = ["model": .string(config.model(for: request)), "max_tokens": .int(p.maxTokens ?? config.defaultMaxTokens)]
        let messages: [ChatMessage]
        switch request.prompt {
        case .chat(let all):
            let system = all.filter { $0.role == "system" }.map(\.content)
            if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
            messages = all.filter { $0.role != "system" }
        case .text(let text): messages = [ChatMessage(role: "user", content: text)]
        }
        body["messages"] = .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        let parameters: [(String, String, Value?)] = [
            ("temperature", "temperature", p.temperature.map { .double($0) }), ("top_p", "top_p", p.topP.map { .double($0) }),
            ("top_k", "top_k", p.topK.map { .int($0) }),
            ("stop", "stop_sequences", p.stop.isEmpty ? nil : .array(p.stop.map { .string($0) })),
        ]
        for case (let name, let key, let value?) in parameters where !config.dropParameters.contains(name) { body[key] = value }
        return .object(body)
    }
}
