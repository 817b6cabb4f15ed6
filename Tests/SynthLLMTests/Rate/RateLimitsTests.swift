import SynthLLM
import Testing

@Test func requestsPerMinuteLetsAMinutesAllowanceGoThenPaces() {
    var limits = RateLimits(requestsPerMinute: 60)
    for _ in 0..<60 { #expect(limits.reserve(tokens: 0, at: .zero) == .zero) }
    // Each request takes its place in line: the 61st waits one second, the 62nd two.
    #expect(limits.reserve(tokens: 0, at: .zero) == .seconds(1))
    #expect(limits.reserve(tokens: 0, at: .zero) == .seconds(2))
    // Ten seconds on, the debt of two is repaid and eight more are allowed at once.
    for _ in 0..<8 { #expect(limits.reserve(tokens: 0, at: .seconds(10)) == .zero) }
    #expect(limits.reserve(tokens: 0, at: .seconds(10)) == .seconds(1))
}

@Test func tokensPerMinuteCountsTheRequestsSize() {
    var limits = RateLimits(tokensPerMinute: 6000)
    #expect(limits.reserve(tokens: 6000, at: .zero) == .zero)
    // 100 tokens a second come back: a 250-token request waits 2.5 s.
    #expect(limits.reserve(tokens: 250, at: .zero) == .milliseconds(2500))
    // A request larger than a minute's allowance still goes, once the bucket has refilled enough.
    var fresh = RateLimits(tokensPerMinute: 600)
    #expect(fresh.reserve(tokens: 900, at: .zero) == .seconds(30))
}

@Test func theLongerOfTheTwoWaitsApplies() {
    var limits = RateLimits(requestsPerMinute: 120, tokensPerMinute: 1200)
    #expect(limits.reserve(tokens: 1200, at: .zero) == .zero)
    #expect(limits.reserve(tokens: 40, at: .zero) == .seconds(2))
    var uncapped = RateLimits()
    for _ in 0..<1000 { #expect(uncapped.reserve(tokens: 100_000, at: .zero) == .zero) }
}
