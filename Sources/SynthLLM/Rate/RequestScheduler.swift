import SynthCore

/// One answer from a `RequestScheduler`, and what it took.
public struct Delivery: Sendable, Hashable {
    /// The answer.
    public var completion: Completion
    /// Requests sent for it, retries included; 0 when it came from the cache.
    public var attempts: Int
    /// How long the answering request took (zero from the cache).
    public var latency: Duration
    /// True when the answer came from the response cache.
    public var cached: Bool
    /// What it cost in US dollars (zero from the cache).
    public var cost: Double

    /// Makes a delivery.
    public init(completion: Completion, attempts: Int, latency: Duration, cached: Bool, cost: Double) {
        self.completion = completion
        self.attempts = attempts
        self.latency = latency
        self.cached = cached
        self.cost = cost
    }
}

/// Sends requests to a provider the way a careful client should: answers from the response
/// cache when it can, keeps within the budget and the rate caps, adapts how many requests are in
/// flight to what the server takes (waiting callers are served first come, first served), and
/// retries transient failures with backoff.
///
/// It is itself an `LLMProvider`, so anything that takes a provider can take it.
public actor RequestScheduler: LLMProvider {
    /// How the scheduler paces and retries.
    public struct Settings: Sendable, Hashable {
        /// The adaptive in-flight limit.
        public var concurrency: AdaptiveConcurrency.Settings
        /// Requests- and tokens-per-minute caps.
        public var limits: RateLimits
        /// When to retry, and how often.
        public var backoff: Backoff
        /// The answer length assumed for requests that leave `max_tokens` open, when reserving
        /// budget and rate allowance.
        public var defaultMaxTokens: Int
        /// Seeds the retry jitter.
        public var seed: UInt64

        /// Makes settings.
        public init(
            concurrency: AdaptiveConcurrency.Settings = .init(), limits: RateLimits = RateLimits(), backoff: Backoff = Backoff(),
            defaultMaxTokens: Int = 4096, seed: UInt64 = 0
        ) {
            self.concurrency = concurrency
            self.limits = limits
            self.backoff = backoff
            self.defaultMaxTokens = defaultMaxTokens
            self.seed = seed
        }
    }

    /// The wrapped provider's name.
    public nonisolated let name: String
    /// The spend limits, shared with whatever else spends from them.
    public nonisolated let budget: Budget?
    /// The response cache, if any.
    public nonisolated let cache: ResponseCache?
    private nonisolated let provider: any LLMProvider
    private nonisolated let settings: Settings
    private nonisolated let price: @Sendable (_ model: String, _ usage: TokenUsage) -> Double
    private nonisolated let now: @Sendable () -> Duration
    private nonisolated let sleep: @Sendable (Duration) async throws -> Void

    private var concurrency: AdaptiveConcurrency
    private var limits: RateLimits
    private var random: SeededRandom
    private var inFlight = 0
    private var waiters: [Waiter?] = []
    private var nextWaiter = 0
    private var waiterCount = 0
    private var waiterID = 0
    private var counters = SchedulerStats()

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// Wraps `provider`.
    /// - Parameters:
    ///   - price: the cost in US dollars of a usage of a model; zero when not given.
    ///   - budget: spend limits to keep within, if any.
    ///   - cache: where answers are looked up before sending and stored after, if anywhere.
    ///   - clock: the time source for waits and latencies (a test clock in tests).
    public init(
        provider: any LLMProvider, settings: Settings = Settings(),
        price: @escaping @Sendable (_ model: String, _ usage: TokenUsage) -> Double = { _, _ in 0 }, budget: Budget? = nil,
        cache: ResponseCache? = nil, clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.provider = provider
        name = provider.name
        self.settings = settings
        self.price = price
        self.budget = budget
        self.cache = cache
        let start = clock.now
        now = { start.duration(to: clock.now) }
        sleep = { try await clock.sleep(for: $0) }
        concurrency = AdaptiveConcurrency(settings.concurrency)
        limits = settings.limits
        random = SeededRandom(seed: settings.seed)
        counters.limit = concurrency.limit
        counters.peakLimit = concurrency.limit
    }

    /// What the scheduler has done so far.
    public var stats: SchedulerStats { counters }

    /// The answer to `request`; see `send(_:)`.
    public nonisolated func complete(_ request: CompletionRequest) async throws -> Completion {
        try await send(request).completion
    }

    /// Answers `request` from the cache, or sends it, retrying transient failures.
    ///
    /// Waits while the rate caps, the in-flight limit or budget held by requests in flight say so.
    /// Throws `SynthError(.budget)` when the request's worst case does not fit beside what is
    /// already spent (nothing is sent), `SynthError(.provider)` when the provider refuses it for good or still fails
    /// after the last attempt, and `CancellationError` when the task is cancelled while waiting.
    public nonisolated func send(_ request: CompletionRequest) async throws -> Delivery {
        let key = cache.map { _ in ResponseCache.key(provider: name, request: request) }
        if let key, let hit = cache?.lookup(key) {
            await countHit()
            return Delivery(completion: hit, attempts: 0, latency: .zero, cached: true, cost: 0)
        }
        let worst = TokenEstimate.worstCase(request, defaultMaxTokens: settings.defaultMaxTokens)
        let paced = settings.limits.requestsPerMinute != nil || settings.limits.tokensPerMinute != nil
        let expected = TokenEstimate.typical(request, defaultMaxTokens: settings.defaultMaxTokens).total
        var reservation: Budget.Reservation?
        // Returns the budget a request held when it ends without an answer.
        func release() {
            if let reservation { budget?.settle(reservation, cost: 0, tokens: 0) }
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                if paced {
                    let wait = await reserveRate(tokens: expected)
                    if wait > .zero { try await sleep(wait) }
                }
                try await acquire()
            } catch {
                release()
                throw error
            }
            // Reserved once a permit is held, so only requests about to go hold budget.
            if reservation == nil, let budget {
                do {
                    reservation = try await budget.reserve(cost: price(request.model, worst), tokens: worst.total)
                } catch {
                    await abandon(sent: false)
                    throw error
                }
            }
            let sent = now()
            var completion: Completion
            do {
                completion = try await provider.complete(request)
            } catch let failure as ProviderFailure {
                guard let retry = await finish(failure, sent: sent, attempt: attempt) else {
                    release()
                    throw giveUp(failure, request: request, attempts: attempt)
                }
                do {
                    try await sleep(retry)
                } catch {
                    release()
                    throw error
                }
                continue
            } catch {
                await abandon(sent: true)
                release()
                throw error
            }
            let cost = price(request.model, completion.usage)
            if let reservation { budget?.settle(reservation, cost: cost, tokens: completion.usage.total) }
            let latency = await finish(completion, cost: cost, sent: sent)
            completion.latency = latency
            if let key { try cache?.store(completion, for: key) }
            return Delivery(completion: completion, attempts: attempt, latency: latency, cached: false, cost: cost)
        }
    }

    private func countHit() {
        counters.cacheHits += 1
    }

    private func reserveRate(tokens: Int) -> Duration {
        limits.reserve(tokens: tokens, at: now())
    }

    /// Takes an in-flight permit, waiting in line when the limit is reached.
    private func acquire() async throws {
        try Task.checkCancellation()
        if waiterCount == 0, inFlight < concurrency.limit {
            inFlight += 1
            return
        }
        waiterID += 1
        let id = waiterID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, continuation: continuation))
                waiterCount += 1
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters[nextWaiter...].firstIndex(where: { $0?.id == id }), let waiter = waiters[index] else { return }
        waiters[index] = nil
        waiterCount -= 1
        waiter.continuation.resume(throwing: CancellationError())
    }

    /// Hands free permits to the callers waiting longest.
    private func admitWaiters() {
        while inFlight < concurrency.limit, waiterCount > 0 {
            let waiter = waiters[nextWaiter]
            waiters[nextWaiter] = nil
            nextWaiter += 1
            guard let waiter else { continue }
            waiterCount -= 1
            inFlight += 1
            waiter.continuation.resume()
        }
        // Drop the served prefix now and then, so the line does not grow for the whole run.
        if nextWaiter > 1024, nextWaiter * 2 > waiters.count {
            waiters.removeFirst(nextWaiter)
            nextWaiter = 0
        }
    }

    /// Returns the permit of a request that answered, and feeds its latency to the limit.
    private func finish(_ completion: Completion, cost: Double, sent: Duration) -> Duration {
        let ended = now()
        concurrency.succeeded(sent: sent, now: ended, inFlight: inFlight)
        inFlight -= 1
        counters.requests += 1
        counters.tokens = counters.tokens + completion.usage
        counters.cost += cost
        counters.latencies.add(ended - sent)
        noteLimit()
        admitWaiters()
        return ended - sent
    }

    /// Returns the permit of a request that failed and says how long to wait before retrying it,
    /// or nil to give up.
    private func finish(_ failure: ProviderFailure, sent: Duration, attempt: Int) -> Duration? {
        if failure.isBackpressure { concurrency.backpressure(sent: sent, now: now()) }
        if failure.kind == .rateLimited { counters.rateLimited += 1 }
        inFlight -= 1
        counters.requests += 1
        noteLimit()
        admitWaiters()
        guard failure.isRetryable,
            let delay = settings.backoff.delay(afterAttempt: attempt, retryAfter: failure.retryAfter, random: &random)
        else {
            counters.failed += 1
            return nil
        }
        counters.retries[failure.kind, default: 0] += 1
        return delay
    }

    /// Returns the permit of a request that ended without the provider's answer: refused by the
    /// budget, or cancelled.
    private func abandon(sent: Bool) {
        inFlight -= 1
        if sent { counters.requests += 1 }
        admitWaiters()
    }

    private func noteLimit() {
        counters.limit = concurrency.limit
        counters.peakLimit = max(counters.peakLimit, concurrency.limit)
    }

    private nonisolated func giveUp(_ failure: ProviderFailure, request: CompletionRequest, attempts: Int) -> SynthError {
        let advice: String
        switch failure.kind {
        case .unauthorized: advice = "check the API key set for this provider and that it may use this model"
        case .badRequest: advice = "check the model name and the parameters (max_tokens, stop, output schema) this provider accepts"
        case .rateLimited, .overloaded:
            advice = "the server is overloaded; set a lower requests- or tokens-per-minute cap, or try again later"
        case .server: advice = "the server keeps failing; check its logs or try again later"
        case .transport: advice = "check that the server is running and reachable at the provider's base URL"
        case .malformed: advice = "the server does not answer in the API's format; check the provider's base URL and kind"
        }
        let what =
            failure.isRetryable
            ? "still failed after \(attempts) attempts" : "refused the request"
        return SynthError(.provider, "provider '\(name)' \(what) for model '\(request.model)': \(failure); \(advice)")
    }
}
