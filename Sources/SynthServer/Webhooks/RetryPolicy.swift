/// When a webhook delivery is tried again: after each failed attempt (an answer that is not
/// 2xx, a timeout or a connection error) the wait doubles, up to `attempts` attempts in all.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var attempts: Int
    /// The wait after the first failure; each later one doubles it.
    public var firstDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration
    /// How long one attempt may take before it counts as failed.
    public var timeout: Duration

    /// 5 attempts, 1 s after the first failure, then 2 s, 4 s and 8 s; 10 s per attempt.
    public static let standard = RetryPolicy(attempts: 5, firstDelay: .seconds(1), maxDelay: .seconds(3600), timeout: .seconds(10))

    public init(attempts: Int, firstDelay: Duration, maxDelay: Duration = .seconds(3600), timeout: Duration = .seconds(10)) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.timeout = timeout
    }

    /// What follows attempt number `attempt` (from 1) that answered `status` (nil: no answer).
    public func next(after attempt: Int, status: Int?) -> Step {
        if let status, (200..<300).contains(status) { return .delivered }
        guard attempt < attempts else { return .failed }
        var delay = firstDelay
        for _ in 1..<attempt where delay < maxDelay { delay *= 2 }
        return .retry(after: min(delay, maxDelay))
    }

    /// The next step of a delivery.
    public enum Step: Sendable, Hashable {
        /// The receiver took it.
        case delivered
        /// Try again after this long.
        case retry(after: Duration)
        /// No attempts are left.
        case failed
    }
}
