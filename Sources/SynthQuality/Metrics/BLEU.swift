import Foundation

/// How BLEU scores n-gram orders with no matches, as in sacrebleu (Chen and Cherry, 2014).
public enum BLEUSmoothing: Sendable, Hashable {
    /// No smoothing (sacrebleu `none`): a zero precision makes the score 0.
    case unsmoothed
    /// Zero matches count as `value` matches (sacrebleu `floor`, default 0.1).
    case floor(Double)
    /// Adds `value` to matches and totals of orders 2 and up (sacrebleu `add-k`, default 1).
    case addK(Double)
    /// The NIST geometric smoothing, 1/2^k for the k-th zero order (sacrebleu `exp`, the default).
    case exponential
}

/// A BLEU score with the figures it was computed from, as sacrebleu's `BLEUScore` reports them.
public struct BLEUScore: Sendable, Hashable {
    /// The score, 0–100.
    public var score: Double
    /// Matched (clipped) n-grams per order, before any smoothing.
    public var matches: [Int]
    /// Hypothesis n-grams per order.
    public var totals: [Int]
    /// The n-gram precisions per order, 0–100, after smoothing.
    public var precisions: [Double]
    /// The brevity penalty, 0–1.
    public var brevityPenalty: Double
    /// Hypothesis tokens in all.
    public var systemLength: Int
    /// Closest reference tokens in all.
    public var referenceLength: Int
}

/// BLEU exactly as sacrebleu 2.6.0 computes it with the default `13a` tokenizer, on interned token ids.
public struct BLEU: Sendable {
    /// How orders with no matches are scored.
    public var smoothing: BLEUSmoothing
    /// When true, orders past the last one with any hypothesis n-grams are left out (sacrebleu `effective_order`).
    public var effectiveOrder: Bool
    /// The highest n-gram order, 1–4.
    public let maxOrder: Int

    /// A BLEU metric; the defaults are those of `sacrebleu.corpus_bleu`.
    public init(smoothing: BLEUSmoothing = .exponential, effectiveOrder: Bool = false, maxOrder: Int = 4) {
        precondition((1...4).contains(maxOrder), "BLEU supports n-gram orders 1 to 4")
        self.smoothing = smoothing
        self.effectiveOrder = effectiveOrder
        self.maxOrder = maxOrder
    }

    /// The defaults of `sacrebleu.sentence_bleu`: effective order on.
    public static func sentence(smoothing: BLEUSmoothing = .exponential) -> BLEU {
        BLEU(smoothing: smoothing, effectiveOrder: true)
    }

    /// Corpus BLEU of `hypotheses` against reference streams, like `sacrebleu.corpus_bleu(hypotheses, references)`:
    /// `references[k][i]` is the k-th reference of hypothesis `i`.
    public func corpusScore(hypotheses: [String], references: [[String]]) -> BLEUScore {
        precondition(references.allSatisfy { $0.count == hypotheses.count }, "each reference stream needs one line per hypothesis")
        var statistics = BLEUStatistics()
        var counter = SegmentCounter(maxOrder: maxOrder)
        for i in hypotheses.indices {
            statistics.add(counter.statistics(hypotheses[i], references.lazy.map { $0[i] }))
        }
        return score(statistics)
    }

    /// Sentence BLEU of one hypothesis against its references, like `sacrebleu.sentence_bleu`
    /// when made with `BLEU.sentence()`.
    public func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
        var counter = SegmentCounter(maxOrder: maxOrder)
        return score(counter.statistics(hypothesis, references))
    }

    /// Sentence BLEU of each hypothesis against the reference at the same position, sharing one vocabulary.
    public func sentenceScores(hypotheses: [String], references: [String]) -> [BLEUScore] {
        precondition(hypotheses.count == references.count, "one reference per hypothesis")
        var counter = SegmentCounter(maxOrder: maxOrder)
        return hypotheses.indices.map { score(counter.statistics(hypotheses[$0], CollectionOfOne(references[$0]))) }
    }

    /// The score from summed segment statistics: sacrebleu's `BLEU.compute_bleu`.
    func score(_ s: BLEUStatistics) -> BLEUScore {
        var brevityPenalty = 1.0
        if s.systemLength < s.referenceLength {
            brevityPenalty = s.systemLength > 0 ? exp(1 - Double(s.referenceLength) / Double(s.systemLength)) : 0
        }
        var precisions = [Double](repeating: 0, count: maxOrder)
        var result = BLEUScore(
            score: 0, matches: (0..<maxOrder).map { s.matches[$0] }, totals: (0..<maxOrder).map { s.totals[$0] }, precisions: precisions,
            brevityPenalty: brevityPenalty,
            systemLength: s.systemLength, referenceLength: s.referenceLength)
        if s.matches == .zero { return result }
        var smoothMteval = 1.0
        var order = maxOrder
        for n in 0..<maxOrder {
            var correct = Double(s.matches[n])
            var total = Double(s.totals[n])
            if case .addK(let k) = smoothing, n > 0 {
                correct += k
                total += k
            }
            if total == 0 { break }
            if effectiveOrder { order = n + 1 }
            if correct == 0 {
                switch smoothing {
                case .exponential:
                    smoothMteval *= 2
                    precisions[n] = 100 / (smoothMteval * total)
                case .floor(let value): precisions[n] = 100 * value / total
                case .addK, .unsmoothed: break
                }
            } else {
                precisions[n] = 100 * correct / total
            }
        }
        // sacrebleu floors log(0) at -9999999999 rather than failing.
        let logSum = precisions[..<order].reduce(0.0) { $0 + ($1 == 0 ? -9_999_999_999 : log($1)) }
        result.precisions = precisions
        result.score = brevityPenalty * exp(logSum / Double(order))
        return result
    }
}

/// Sufficient statistics of BLEU for one segment or a sum of them (orders past `maxOrder` stay 0).
struct BLEUStatistics {
    var systemLength = 0
    var referenceLength = 0
    var matches = SIMD4<Int>()
    var totals = SIMD4<Int>()

    mutating func add(_ other: BLEUStatistics) {
        systemLength += other.systemLength
        referenceLength += other.referenceLength
        matches &+= other.matches
        totals &+= other.totals
    }
}

/// Tokenizes segments and counts clipped n-gram matches, reusing its buffers and vocabulary.
struct SegmentCounter {
    let maxOrder: Int
    private var tokenizer = Tokenizer13a()
    private var interner = TokenInterner()
    private var ids: [UInt32] = []
    private var table = NGramTable()
    private var lengths: [Int] = []

    init(maxOrder: Int) { self.maxOrder = maxOrder }

    /// sacrebleu's `_compute_segment_statistics` for `hypothesis` against `references`: each hypothesis
    /// n-gram matches at most as often as it occurs in the reference where it occurs most.
    mutating func statistics(_ hypothesis: String, _ references: some Collection<String>) -> BLEUStatistics {
        var result = BLEUStatistics()
        lengths.removeAll(keepingCapacity: true)
        for reference in references {
            ids.removeAll(keepingCapacity: true)
            tokenizer.appendTokens(of: reference, to: &ids, interner: &interner)
            table.addReference(ids, maxOrder: maxOrder)
            lengths.append(ids.count)
        }
        ids.removeAll(keepingCapacity: true)
        tokenizer.appendTokens(of: hypothesis, to: &ids, interner: &interner)
        result.systemLength = ids.count
        // sacrebleu's `_get_closest_ref_len`: the nearest length, the shorter on a tie.
        var closest = -1
        for length in lengths {
            let difference = abs(ids.count - length)
            if closest < 0 || difference < abs(ids.count - closest) || (difference == abs(ids.count - closest) && length < closest) {
                closest = length
            }
        }
        result.referenceLength = max(closest, 0)
        table.match(ids, maxOrder: maxOrder, matches: &result.matches, totals: &result.totals)
        table.reset()
        return result
    }
}

/// A hash table from packed n-grams (32 bits per token id, ids never 0, so the order is the number
/// of non-zero lanes) to their best count over the references of one segment.
struct NGramTable {
    private var keys = [UInt128](repeating: 0, count: 256)
    private var current = [Int32](repeating: 0, count: 256)
    private var best = [Int32](repeating: 0, count: 256)
    private var used: [Int] = []

    /// Counts the n-grams of one reference, keeping for each the largest count over references so far.
    mutating func addReference(_ ids: [UInt32], maxOrder: Int) {
        if (used.count + ids.count * maxOrder) * 2 > keys.count { grow(to: (used.count + ids.count * maxOrder) * 4) }
        Self.forEachNGram(ids, maxOrder) { key, _ in
            let slot = slot(of: key, inserting: true)
            current[slot] += 1
        }
        for slot in used {
            best[slot] = max(best[slot], current[slot])
            current[slot] = 0
        }
    }

    /// Adds the hypothesis n-grams per order to `totals` and their clipped matches to `matches`.
    mutating func match(_ ids: [UInt32], maxOrder: Int, matches: inout SIMD4<Int>, totals: inout SIMD4<Int>) {
        Self.forEachNGram(ids, maxOrder) { key, order in
            totals[order] += 1
            let slot = slot(of: key, inserting: false)
            if slot >= 0 && best[slot] > 0 {
                best[slot] -= 1
                matches[order] += 1
            }
        }
    }

    /// Empties the table for the next segment.
    mutating func reset() {
        for slot in used {
            keys[slot] = 0
            best[slot] = 0
            current[slot] = 0
        }
        used.removeAll(keepingCapacity: true)
    }

    @inline(__always) private static func forEachNGram(_ ids: [UInt32], _ maxOrder: Int, _ body: (UInt128, Int) -> Void) {
        ids.withUnsafeBufferPointer { ids in
            for i in 0..<ids.count {
                var key: UInt128 = 0
                for n in 0..<min(maxOrder, ids.count - i) {
                    key |= UInt128(ids[i + n]) << (32 * n)
                    body(key, n)
                }
            }
        }
    }

    /// The slot holding `key`; when absent, a new slot if `inserting`, else -1.
    @inline(__always) private mutating func slot(of key: UInt128, inserting: Bool) -> Int {
        let mask = keys.count - 1
        let mixed =
            (UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        var slot = Int(truncatingIfNeeded: mixed >> 32) & mask
        while true {
            let k = keys[slot]
            if k == key { return slot }
            if k == 0 {
                guard inserting else { return -1 }
                keys[slot] = key
                used.append(slot)
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow(to minimum: Int) {
        var capacity = keys.count
        while capacity < minimum { capacity *= 2 }
        let old = used.map { (keys[$0], best[$0]) }
        keys = [UInt128](repeating: 0, count: capacity)
        current = [Int32](repeating: 0, count: capacity)
        best = [Int32](repeating: 0, count: capacity)
        used.removeAll(keepingCapacity: true)
        for (key, count) in old { best[slot(of: key, inserting: true)] = count }
    }
}
