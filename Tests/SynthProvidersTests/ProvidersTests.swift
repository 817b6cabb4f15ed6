import LoopbackLLM
import SynthCore
import SynthLLM
import SynthProviders
import Testing

@Suite struct ProvidersTests {
    @Test func makeBuildsTheKindTheConfigNames() throws {
        #expect(try Providers.make(.local()) is OpenAICompatible)
        #expect(try Providers.make(.anthropic()) is Anthropic)
        #expect(try Providers.make(.local()).name == "local")
        #expect {
            _ = try Providers.make(ProviderConfig(name: "x", kind: .openai, baseURL: "localhost:8080"))
        } throws: { ($0 as? SynthError)?.message == "provider 'x': base_url 'localhost:8080' must start with http:// or https://" }
    }

    @Test func builtInsForProviderFlags() {
        let local = ProviderConfig.builtIn("local")
        #expect(local?.baseURL == "http://127.0.0.1:8080")
        #expect(local?.apiKeyEnv == nil)
        #expect(local?.schemaStyle == .jsonObject)
        #expect(ProviderConfig.builtIn("openai")?.apiKeyEnv == "OPENAI_API_KEY")
        #expect(ProviderConfig.builtIn("anthropic")?.apiKeyEnv == "ANTHROPIC_API_KEY")
        #expect(ProviderConfig.builtIn("gemini") == nil)
    }

    @Test func aFallbackChainFromAFileMovesToTheNextServerAfterRepeatedFailures() async throws {
        let failing = try await LoopbackLLM.start(script: [.serverError(500), .serverError(502), .serverError(503)])
        let healthy = try await LoopbackLLM.start(script: [.ok("from the second")])
        let yaml = """
            providers:
              primary: {kind: openai, base_url: "\(failing.baseURL)", model: big}
              backup: {kind: openai, base_url: "\(healthy.baseURL)/v1", model: small}
            fallback: [primary, backup]
            fallback_after: 3
            """
        let chain = try Providers.fallback(ProvidersFile.parse(yaml: yaml, file: "providers.yaml"), environment: [:])
        let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "hi")]))
        for kind in [ProviderFailure.Kind.server, .server] {
            await #expect {
                _ = try await chain.complete(request)
            } throws: { ($0 as? ProviderFailure)?.kind == kind }
        }
        let answer = try await chain.answer(request)
        #expect(answer.provider == "backup")
        #expect(answer.completion.text == "from the second")
        #expect(answer.completion.model == "small")
        #expect(failing.requestCount == 3)
        #expect(healthy.requestCount == 1)
        await failing.stop()
        await healthy.stop()
    }
}
