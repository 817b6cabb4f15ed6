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
        var statistics = BLEUStatistics(maxOrder: maxOrder)
        var counter = SegmentCounter(maxOrder: maxOrder)
        for i in hypotheses.indices {
            statistics.add(counter.statistics(hypotheses[i], references.map { $0[i] }))
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
        return hypotheses.indices.map { score(counter.statistics(hypotheses[$0], [references[$0]])) }
    }

    /// The score from summed segment statistics: sacrebleu's `BLEU.compute_bleu`.
    func score(_ s: BLEUStatistics) -> BLEUScore {
        var brevityPenalty = 1.0
        if s.systemLength < s.referenceLength {
            brevityPenalty = s.systemLength > 0 ? exp(1 - Double(s.referenceLength) / Double(s.systemLength)) : 0
        }
        var precisions = [Double](repeating: 0, count: maxOrder)
        var result = BLEUScore(
            score: 0, matches: s.matches, totals: s.totals, precisions: precisions, brevityPenalty: brevityPenalty,
            systemLength: s.systemLength, referenceLength: s.referenceLength)
        if s.matches.allSatisfy({ $0 == 0 }) { return result }
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

/// Sufficient statistics of BLEU for one segment or a sum of them.
struct BLEUStatistics {
    var systemLength = 0
    var referenceLength = 0
    var matches: [Int]
    var totals: [Int]

    init(maxOrder: Int) {
        matches = [Int](repeating: 0, count: maxOrder)
        totals = matches
    }

    mutating func add(_ other: BLEUStatistics) {
        systemLength += other.systemLength
        referenceLength += other.referenceLength
        for n in matches.indices {
            matches[n] += other.matches[n]
            totals[n] += other.totals[n]
        }
    }
}

/// Tokenizes segments and counts clipped n-gram matches, reusing its buffers and vocabulary.
struct SegmentCounter {
    let maxOrder: Int
    private var tokenizer = Tokenizer13a()
    private var interner = TokenInterner()
    private var ids: [UInt32] = []
    private var hypothesisKeys: [UInt128] = []
    private var referenceKeys: [UInt128] = []
    private var uniqueKeys: [UInt128] = []
    private var uniqueCounts: [Int] = []
    private var bestReferenceCounts: [Int] = []

    init(maxOrder: Int) { self.maxOrder = maxOrder }

    /// sacrebleu's `_compute_segment_statistics` for `hypothesis` against `references`.
    mutating func statistics(_ hypothesis: String, _ references: [String]) -> BLEUStatistics {
        var result = BLEUStatistics(maxOrder: maxOrder)
        ids.removeAll(keepingCapacity: true)
        tokenizer.appendTokens(of: hypothesis, to: &ids, interner: &interner)
        result.systemLength = ids.count
        PackedNGrams.sortedKeys(of: ids[...], maxOrder: maxOrder, into: &hypothesisKeys)
        uniqueKeys.removeAll(keepingCapacity: true)
        uniqueCounts.removeAll(keepingCapacity: true)
        for key in hypothesisKeys {
            if uniqueKeys.last == key {
                uniqueCounts[uniqueCounts.count - 1] += 1
            } else {
                uniqueKeys.append(key)
                uniqueCounts.append(1)
            }
            result.totals[PackedNGrams.order(of: key) - 1] += 1
        }
        bestReferenceCounts = [Int](repeating: 0, count: uniqueKeys.count)
        var closest = -1
        for reference in references {
            ids.removeAll(keepingCapacity: true)
            tokenizer.appendTokens(of: reference, to: &ids, interner: &interner)
            let length = ids.count
            let difference = abs(result.systemLength - length)
            if closest < 0 || difference < abs(result.systemLength - closest)
                || (difference == abs(result.systemLength - closest) && length < closest)
            {
                closest = length
            }
            PackedNGrams.sortedKeys(of: ids[...], maxOrder: maxOrder, into: &referenceKeys)
            mergeCounts()
        }
        result.referenceLength = max(closest, 0)
        for u in uniqueKeys.indices where bestReferenceCounts[u] > 0 {
            result.matches[PackedNGrams.order(of: uniqueKeys[u]) - 1] += min(uniqueCounts[u], bestReferenceCounts[u])
        }
        return result
    }

    /// Raises each hypothesis n-gram's best reference count to its count in `referenceKeys`.
    private mutating func mergeCounts() {
        var u = 0
        var r = 0
        while u < uniqueKeys.count && r < referenceKeys.count {
            let key = referenceKeys[r]
            if key < uniqueKeys[u] {
                r += 1
            } else if key > uniqueKeys[u] {
                u += 1
            } else {
                var count = 0
                while r < referenceKeys.count && referenceKeys[r] == key {
                    count += 1
                    r += 1
                }
                bestReferenceCounts[u] = max(bestReferenceCounts[u], count)
                u += 1
            }
        }
    }
}
