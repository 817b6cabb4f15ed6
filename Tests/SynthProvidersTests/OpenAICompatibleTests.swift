import LoopbackLLM
import SynthCore
import SynthLLM
import SynthProviders
import Testing

@Suite struct OpenAICompatibleTests {
    let schema = OutputSchema.object(
        properties: [.init("question", .string), .init("answer", .string), .init("level", .oneOf(["easy", "hard"]))],
        required: ["question", "answer", "level"])

    func provider(_ server: LoopbackLLM, style: ProviderConfig.SchemaStyle = .openai, stream: Bool = false, model: String? = nil)
        -> OpenAICompatible
    {
        OpenAICompatible(
            ProviderConfig(name: "test", kind: .openai, baseURL: server.baseURL + "/v1", model: model, schemaStyle: style, stream: stream))
    }

    @Test func chatGoesToChatCompletionsWithEveryParameter() async throws {
        try await LoopbackLLM.withServer { server in
            let request = CompletionRequest(
                model: "gpt-4o-mini",
                prompt: .chat([ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Say hi")]),
                parameters: SamplingParameters(temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, stop: ["\n\n"], seed: 42))
            let completion = try await provider(server).complete(request)
            #expect(completion.text == LoopbackLLM.defaultText)
            #expect(completion.model == "gpt-4o-mini")
            #expect(completion.finishReason == "stop")
            #expect(completion.usage == TokenUsage(input: 4, output: 3))

            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.path == "/v1/chat/completions")
            #expect(received.headers["content-type"] == "application/json")
            #expect(received.headers["authorization"] == nil)
            let body = try #require(received.json?.objectValue)
            #expect(body["model"] == .string("gpt-4o-mini"))
            #expect(
                body["messages"]
                    == .array([
                        .object(["role": .string("system"), "content": .string("Be brief.")]),
                        .object(["role": .string("user"), "content": .string("Say hi")]),
                    ]))
            #expect(body["temperature"] == .double(0.7))
            #expect(body["top_p"] == .double(0.9))
            #expect(body["top_k"] == .int(40))
            #expect(body["max_tokens"] == .int(64))
            #expect(body["stop"] == .array([.string("\n\n")]))
            #expect(body["seed"] == .int(42))
            #expect(body["stream"] == nil)
            #expect(body["response_format"] == nil)
            #expect(body["prompt"] == nil)
        }
    }

    @Test func textGoesToCompletionsWithUnsetParametersLeftOut() async throws {
        try await LoopbackLLM.withServer(script: [.ok(" a line of verse")]) { server in
            let request = CompletionRequest(
                model: "base", prompt: .text("Q: one\nA:"), parameters: SamplingParameters(maxTokens: 16), schema: schema)
            let completion = try await provider(server).complete(request)
            #expect(completion.text == " a line of verse")
            let received = try #require(server.requests.first)
            #expect(received.path == "/v1/completions")
            let body = try #require(received.json?.objectValue)
            #expect(body.keys == ["model", "prompt", "max_tokens"])
            #expect(body["prompt"] == .string("Q: one\nA:"))
        }
    }

    @Test func droppedParametersAreNotSentAndTheConfiguredModelWins() async throws {
        try await LoopbackLLM.withServer { server in
            var config = ProviderConfig.openAI(model: "gpt-4.1")
            config.baseURL = server.baseURL
            let request = CompletionRequest(
                model: "ignored", prompt: .chat([ChatMessage(role: "user", content: "x")]),
                parameters: SamplingParameters(topK: 40, seed: 1))
            let completion = try await OpenAICompatible(config).complete(request)
            #expect(completion.model == "gpt-4.1")
            let body = try #require(server.requests.first?.json?.objectValue)
            #expect(body["model"] == .string("gpt-4.1"))
            #expect(body["top_k"] == nil)
            #expect(body["seed"] == .int(1))
        }
    }

    @Test func schemaInOpenAIStyleIsStrictWhenEverythingIsRequired() async throws {
        try await LoopbackLLM.withServer { server in
            let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "q")]), schema: schema)
            let completion = try await provider(server).complete(request)
            // The fake answers with a value of the schema it received.
            let value = try JSONParser.parse(Array(completion.text.utf8))
            #expect(value == .object(["question": .string("question 1"), "answer": .string("answer 1"), "level": .string("easy")]))

            let format = try #require(server.requests.first?.json?.objectValue?["response_format"]?.objectValue)
            #expect(format["type"] == .string("json_schema"))
            let jsonSchema = try #require(format["json_schema"]?.objectValue)
            #expect(jsonSchema["name"] == .string("output"))
            #expect(jsonSchema["strict"] == .bool(true))
            let sent = try #require(jsonSchema["schema"]?.objectValue)
            #expect(sent["additionalProperties"] == .bool(false))
            #expect(sent["required"] == .array([.string("question"), .string("answer"), .string("level")]))
            #expect(
                sent["properties"]?.objectValue?["level"]
                    == .object(["type": .string("string"), "enum": .array([.string("easy"), .string("hard")])]))
        }
    }

    @Test func schemaWithOptionalPropertiesIsSentAsANonStrictHint() async throws {
        try await LoopbackLLM.withServer { server in
            let loose = OutputSchema.object(properties: [.init("a", .string), .init("b", .integer)], required: ["a"])
            let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "q")]), schema: loose)
            _ = try await provider(server).complete(request)
            let jsonSchema = try #require(
                server.requests.first?.json?.objectValue?["response_format"]?.objectValue?["json_schema"]?.objectValue)
            #expect(jsonSchema["strict"] == .bool(false))
            #expect(jsonSchema["schema"] == loose.jsonSchema)
        }
    }

    @Test func schemaInJSONObjectStyleAsLlamaCppTakesIt() async throws {
        try await LoopbackLLM.withServer { server in
            let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "q")]), schema: schema)
            let completion = try await provider(server, style: .jsonObject).complete(request)
            #expect(completion.text.contains("\"answer\":\"answer 1\""))
            let format = try #require(server.requests.first?.json?.objectValue?["response_format"])
            #expect(format == .object(["type": .string("json_object"), "schema": schema.jsonSchema]))
        }
    }

    @Test func schemaStyleNoneSendsNoResponseFormat() async throws {
        try await LoopbackLLM.withServer { server in
            let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "q")]), schema: schema)
            _ = try await provider(server, style: .none).complete(request)
            #expect(server.requests.first?.json?.objectValue?["response_format"] == nil)
        }
    }

    @Test(arguments: [true, false])
    func streamingAssemblesTheSameTextAsAWholeAnswer(chat: Bool) async throws {
        let text = "A longer answer, so that it arrives in several pieces: ünïcödé and \"quotes\" too."
        try await LoopbackLLM.withServer(script: [.ok(text), .ok(text)]) { server in
            let prompt: Prompt = chat ? .chat([ChatMessage(role: "user", content: "tell me more please")]) : .text("tell me more please")
            let request = CompletionRequest(model: "m", prompt: prompt)
            let whole = try await provider(server).complete(request)
            let streamed = try await provider(server, stream: true).complete(request)
            #expect(streamed == whole)
            #expect(streamed.text == text)
            #expect(streamed.usage == TokenUsage(input: 4, output: 14))
            let body = try #require(server.requests.last?.json?.objectValue)
            #expect(body["stream"] == .bool(true))
            #expect(body["stream_options"] == .object(["include_usage": .bool(true)]))
        }
    }

    @Test func streamingWithAnErrorStatusFailsLikeAWholeAnswer() async throws {
        try await LoopbackLLM.withServer(script: [.rateLimited(retryAfter: 2)]) { server in
            await #expect {
                _ = try await provider(server, stream: true).complete(CompletionRequest(model: "m", prompt: .text("x")))
            } throws: { error in
                let failure = error as? ProviderFailure
                return failure?.kind == .rateLimited && failure?.retryAfter == .seconds(2)
            }
        }
    }

    @Test func embeddingsComeBackInInputOrder() async throws {
        try await LoopbackLLM.withServer { server in
            let provider = OpenAICompatible(
                ProviderConfig(name: "e", kind: .openai, baseURL: server.baseURL, model: "chat", embeddingModel: "text-embedding-3-small"))
            let vectors = try await provider.embed(["alpha", "beta", "alpha"])
            #expect(vectors.count == 3)
            #expect(vectors.allSatisfy { $0.count == 8 })
            #expect(vectors[0] == vectors[2])
            #expect(vectors[0] != vectors[1])
            let received = try #require(server.requests.first)
            #expect(received.path == "/v1/embeddings")
            #expect(
                received.json
                    == .object([
                        "model": .string("text-embedding-3-small"), "input": .array([.string("alpha"), .string("beta"), .string("alpha")]),
                    ]))
        }
    }

    @Test func manyRequestsAreInFlightAtOnce() async throws {
        // Each answer takes 500 ms, so requests overlap; a pool of HTTPClient's default 8 connections would cap them at 8.
        try await LoopbackLLM.withServer(script: Array(repeating: .slow(ms: 500), count: 64), recording: false) { server in
            let provider = provider(server)
            let request = CompletionRequest(model: "m", prompt: .text("x"))
            try await withThrowingTaskGroup(of: Completion.self) { group in
                for _ in 0..<64 { group.addTask { try await provider.complete(request) } }
                for try await completion in group { #expect(completion.text == LoopbackLLM.defaultText) }
            }
            #expect(server.requestCount == 64)
            #expect(server.maxInFlight > 32)
            #expect(server.maxConnections > 32)
        }
    }
}
