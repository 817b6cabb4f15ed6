import SynthCore

/// Self-BLEU (Zhu et al., 2018): how much a set of texts repeats itself. Each text of a sample is
/// scored by sentence BLEU against all the other texts of the sample as references, and self-BLEU
/// is the mean, 0–100; higher means less diverse.
///
/// Sentence BLEU is sacrebleu's (`sacrebleu.sentence_bleu(text, others)`: 13a tokens, exponential
/// smoothing, effective order). The sample is a seeded reservoir of `sampleSize` texts, so the same
/// texts in the same order and the same seed give the same sample however many texts stream past,
/// and a set no larger than the sample is used whole.
public struct SelfBLEU: Sendable {
    /// The most texts scored.
    public let sampleSize: Int
    /// The texts sampled so far.
    public private(set) var sample: [String] = []
    private var seen = 0
    private var random: SeededRandom

    /// An empty sample of at most `sampleSize` texts drawn with `seed`.
    public init(sampleSize: Int = 1000, seed: UInt64 = 0) {
        precondition(sampleSize >= 2, "self-BLEU needs a sample of at least two texts")
        self.sampleSize = sampleSize
        random = SeededRandom(seed: seed)
    }

    /// Offers `text` to the sample (reservoir sampling: each text seen so far is in the sample with
    /// the same chance).
    public mutating func add(_ text: String) {
        seen += 1
        if sample.count < sampleSize {
            sample.append(text)
        } else {
            let slot = random.below(seen)
            if slot < sampleSize { sample[slot] = text }
        }
    }

    /// Self-BLEU of the sample, or nil with fewer than two texts.
    public func score() -> Double? { Self.score(of: sample) }

    /// Self-BLEU of all of `texts`, or nil with fewer than two.
    ///
    /// Each text is tokenised and its n-grams counted once. For multi-reference BLEU a hypothesis
    /// n-gram matches at most as often as it occurs in the reference where it occurs most; keeping,
    /// per n-gram, the largest count, the text holding it and the second-largest count gives that
    /// maximum over all texts but the hypothesis in one look-up, so k texts cost O(k) n-gram work,
    /// not O(k²).
    public static func score(of texts: [String]) -> Double? {
        guard texts.count >= 2 else { return nil }
        return scores(of: texts).reduce(0, +) / Double(texts.count)
    }

    /// The sentence BLEU of each of `texts` against all the others (at least two texts).
    static func scores(of texts: [String]) -> [Double] {
        let counts = NGramCounts(texts)
        let bleu = BLEU.sentence()
        return texts.indices.map { bleu.score(counts.statistics(of: $0)).score }
    }
}

/// The distinct n-grams (orders 1–4) of each text with their counts, and per n-gram the two
/// largest counts over texts.
private struct NGramCounts {
    /// Per text, its distinct n-grams as (n-gram, count), in `grams[starts[t]..<starts[t + 1]]`.
    var grams: [(gram: Int32, count: Int32)] = []
    var starts: [Int] = [0]
    var lengths: [Int] = []
    /// Lengths in tokens, sorted, to find the closest reference length.
    var sortedLengths: [Int] = []
    /// Per n-gram: its order (0 for unigrams), its largest count, the text with that count, and the
    /// largest count in any other text.
    var order: [UInt8] = []
    var top: [Int32] = []
    var holder: [Int32] = []
    var second: [Int32] = []

    init(_ texts: [String]) {
        var tokenizer = Tokenizer13a()
        var interner = TokenInterner()
        var ids: [UInt32] = []
        var numbers: [UInt128: Int32] = [:]
        var local: [Int32] = []
        for (text, string) in texts.enumerated() {
            ids.removeAll(keepingCapacity: true)
            tokenizer.appendTokens(of: string, to: &ids, interner: &interner)
            lengths.append(ids.count)
            local.removeAll(keepingCapacity: true)
            for start in ids.indices {
                var key: UInt128 = 0
                for n in 0..<min(4, ids.count - start) {
                    // Ids are never 0, so n-grams of different orders get different keys.
                    key |= UInt128(ids[start + n]) << (32 * n)
                    if let gram = numbers[key] {
                        local.append(gram)
                    } else {
                        let gram = Int32(order.count)
                        numbers[key] = gram
                        order.append(UInt8(n))
                        top.append(0)
                        holder.append(-1)
                        second.append(0)
                        local.append(gram)
                    }
                }
            }
            local.sort()
            var i = 0
            while i < local.count {
                var j = i + 1
                while j < local.count && local[j] == local[i] { j += 1 }
                let gram = Int(local[i])
                let count = Int32(j - i)
                if count > top[gram] {
                    second[gram] = top[gram]
                    top[gram] = count
                    holder[gram] = Int32(text)
                } else if count > second[gram] {
                    second[gram] = count
                }
                grams.append((local[i], count))
                i = j
            }
            starts.append(grams.count)
        }
        sortedLengths = lengths.sorted()
    }

    /// The BLEU statistics of text `t` as the hypothesis and every other text as a reference.
    func statistics(of t: Int) -> BLEUStatistics {
        var result = BLEUStatistics()
        let length = lengths[t]
        result.systemLength = length
        result.referenceLength = closestOtherLength(to: length)
        for n in 0..<4 { result.totals[n] = max(0, length - n) }
        for (gram, count) in grams[starts[t]..<starts[t + 1]] {
            let g = Int(gram)
            let best = holder[g] == Int32(t) ? second[g] : top[g]
            result.matches[Int(order[g])] += Int(min(count, best))
        }
        return result
    }

    /// sacrebleu's closest reference length over the other texts: the nearest to `length`, the
    /// shorter on a tie. `length` itself is among the sorted lengths once for the hypothesis.
    private func closestOtherLength(to length: Int) -> Int {
        let low = firstIndex { $0 >= length }
        let high = firstIndex { $0 > length }
        if high - low >= 2 { return length }
        let shorter = low > 0 ? sortedLengths[low - 1] : nil
        let longer = high < sortedLengths.count ? sortedLengths[high] : nil
        guard let shorter else { return longer! }
        guard let longer else { return shorter }
        return longer - length < length - shorter ? longer : shorter
    }

    /// The first position in `sortedLengths` whose length satisfies `predicate` (which must be
    /// false then true along the array), or the count.
    private func firstIndex(where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = sortedLengths.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(sortedLengths[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
