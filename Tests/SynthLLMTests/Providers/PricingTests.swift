import SynthLLM
import Testing

@Suite struct PricingTests {
    @Test func costIsTokensTimesPricePerMillion() {
        let pricing = Pricing(["m": Price(input: 2.5, output: 10)])
        // 1,200 input tokens at 2.5 USD/M = 0.003; 300 output tokens at 10 USD/M = 0.003.
        #expect(abs(pricing.cost(model: "m", usage: TokenUsage(input: 1200, output: 300)) - 0.006) < 1e-12)
        #expect(pricing.cost(model: "m", usage: TokenUsage(input: 1_000_000, output: 0)) == 2.5)
    }

    @Test func datedSnapshotsFindTheirFamilyAndTheLongestNameWins() {
        let d = Pricing.defaults
        #expect(d.price(for: "gpt-4o-mini-2024-07-18") == Price(input: 0.15, output: 0.60))
        #expect(d.price(for: "gpt-4o-2024-08-06") == Price(input: 2.50, output: 10.00))
        #expect(d.price(for: "gpt-4.1-mini") == Price(input: 0.40, output: 1.60))
        #expect(d.price(for: "claude-sonnet-4-5-20250929") == Price(input: 3, output: 15))
        #expect(d.price(for: "claude-haiku-4-5") == Price(input: 1, output: 5))
        #expect(d.price(for: "o3-mini") != nil)
        #expect(d.price(for: "gpt-4oops") == nil)
    }

    @Test func unknownModelsCostNothingAndSaySo() {
        let d = Pricing.defaults
        #expect(d.cost(model: "gemma3-270m", usage: TokenUsage(input: 5000, output: 5000)) == 0)
        #expect(d.note(for: "gemma3-270m")?.contains("no price is known for model 'gemma3-270m'") == true)
        #expect(d.note(for: "gpt-4o") == nil)
    }

    @Test func addedPricesOverrideDefaults() {
        let p = Pricing.defaults.adding(["gpt-4o": Price(input: 1, output: 1), "local-llama": Price(input: 0, output: 0)])
        #expect(p.price(for: "gpt-4o") == Price(input: 1, output: 1))
        #expect(p.note(for: "local-llama") == nil)
    }
}
