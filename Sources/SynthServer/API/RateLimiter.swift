import Foundation
import Synchronization

/// Requests per minute for each caller, as token buckets: a caller may burst up to the minute's
/// allowance, then gets 429 with the seconds until a request is allowed again.
public final class RateLimiter: Sendable {
    public let perMinute: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// The time in seconds since 1970 (a test fixes it, so that allowances do not refill mid-test).
    let clock: @Sendable () -> Double

    public init(perMinute: Int, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Takes one request from `caller`'s allowance at `now` (seconds; the limiter's clock when
    /// nil); nil when allowed, else the whole seconds to wait.
    public func take(_ caller: String, now: Double? = nil) -> Int? {
        let now = now ?? clock()
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[caller] ?? Bucket(tokens: Double(perMinute), updated: now)
            bucket.tokens = min(Double(perMinute), bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer { buckets[caller] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
