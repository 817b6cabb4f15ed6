import SynthLLM
import Testing

@Test func anEstimateCountsRequestsTokensCostAndWaves() {
    let price: (TokenUsage) -> Double = { Double($0.input) * 1e-6 + Double($0.output) * 2e-6 }
    let estimate = Estimate(requests: 1000, promptTokens: 200, maxTokens: 300, price: price, concurrency: 16, latency: .seconds(2))
    #expect(estimate.requests == 1000)
    #expect(estimate.tokens == TokenUsage(input: 200_000, output: 300_000))
    #expect(abs(estimate.cost - 0.8) < 1e-9)
    // 63 waves of 16 (the last one partial), two seconds each.
    #expect(estimate.time == .seconds(126))
}

@Test func anEstimateWaitsForTheRateCaps() {
    let free: (TokenUsage) -> Double = { _ in 0 }
    // 100 requests a minute: the first 100 at once, the other 900 over nine minutes.
    let rpm = Estimate(
        requests: 1000, promptTokens: 10, maxTokens: 10, price: free, concurrency: 64, latency: .seconds(2),
        limits: RateLimits(requestsPerMinute: 100))
    #expect(rpm.time == .seconds(542))
    // 20,000 tokens in all at 10,000 a minute.
    let tpm = Estimate(
        requests: 100, promptTokens: 100, maxTokens: 100, price: free, concurrency: 100, latency: .seconds(1),
        limits: RateLimits(tokensPerMinute: 10_000))
    #expect(tpm.time == .seconds(61))
}
