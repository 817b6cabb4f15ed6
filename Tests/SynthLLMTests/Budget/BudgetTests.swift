import Synchronization
import SynthCore
import SynthLLM
import SynthTesting
import Testing

@Test func aReservationThatCannotFitBesideTheSpendIsRefusedWithTheLimitAndSpend() async throws {
    let budget = Budget(maxCost: 1.0)
    let first = try await budget.reserve(cost: 0.6, tokens: 100)
    budget.settle(first, cost: 0.45, tokens: 80)
    #expect(budget.spent.cost == 0.45)
    #expect(budget.spent.tokens == 80)
    let error = await #expect(throws: SynthError.self) { try await budget.reserve(cost: 0.6, tokens: 10) }
    #expect(error?.code == .budget)
    #expect(error?.message.contains("cost limit of $1.00") == true)
    #expect(error?.message.contains("$0.45 spent (80 tokens)") == true)
    #expect(error?.message.contains("--max-cost") == true)
    // What still fits is granted.
    _ = try await budget.reserve(cost: 0.55, tokens: 10)
}

@Test func theTokenLimitIsNamedWhenItIsTheOneReached() async throws {
    let budget = Budget(maxCost: 100, maxTokens: 1000)
    let held = try await budget.reserve(cost: 0, tokens: 900)
    budget.settle(held, cost: 0.01, tokens: 950)
    let error = await #expect(throws: SynthError.self) { try await budget.reserve(cost: 0, tokens: 60) }
    #expect(error?.message.contains("token limit of 1000 is reached: 950 tokens used") == true)
    #expect(error?.message.contains("--max-tokens") == true)
}

@Test func aReservationWaitsForRequestsInFlightToSettle() async throws {
    let budget = Budget(maxCost: 1.0)
    let held = try await budget.reserve(cost: 0.8, tokens: 0)
    let granted = Mutex(false)
    let waiter = Task {
        let reservation = try await budget.reserve(cost: 0.5, tokens: 0)
        granted.withLock { $0 = true }
        return reservation
    }
    for _ in 0..<100 { await Task.yield() }
    #expect(!granted.withLock { $0 })
    // The request in flight cost less than its worst case: now the second one fits.
    budget.settle(held, cost: 0.3, tokens: 0)
    let second = try await waiter.value
    #expect(second.cost == 0.5)
}

@Test func manyConcurrentSendsNeverSpendPastTheCapAndStopWithTheBudgetError() async throws {
    // Worst case of each request: its 8 to 10 prompt bytes and 20 answer tokens at a cent a token,
    // $0.28 to $0.30; each really uses 2 + 15 tokens, $0.17.
    let provider = ScriptedProvider(usage: TokenUsage(input: 2, output: 15)) {
        for _ in 0..<3 { await Task.yield() }
    }
    let budget = Budget(maxCost: 5.0)
    let scheduler = RequestScheduler(
        provider: provider, settings: .init(concurrency: .init(initial: 64, maximum: 64)),
        price: { _, usage in Double(usage.total) * 0.01 },
        budget: budget)
    let outcomes = await withTaskGroup(of: Result<Delivery, any Error>.self) { group in
        for n in 0..<200 {
            group.addTask {
                do { return .success(try await scheduler.send(request(n))) } catch { return .failure(error) }
            }
        }
        var outcomes: [Result<Delivery, any Error>] = []
        for await outcome in group { outcomes.append(outcome) }
        return outcomes
    }
    let delivered = outcomes.compactMap { try? $0.get() }
    let refusals = outcomes.compactMap { outcome -> SynthError? in
        if case .failure(let error) = outcome { return error as? SynthError }
        return nil
    }
    #expect(refusals.count + delivered.count == 200)
    #expect(!refusals.isEmpty)
    #expect(refusals.allSatisfy { $0.code == .budget })
    #expect(budget.spent.cost <= 5.0)
    // The run used the budget up to the last request that could still fit.
    #expect(budget.spent.cost > 5.0 - 0.3)
    #expect(provider.calls == delivered.count)
    #expect(abs(delivered.reduce(0) { $0 + $1.cost } - budget.spent.cost) < 1e-9)
    let stats = await scheduler.stats
    #expect(abs(stats.cost - budget.spent.cost) < 1e-9)
}
