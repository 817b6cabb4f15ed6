import LoopbackLLM
import SynthCore
import SynthLLM
import SynthProviders
import Testing

@Suite struct AnthropicTests {
    @Test func speaksTheMessagesAPI() async throws {
        try await LoopbackLLM.withServer(script: [.ok("Bonjour")]) { server in
            var config = ProviderConfig.anthropic(model: "claude-haiku-4-5")
            config.baseURL = server.baseURL
            let provider = try Providers.make(config, environment: ["ANTHROPIC_API_KEY": "sk-ant-test-0123456789"])
            let request = CompletionRequest(
                model: "ignored",
                prompt: .chat([
                    ChatMessage(role: "system", content: "You translate."), ChatMessage(role: "user", content: "Hello"),
                    ChatMessage(role: "assistant", content: "Salut"), ChatMessage(role: "user", content: "More formal"),
                ]),
                parameters: SamplingParameters(temperature: 0.2, topP: 0.8, topK: 5, stop: ["END"], seed: 9))
            let completion = try await provider.complete(request)
            #expect(
                completion
                    == Completion(
                        text: "Bonjour", usage: TokenUsage(input: 6, output: 1), finishReason: "end_turn", model: "claude-haiku-4-5"))

            let received = try #require(server.requests.first)
            #expect(received.path == "/v1/messages")
            #expect(received.headers["x-api-key"] == "sk-ant-test-0123456789")
            #expect(received.headers["anthropic-version"] == "2023-06-01")
            #expect(received.headers["authorization"] == nil)
            let body = try #require(received.json?.objectValue)
            #expect(body["model"] == .string("claude-haiku-4-5"))
            #expect(body["max_tokens"] == .int(4096))
            #expect(body["system"] == .string("You translate."))
            #expect(
                body["messages"]
                    == .array([
                        .object(["role": .string("user"), "content": .string("Hello")]),
                        .object(["role": .string("assistant"), "content": .string("Salut")]),
                        .object(["role": .string("user"), "content": .string("More formal")]),
                    ]))
            #expect(body["temperature"] == .double(0.2))
            #expect(body["top_p"] == .double(0.8))
            #expect(body["top_k"] == .int(5))
            #expect(body["stop_sequences"] == .array([.string("END")]))
            // The Messages API has no seed and no response_format.
            #expect(body["seed"] == nil)
            #expect(body["response_format"] == nil)
        }
    }

    @Test func aTextPromptIsOneUserMessageAndMaxTokensComesFromTheRequest() async throws {
        try await LoopbackLLM.withServer { server in
            let provider = Anthropic(ProviderConfig(name: "claude", kind: .anthropic, baseURL: server.baseURL, model: "claude-sonnet-4-5"))
            let request = CompletionRequest(model: "m", prompt: .text("Once upon"), parameters: SamplingParameters(maxTokens: 10))
            #expect(try await provider.complete(request).text == LoopbackLLM.defaultText)
            let body = try #require(server.requests.first?.json?.objectValue)
            #expect(body.keys == ["model", "max_tokens", "messages"])
            #expect(body["max_tokens"] == .int(10))
            #expect(body["messages"] == .array([.object(["role": .string("user"), "content": .string("Once upon")])]))
            #expect(server.requests.first?.headers["x-api-key"] == nil)
        }
    }

    @Test func overloadedAndRateLimitedAnswersMapToTheirKinds() async throws {
        try await LoopbackLLM.withServer(script: [.serverError(529), .rateLimited(retryAfter: 3)]) { server in
            let provider = Anthropic(ProviderConfig(name: "claude", kind: .anthropic, baseURL: server.baseURL, model: "c"))
            let request = CompletionRequest(model: "m", prompt: .text("x"))
            await #expect {
                _ = try await provider.complete(request)
            } throws: {
                ($0 as? ProviderFailure)?.kind == .overloaded
                    && ($0 as? ProviderFailure)?.message == "claude: server overloaded: scripted failure 529"
            }
            await #expect {
                _ = try await provider.complete(request)
            } throws: { ($0 as? ProviderFailure)?.kind == .rateLimited && ($0 as? ProviderFailure)?.retryAfter == .seconds(3) }
        }
    }
}
