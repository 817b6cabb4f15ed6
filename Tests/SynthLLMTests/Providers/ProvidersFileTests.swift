import SynthCore
import SynthLLM
import Testing

@Suite struct ProvidersFileTests {
    let full = """
        providers:
          openai:
            kind: openai
            base_url: https://api.openai.com/v1
            model: gpt-4o-mini
            api_key_env: OPENAI_API_KEY
            timeout: 30
            stream: true
            drop_parameters: [top_k]
            prices:
              my-fine-tune: {input: 1.5, output: 6}
          claude:
            kind: anthropic
            model: claude-haiku-4-5
            api_key_env: ANTHROPIC_API_KEY
          local: {kind: openai, base_url: "http://127.0.0.1:8080", schema_style: json_object, max_tokens: 256}
        fallback: [claude, local]
        fallback_after: 2
        """

    @Test func readsEveryField() throws {
        let file = try ProvidersFile.parse(yaml: full, file: "providers.yaml")
        #expect(file.providers.map(\.name) == ["openai", "claude", "local"])
        #expect(file.fallback == ["claude", "local"])
        #expect(file.chain.map(\.name) == ["claude", "local"])
        #expect(file.fallbackAfter == 2)
        let openai = try #require(file.provider(named: "openai"))
        #expect(openai.kind == .openai)
        #expect(openai.root == "https://api.openai.com")
        #expect(openai.model == "gpt-4o-mini")
        #expect(openai.apiKeyEnv == "OPENAI_API_KEY")
        #expect(openai.schemaStyle == .openai)
        #expect(openai.timeout == .seconds(30))
        #expect(openai.stream)
        #expect(openai.dropParameters == ["top_k"])
        #expect(openai.pricing.price(for: "my-fine-tune") == Price(input: 1.5, output: 6))
        #expect(openai.pricing.price(for: "gpt-4o") == Pricing.defaults.price(for: "gpt-4o"))
        let claude = try #require(file.provider(named: "claude"))
        #expect(claude.kind == .anthropic)
        #expect(claude.baseURL == "https://api.anthropic.com")
        #expect(claude.schemaStyle == ProviderConfig.SchemaStyle.none)
        let local = try #require(file.provider(named: "local"))
        #expect(local.schemaStyle == .jsonObject)
        #expect(local.apiKeyEnv == nil)
        #expect(local.defaultMaxTokens == 256)
        #expect(local.timeout == .seconds(120))
    }

    @Test func withoutFallbackTheChainIsFileOrder() throws {
        let file = try ProvidersFile.parse(
            yaml: "providers:\n  a: {kind: openai, base_url: 'http://127.0.0.1:1'}\n  b: {kind: anthropic}\n", file: "p.yaml")
        #expect(file.chain.map(\.name) == ["a", "b"])
        #expect(file.fallbackAfter == 3)
    }

    @Test(arguments: [
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    colour: red\n",
            "p.yaml:5: providers.a.colour is not a known key"
        ),
        ("providers:\n  a:\n    base_url: http://x\n", "p.yaml:3: providers.a.kind is missing"),
        (
            "providers:\n  a:\n    kind: gemini\n    base_url: http://x\n",
            "p.yaml:3: providers.a.kind is 'gemini'; use one of openai, anthropic"
        ),
        ("providers:\n  a:\n    kind: openai\n", "p.yaml:3: providers.a.base_url is missing"),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: ftp://x\n",
            "p.yaml:4: providers.a.base_url must start with http:// or https://"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    schema_style: grammar\n",
            "p.yaml:5: providers.a.schema_style is 'grammar'"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    timeout: soon\n",
            "p.yaml:5: providers.a.timeout must be a number"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    timeout: 0\n",
            "p.yaml:5: providers.a.timeout must be more than 0 seconds"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    stream: maybe\n",
            "p.yaml:5: providers.a.stream must be true or false"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    drop_parameters: [top_z]\n",
            "p.yaml:5: providers.a.drop_parameters names 'top_z'"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    prices:\n      m: {input: 1}\n",
            "p.yaml:6: providers.a.prices.m needs both input and output"
        ),
        (
            "providers:\n  a:\n    kind: openai\n    base_url: http://x\n    prices:\n      m: {input: -1, output: 2}\n",
            "p.yaml:6: providers.a.prices.m.input must be a number of 0 or more"
        ),
        (
            "providers:\n  a: {kind: openai, base_url: 'http://x'}\nfallback: [a, b]\n",
            "p.yaml:3: fallback names 'b', which is not among the providers"
        ),
        (
            "providers:\n  a: {kind: openai, base_url: 'http://x'}\nfallback_after: 0\n",
            "p.yaml:3: fallback_after must be a whole number of 1 or more"
        ),
        ("providers:\n  a: {kind: openai, base_url: 'http://x'}\nretries: 3\n", "p.yaml:3: retries is not a known key"),
        ("providers: {}\n", "p.yaml:1: providers is missing or empty"),
        ("providers:\n  a: {kind: openai\n", "p.yaml:3: not valid YAML"),
    ])
    func errorsNameLineAndField(yaml: String, expected: String) {
        #expect {
            _ = try ProvidersFile.parse(yaml: yaml, file: "p.yaml")
        } throws: { error in
            let message = (error as? SynthError)?.message ?? ""
            return message.hasPrefix(expected) && (error as? SynthError)?.code == .invalidSpec
        }
    }

    @Test func aMissingFileSaysWhichFile() {
        #expect {
            _ = try ProvidersFile.load(path: "/nonexistent/providers.yaml")
        } throws: { error in
            (error as? SynthError)?.code == .io && (error as? SynthError)?.message.contains("/nonexistent/providers.yaml") == true
        }
    }
}
