/// Requests-per-minute and tokens-per-minute caps, as two token buckets.
///
/// A bucket holds up to a minute's allowance and refills continuously. A request takes its share
/// at once, even when that leaves the bucket in debt, and waits until the debt is repaid: callers
/// are served in the order they asked, and no two are promised the same allowance. Pure: every
/// call says when it happens, as a `Duration` since any fixed origin.
public struct RateLimits: Sendable, Hashable {
    /// The most requests per minute, if capped.
    public let requestsPerMinute: Int?
    /// The most tokens (input and output) per minute, if capped.
    public let tokensPerMinute: Int?
    private var requests: Bucket?
    private var tokens: Bucket?

    /// Makes the caps; nil leaves a dimension uncapped. Both buckets start full.
    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute.map { max($0, 1) }
        self.tokensPerMinute = tokensPerMinute.map { max($0, 1) }
        requests = self.requestsPerMinute.map { Bucket(perMinute: $0) }
        tokens = self.tokensPerMinute.map { Bucket(perMinute: $0) }
    }

    /// Takes the allowance for one request of about `tokens` tokens and says how long to wait
    /// before sending it (zero when it may go now).
    public mutating func reserve(tokens count: Int, at now: Duration) -> Duration {
        let waitRequests = requests?.take(1, at: now) ?? .zero
        let waitTokens = tokens?.take(Double(max(count, 0)), at: now) ?? .zero
        return max(waitRequests, waitTokens)
    }

    private struct Bucket: Sendable, Hashable {
        let capacity: Double
        let perSecond: Double
        var level: Double
        var updated: Duration?

        init(perMinute: Int) {
            capacity = Double(perMinute)
            perSecond = Double(perMinute) / 60
            level = capacity
        }

        mutating func take(_ amount: Double, at now: Duration) -> Duration {
            if let updated, now > updated {
                let (s, atto) = (now - updated).components
                level = min(capacity, level + (Double(s) + Double(atto) * 1e-18) * perSecond)
            }
            updated = max(updated ?? now, now)
            level -= amount
            return level >= 0 ? .zero : .nanoseconds(Int64((-level / perSecond * 1e9).rounded(.up)))
        }
    }
}
