import Foundation

/// Shannon entropy, in bits, of the unigram frequencies of word tokens (as `WordTokens` splits and
/// lower-cases them): 0 for one repeated word, log2(V) for V words used equally often.
public struct VocabularyEntropy: Sendable {
    private var counts: [UInt64: Int] = [:]
    private var total = 0

    /// An empty tally.
    public init() {}

    /// Entropy of the words of all `texts`.
    public init(texts: [String]) {
        for text in texts { add(text) }
    }

    /// Counts the words of `text`.
    public mutating func add(_ text: String) {
        WordTokens.forEachHash(in: text) { hash in
            counts[hash, default: 0] += 1
            total += 1
        }
    }

    /// Adds the counts of `other` (the words of other texts) to these.
    public mutating func merge(_ other: VocabularyEntropy) {
        for (hash, count) in other.counts { counts[hash, default: 0] += count }
        total += other.total
    }

    /// The number of distinct words.
    public var vocabularySize: Int { counts.count }

    /// The entropy in bits (0 when no words).
    public var bits: Double {
        guard total > 0 else { return 0 }
        let n = Double(total)
        // Summed in a fixed order, so the same words give the same bits on every run (a dictionary's
        // order changes with its per-process hash seed and with the order words were added).
        return counts.values.sorted().reduce(0.0) { sum, count in
            let p = Double(count) / n
            return sum - p * log2(p)
        }
    }
}
