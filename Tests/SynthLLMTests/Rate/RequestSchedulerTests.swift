import SynthCore
import SynthLLM
import SynthTesting
import Testing

private let fast = Backoff(base: .milliseconds(100), cap: .seconds(10), maxAttempts: 4)

/// Waits, by yielding, until `condition` holds or many turns have passed.
private func eventually(_ condition: () -> Bool) async {
    for _ in 0..<100_000 where !condition() { await Task.yield() }
}

@Test func a429IsRetriedAfterItsRetryAfter() async throws {
    let clock = TestClock()
    let provider = ScriptedProvider { call, request in
        call == 1
            ? .fail(ProviderFailure(.rateLimited, status: 429, retryAfter: .seconds(5), "slow down"))
            : .answer("ok", TokenUsage(input: 3, output: 4))
    }
    let scheduler = RequestScheduler(provider: provider, settings: .init(backoff: fast), clock: clock)
    let delivery = try await scheduler.send(request(1))
    #expect(delivery.completion.text == "ok")
    #expect(delivery.attempts == 2)
    #expect(!delivery.cached)
    #expect(clock.sleeps == [.seconds(5)])
    let stats = await scheduler.stats
    #expect(stats.requests == 2)
    #expect(stats.rateLimited == 1)
    #expect(stats.retries == [.rateLimited: 1])
    #expect(stats.tokens == TokenUsage(input: 3, output: 4))
}

@Test func serverErrorsAreRetriedWithGrowingJitteredWaits() async throws {
    let clock = TestClock()
    let provider = ScriptedProvider { call, _ in
        call <= 2 ? .fail(ProviderFailure(.server, status: 500, "internal error")) : .answer("ok", TokenUsage())
    }
    let scheduler = RequestScheduler(provider: provider, settings: .init(backoff: fast), clock: clock)
    let delivery = try await scheduler.send(request(1))
    #expect(delivery.attempts == 3)
    #expect(provider.calls == 3)
    let sleeps = clock.sleeps
    #expect(sleeps.count == 2)
    #expect(sleeps[0] <= .milliseconds(100))
    #expect(sleeps[1] <= .milliseconds(200))
    #expect(await scheduler.stats.retries == [.server: 2])
}

@Test func a401IsNotRetriedAndTheErrorSaysWhatToCheck() async throws {
    let clock = TestClock()
    let provider = ScriptedProvider(name: "openai") { _, _ in .fail(ProviderFailure(.unauthorized, status: 401, "invalid API key")) }
    let scheduler = RequestScheduler(provider: provider, settings: .init(backoff: fast), clock: clock)
    let error = await #expect(throws: SynthError.self) { try await scheduler.send(request(1)) }
    #expect(error?.code == .provider)
    #expect(
        error?.message
            == "provider 'openai' refused the request for model 'm': HTTP 401: invalid API key; "
            + "check the API key set for this provider and that it may use this model")
    #expect(provider.calls == 1)
    #expect(clock.sleeps.isEmpty)
    #expect(await scheduler.stats.failed == 1)
}

@Test func retriesStopAtTheMaximumAttempts() async throws {
    let provider = ScriptedProvider { _, _ in .fail(ProviderFailure(.overloaded, status: 503, "busy")) }
    let scheduler = RequestScheduler(
        provider: provider, settings: .init(backoff: Backoff(base: .milliseconds(100), maxAttempts: 3)), clock: TestClock())
    let error = await #expect(throws: SynthError.self) { try await scheduler.send(request(1)) }
    #expect(error?.message.hasPrefix("provider 'scripted' still failed after 3 attempts for model 'm': HTTP 503: busy; ") == true)
    #expect(provider.calls == 3)
}

@Test func requestsInFlightNeverExceedTheLimit() async throws {
    let gate = Gate()
    let provider = ScriptedProvider(hold: { await gate.wait() })
    let scheduler = RequestScheduler(provider: provider, settings: .init(concurrency: .init(initial: 4, maximum: 4)))
    try await withThrowingTaskGroup(of: Delivery.self) { group in
        for n in 0..<20 { group.addTask { try await scheduler.send(request(n)) } }
        await eventually { provider.inFlight == 4 }
        // Give the other sixteen every chance to get in while the four are held.
        for _ in 0..<1000 { await Task.yield() }
        #expect(provider.inFlight == 4)
        await gate.release()
        var answered = 0
        for try await _ in group { answered += 1 }
        #expect(answered == 20)
    }
    #expect(provider.peakInFlight == 4)
}

@Test func aBurstOf429sHalvesTheLimitOnce() async throws {
    let gate = Gate()
    let provider = ScriptedProvider(
        hold: { await gate.wait() }, script: { _, _ in .fail(ProviderFailure(.rateLimited, status: 429, "slow down")) })
    let scheduler = RequestScheduler(
        provider: provider, settings: .init(concurrency: .init(initial: 8, maximum: 8), backoff: Backoff(maxAttempts: 1)),
        clock: TestClock())
    await withTaskGroup(of: Void.self) { group in
        for n in 0..<8 { group.addTask { _ = try? await scheduler.send(request(n)) } }
        await eventually { provider.inFlight == 8 }
        await gate.release()
    }
    let stats = await scheduler.stats
    #expect(stats.rateLimited == 8)
    #expect(stats.failed == 8)
    #expect(stats.limit == 4)
    #expect(stats.peakLimit == 8)
}

@Test func aCallerCancelledWhileWaitingForAPermitSendsNothing() async throws {
    let gate = Gate()
    let provider = ScriptedProvider(hold: { await gate.wait() })
    let scheduler = RequestScheduler(provider: provider, settings: .init(concurrency: .init(initial: 1, maximum: 1)))
    let first = Task { try await scheduler.send(request(1)) }
    await eventually { provider.inFlight == 1 }
    let second = Task { try await scheduler.send(request(2)) }
    for _ in 0..<100 { await Task.yield() }
    second.cancel()
    await #expect(throws: CancellationError.self) { try await second.value }
    await gate.release()
    _ = try await first.value
    #expect(provider.calls == 1)
    // The line is not stuck: a later request goes through.
    _ = try await scheduler.send(request(3))
    #expect(provider.calls == 2)
}

@Test func requestsPerMinuteArePacedByTheScheduler() async throws {
    let clock = TestClock()
    let scheduler = RequestScheduler(
        provider: ScriptedProvider(), settings: .init(limits: RateLimits(requestsPerMinute: 60)), clock: clock)
    for n in 0..<62 { _ = try await scheduler.send(request(n)) }
    #expect(clock.sleeps == [.seconds(1), .seconds(1)])
}

@Test func aDeliveryCarriesItsCostAndLatencyAndTheStatsAddThemUp() async throws {
    let clock = TestClock()
    let provider = ScriptedProvider(usage: TokenUsage(input: 100, output: 50), hold: { clock.advance(by: .seconds(2)) })
    let scheduler = RequestScheduler(
        provider: provider, price: { model, usage in model == "m" ? Double(usage.total) * 0.001 : 1 }, clock: clock)
    let delivery = try await scheduler.send(request(1))
    #expect(abs(delivery.cost - 0.15) < 1e-12)
    #expect(delivery.latency == .seconds(2))
    _ = try await scheduler.send(request(2))
    let stats = await scheduler.stats
    #expect(stats.tokens == TokenUsage(input: 200, output: 100))
    #expect(abs(stats.cost - 0.3) < 1e-12)
    let median = try #require(stats.latency(percentile: 0.5))
    #expect(median >= .seconds(2) && median <= .seconds(2) * 1.02)
}

@Test func theSchedulerIsAProvider() async throws {
    let provider: any LLMProvider = RequestScheduler(provider: ScriptedProvider(name: "local"))
    #expect(provider.name == "local")
    #expect(try await provider.complete(request(7)).text == "answer to text(\"prompt 7\")")
}
