/// What a run would take, worked out before anything is spent (`--dry-run`).
public struct Estimate: Sendable, Hashable {
    /// Requests to send.
    public var requests: Int
    /// Tokens, with every answer at `max_tokens`: an upper bound for the output.
    public var tokens: TokenUsage
    /// US dollars for those tokens.
    public var cost: Double
    /// Wall time: waves of `concurrency` requests at the assumed latency, or longer when a
    /// requests- or tokens-per-minute cap allows less (a cap lets a minute's allowance go at once,
    /// then paces the rest).
    public var time: Duration

    /// Estimates a run.
    /// - Parameters:
    ///   - requests: how many requests the run sends.
    ///   - promptTokens: the average prompt, in tokens.
    ///   - maxTokens: the most tokens of each answer.
    ///   - price: the cost in US dollars of a usage.
    ///   - concurrency: requests in flight at once.
    ///   - latency: how long one request takes.
    ///   - limits: the provider's rate caps, if any.
    public init(
        requests: Int, promptTokens: Int, maxTokens: Int, price: (TokenUsage) -> Double, concurrency: Int, latency: Duration,
        limits: RateLimits = RateLimits()
    ) {
        let requests = max(requests, 0)
        self.requests = requests
        tokens = TokenUsage(input: requests * max(promptTokens, 0), output: requests * max(maxTokens, 0))
        cost = price(tokens)
        let waves = (requests + max(concurrency, 1) - 1) / max(concurrency, 1)
        var time = latency * waves
        if let rpm = limits.requestsPerMinute, requests > rpm {
            time = max(time, .seconds(60) * (Double(requests - rpm) / Double(rpm)) + latency)
        }
        if let tpm = limits.tokensPerMinute, tokens.total > tpm {
            time = max(time, .seconds(60) * (Double(tokens.total - tpm) / Double(tpm)) + latency)
        }
        self.time = time
    }
}
