import SynthCore

/// When to retry a failed request: exponential backoff with full jitter, capped, never sooner
/// than the server's `Retry-After`, and not at all past a number of attempts.
///
/// Full jitter (a uniform wait between zero and the exponential bound) spreads the retries of
/// many clients that failed together, so they do not come back together.
public struct Backoff: Sendable, Hashable {
    /// The bound on the wait after the first attempt; it doubles after each further one.
    public var base: Duration
    /// The bound never grows past this (a server's `Retry-After` may ask for longer).
    public var cap: Duration
    /// The most attempts of one request, the first included.
    public var maxAttempts: Int

    /// Makes a policy.
    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(30), maxAttempts: Int = 6) {
        self.base = base
        self.cap = max(cap, base)
        self.maxAttempts = max(maxAttempts, 1)
    }

    /// How long to wait after attempt number `attempt` (1 for the first) failed, or nil when no
    /// attempt is left.
    /// - Parameters:
    ///   - retryAfter: what the server asked for, if it did; the wait is at least that.
    ///   - random: the source of the jitter, seeded so a run is reproducible.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: inout SeededRandom) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        // Doubling stops at the cap, so large attempt counts cannot overflow.
        var bound = base
        for _ in 1..<max(attempt, 1) where bound < cap { bound *= 2 }
        let jittered = min(bound, cap) * random.unit()
        return max(jittered, retryAfter ?? .zero)
    }
}
