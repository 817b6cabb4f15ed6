/// What a scheduler did over a run, for the run summary.
public struct SchedulerStats: Sendable, Hashable {
    /// Requests sent to the provider, retries included.
    public var requests = 0
    /// Requests answered from the response cache, without sending anything.
    public var cacheHits = 0
    /// Requests given up: refused for good, or still failing after the last attempt.
    public var failed = 0
    /// Retries, by the kind of failure that caused them.
    public var retries: [ProviderFailure.Kind: Int] = [:]
    /// 429 answers (too many requests).
    public var rateLimited = 0
    /// The in-flight limit now.
    public var limit = 0
    /// The highest in-flight limit reached.
    public var peakLimit = 0
    /// Tokens of the answered requests (cache hits not included).
    public var tokens = TokenUsage()
    /// US dollars the answered requests cost.
    public var cost = 0.0
    var latencies = LatencyHistogram()

    /// The latency of answered requests below which `fraction` (0…1) of them lie, to within two
    /// percent (`latency(percentile: 0.5)` is the median); nil before any answer.
    public func latency(percentile fraction: Double) -> Duration? {
        latencies.percentile(fraction)
    }
}
