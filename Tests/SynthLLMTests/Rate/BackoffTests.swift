import SynthCore
import SynthLLM
import Testing

@Test func backoffIsFullJitterUnderADoublingCappedBound() {
    let backoff = Backoff(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 10)
    var random = SeededRandom(seed: 1)
    let bounds: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)]
    for (i, bound) in bounds.enumerated() {
        let waits = (0..<500).map { _ in backoff.delay(afterAttempt: i + 1, retryAfter: nil, random: &random)! }
        #expect(waits.allSatisfy { $0 >= .zero && $0 <= bound })
        // Full jitter: waits spread over the whole range, not bunched at the bound.
        #expect(waits.min()! < bound * 0.05)
        #expect(waits.max()! > bound * 0.95)
    }
}

@Test func backoffWaitsAtLeastWhatRetryAfterAsks() {
    let backoff = Backoff(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 5)
    var random = SeededRandom(seed: 2)
    for _ in 0..<100 {
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(3), random: &random)! == .seconds(3))
        #expect(backoff.delay(afterAttempt: 4, retryAfter: .milliseconds(50), random: &random)! >= .milliseconds(50))
    }
}

@Test func backoffGivesUpAfterMaxAttemptsAndRepeatsForASeed() {
    let backoff = Backoff(maxAttempts: 3)
    var random = SeededRandom(seed: 3)
    #expect(backoff.delay(afterAttempt: 2, retryAfter: nil, random: &random) != nil)
    #expect(backoff.delay(afterAttempt: 3, retryAfter: nil, random: &random) == nil)
    #expect(backoff.delay(afterAttempt: 3, retryAfter: .seconds(1), random: &random) == nil)
    var a = SeededRandom(seed: 9)
    var b = SeededRandom(seed: 9)
    let first = (1..<3).map { backoff.delay(afterAttempt: $0, retryAfter: nil, random: &a) }
    let second = (1..<3).map { backoff.delay(afterAttempt: $0, retryAfter: nil, random: &b) }
    #expect(first == second)
}
