import Foundation
import Synchronization
import SynthCore

/// Hard spend limits for a run: a cost in US dollars and a number of tokens, never exceeded.
///
/// Before a request goes out, its worst case (every prompt token plus `max_tokens` of answer) is
/// reserved; when the answer arrives the reservation is settled to what was really used. So the
/// settled spend stays within the limits as long as the worst cases are true bounds. A
/// reservation that only fits once requests in flight have settled waits for them; one that does
/// not fit beside what is already spent is refused. Safe to share between tasks and between
/// schedulers (a generator and a judge, say).
public final class Budget: Sendable {
    /// The most US dollars to spend, if limited.
    public let maxCost: Double?
    /// The most tokens (input and output) to use, if limited.
    public let maxTokens: Int?
    private let state = Mutex(State())

    /// What has been spent: settled requests only.
    public struct Spend: Sendable, Hashable {
        /// US dollars.
        public var cost: Double
        /// Tokens, input and output.
        public var tokens: Int
    }

    /// The hold one request has on the budget until it is settled.
    public struct Reservation: Sendable, Hashable {
        /// The most this request may cost, in US dollars.
        public let cost: Double
        /// The most tokens this request may use.
        public let tokens: Int
    }

    private struct State {
        var spent = Spend(cost: 0, tokens: 0)
        var reserved = Spend(cost: 0, tokens: 0)
        // Bumped by every settlement, so a waiter knows whether it missed one.
        var settlements = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private enum Decision {
        case granted(Reservation)
        case refused(SynthError)
        case wait(after: Int)
    }

    /// Makes a budget; nil leaves a dimension unlimited.
    /// - Parameter alreadySpent: what earlier sessions of the same run spent, counted against the limits.
    public init(maxCost: Double? = nil, maxTokens: Int? = nil, alreadySpent: (cost: Double, tokens: Int) = (0, 0)) {
        self.maxCost = maxCost
        self.maxTokens = maxTokens
        state.withLock { $0.spent = Spend(cost: alreadySpent.cost, tokens: alreadySpent.tokens) }
    }

    /// What settled requests have spent so far.
    public var spent: Spend { state.withLock { $0.spent } }

    /// Holds `cost` dollars and `tokens` tokens for one request, waiting while only requests in
    /// flight stand in the way; throws a `.budget` error naming the limit and the spend so far
    /// when the request does not fit beside what is already spent.
    public func reserve(cost: Double, tokens: Int) async throws(SynthError) -> Reservation {
        let cost = max(cost, 0)
        let tokens = max(tokens, 0)
        while true {
            let decision = state.withLock { state -> Decision in
                if let maxCost, state.spent.cost + cost > maxCost {
                    return .refused(
                        SynthError(
                            .budget,
                            "the cost limit of \(Self.dollars(maxCost)) is reached: \(Self.dollars(state.spent.cost)) spent "
                                + "(\(state.spent.tokens) tokens), and the next request may cost up to \(Self.dollars(cost)); "
                                + "raise --max-cost to go on"))
                }
                if let maxTokens, state.spent.tokens + tokens > maxTokens {
                    return .refused(
                        SynthError(
                            .budget,
                            "the token limit of \(maxTokens) is reached: \(state.spent.tokens) tokens used "
                                + "(\(Self.dollars(state.spent.cost))), and the next request may use up to \(tokens); "
                                + "raise --max-tokens to go on"))
                }
                if let maxCost, state.spent.cost + state.reserved.cost + cost > maxCost { return .wait(after: state.settlements) }
                if let maxTokens, state.spent.tokens + state.reserved.tokens + tokens > maxTokens {
                    return .wait(after: state.settlements)
                }
                state.reserved.cost += cost
                state.reserved.tokens += tokens
                return .granted(Reservation(cost: cost, tokens: tokens))
            }
            switch decision {
            case .granted(let reservation): return reservation
            case .refused(let error): throw error
            case .wait(let seen):
                await withCheckedContinuation { continuation in
                    let missed = state.withLock { state in
                        if state.settlements != seen { return true }
                        state.waiting.append(continuation)
                        return false
                    }
                    if missed { continuation.resume() }
                }
            }
        }
    }

    /// Releases `reservation` and books what the request really spent (zero for a request that
    /// failed without an answer).
    public func settle(_ reservation: Reservation, cost: Double, tokens: Int) {
        let waiting = state.withLock { state in
            state.reserved.cost = max(state.reserved.cost - reservation.cost, 0)
            state.reserved.tokens -= reservation.tokens
            state.spent.cost += cost
            state.spent.tokens += tokens
            state.settlements += 1
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// `amount` as dollars with cents, or with more digits for amounts under a cent.
    static func dollars(_ amount: Double) -> String {
        String(format: amount != 0 && abs(amount) < 0.01 ? "$%.6f" : "$%.2f", amount)
    }
}
