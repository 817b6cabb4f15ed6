/// How many requests may be in flight, adapted to what the server can take: additive increase
/// while requests succeed quickly, multiplicative decrease on backpressure (429, 503, 529) and
/// when latency rises above its running baseline.
///
/// The latency rule matters for self-hosted servers (llama.cpp, vLLM), which queue extra
/// requests instead of refusing them: past their capacity, more requests in flight only make each
/// one slower. A pure value type with no clock inside: every event says when it happened, as a
/// `Duration` since any fixed origin, so it is tested with simulated time.
public struct AdaptiveConcurrency: Sendable, Hashable {
    /// The bounds and the sensitivity of the controller.
    public struct Settings: Sendable, Hashable {
        /// The limit at the start.
        public var initial: Int
        /// The limit never goes below this.
        public var minimum: Int
        /// The limit never goes above this.
        public var maximum: Int
        /// The factor the limit is multiplied by on backpressure, in (0, 1).
        public var decrease: Double
        /// Latency counts as risen when the recent latency exceeds the baseline by this factor (> 1)…
        public var latencyTolerance: Double
        /// …and by at least this much: smaller rises are scheduling noise on the client, not a
        /// queue on the server (a loopback server answers in microseconds, give or take a few
        /// milliseconds).
        public var minimumRise: Duration
        /// After a decrease, signals are ignored for at least this long, so one burst of
        /// failures cuts the limit once.
        public var coolDown: Duration

        /// Makes settings; the defaults suit a hosted API or a local server alike.
        public init(
            initial: Int = 8, minimum: Int = 1, maximum: Int = 256, decrease: Double = 0.5, latencyTolerance: Double = 1.5,
            minimumRise: Duration = .milliseconds(50), coolDown: Duration = .seconds(1)
        ) {
            self.minimum = max(1, minimum)
            self.maximum = max(self.minimum, maximum)
            self.initial = min(max(initial, self.minimum), self.maximum)
            self.decrease = min(max(decrease, 0.05), 0.95)
            self.latencyTolerance = max(latencyTolerance, 1.05)
            self.minimumRise = max(minimumRise, .zero)
            self.coolDown = coolDown
        }
    }

    /// The settings.
    public let settings: Settings
    /// How many requests may be in flight now.
    public private(set) var limit: Int
    /// The latency the server gives when it is not queueing, in seconds: follows lower samples
    /// quickly and higher ones very slowly.
    public private(set) var baseline: Double?
    /// The recent latency, in seconds: a fast moving average of requests sent since the last cut.
    public private(set) var recent: Double?
    private var successes = 0
    private var lastDecrease: Duration?
    private var lastSample: Duration?

    // How fast the averages follow a new sample. The baseline rises by time, not by samples: at
    // 0.2% of the gap per second, a server that really became slower (longer answers) is accepted
    // within minutes, while a queue that builds over a few round trips is not mistaken for the new
    // normal, however many requests are in flight.
    private static let recentWeight = 0.2
    private static let baselineDownWeight = 0.2
    private static let baselineUpPerSecond = 0.002

    /// Starts at `settings.initial`.
    public init(_ settings: Settings = Settings()) {
        self.settings = settings
        limit = settings.initial
    }

    /// Notes a request that succeeded.
    /// - Parameters:
    ///   - sent: when it was sent.
    ///   - now: when its answer arrived.
    ///   - inFlight: how many requests were in flight when it ended, itself included; the limit
    ///     grows only while it is used, so an idle client does not build up a limit it never tested.
    public mutating func succeeded(sent: Duration, now: Duration, inFlight: Int) {
        let latency = max(Self.seconds(now - sent), 0)
        let elapsed = lastSample.map { max(Self.seconds(now - $0), 0) } ?? 0
        lastSample = max(lastSample ?? now, now)
        let upWeight = min(elapsed * Self.baselineUpPerSecond, 1)
        let base = baseline.map { $0 + (latency - $0) * (latency < $0 ? Self.baselineDownWeight : upWeight) } ?? latency
        baseline = base
        // A request sent before the last cut shows the load of the old limit, not of this one.
        if let last = lastDecrease, sent < last { return }
        let average = recent.map { $0 + (latency - $0) * Self.recentWeight } ?? latency
        recent = average
        if average > base * settings.latencyTolerance, average - base > Self.seconds(settings.minimumRise), base > 0 {
            // Past capacity a queueing server's latency grows with the requests in flight, so
            // scaling by baseline/recent lands near the capacity; the floor keeps a cut multiplicative.
            cut(sent: sent, now: now, by: max(base / average, settings.decrease))
            return
        }
        guard inFlight >= limit else { return }
        successes += 1
        // One step per window of `limit` successes: about one step per round trip, as in TCP.
        if successes >= limit {
            successes = 0
            limit = min(limit + 1, settings.maximum)
        }
    }

    /// Notes a request the server refused for overload (429, 503, 529).
    /// - Parameters:
    ///   - sent: when it was sent.
    ///   - now: when the refusal arrived.
    public mutating func backpressure(sent: Duration, now: Duration) {
        cut(sent: sent, now: now, by: settings.decrease)
    }

    /// Multiplies the limit by `factor` unless a cut happened too recently for this signal to be
    /// news: within the cool-down, or after the request carrying the signal was sent.
    @discardableResult
    private mutating func cut(sent: Duration, now: Duration, by factor: Double) -> Bool {
        if let last = lastDecrease, sent < last || now - last < settings.coolDown { return false }
        lastDecrease = now
        successes = 0
        recent = nil
        limit = max(settings.minimum, min(limit - 1, Int((Double(limit) * factor).rounded(.down))))
        return true
    }

    private static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }
}
