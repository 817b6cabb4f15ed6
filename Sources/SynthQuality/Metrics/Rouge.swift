/// Precision, recall and F-measure of one ROUGE variant for one pair.
public struct RougeScore: Sendable, Hashable {
    /// Overlap over prediction size.
    public var precision: Double
    /// Overlap over target size.
    public var recall: Double
    /// The harmonic mean of precision and recall (0 when both are 0).
    public var fMeasure: Double

    /// A score from its precision and recall.
    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        fMeasure = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L for one target–prediction pair.
public struct RougeScores: Sendable, Hashable {
    /// Unigram overlap.
    public var rouge1: RougeScore
    /// Bigram overlap.
    public var rouge2: RougeScore
    /// Longest common subsequence.
    public var rougeL: RougeScore
}

/// Per-pair ROUGE scores of a corpus and their mean F-measures.
public struct RougeCorpusScores: Sendable, Hashable {
    /// The scores of each pair, in order.
    public var pairs: [RougeScores]
    /// Mean ROUGE-1 F-measure over pairs (0 for no pairs).
    public var meanRouge1F: Double
    /// Mean ROUGE-2 F-measure over pairs.
    public var meanRouge2F: Double
    /// Mean ROUGE-L F-measure over pairs.
    public var meanRougeLF: Double
}

/// ROUGE-1/2/L exactly as rouge-score 0.1.2's `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=...)`
/// computes them: lower-cased runs of ASCII letters and digits, on interned token ids.
public struct Rouge: Sendable {
    /// When true, tokens longer than three letters are Porter-stemmed (NLTK's rules) before matching.
    public var useStemmer: Bool

    /// A scorer; `useStemmer` as rouge-score's `use_stemmer`.
    public init(useStemmer: Bool = false) { self.useStemmer = useStemmer }

    /// The scores of `prediction` against `target` (rouge-score's `score(target, prediction)`).
    public func score(target: String, prediction: String) -> RougeScores {
        var scorer = RougeCounter(useStemmer: useStemmer)
        return scorer.score(target, prediction)
    }

    /// The scores of each prediction against the target at the same position, and their mean F-measures.
    public func corpusScores(targets: [String], predictions: [String]) -> RougeCorpusScores {
        precondition(targets.count == predictions.count, "one target per prediction")
        var scorer = RougeCounter(useStemmer: useStemmer)
        let pairs = targets.indices.map { scorer.score(targets[$0], predictions[$0]) }
        func mean(_ f: (RougeScores) -> Double) -> Double {
            pairs.isEmpty ? 0 : pairs.reduce(0.0) { $0 + f($1) } / Double(pairs.count)
        }
        return RougeCorpusScores(
            pairs: pairs, meanRouge1F: mean { $0.rouge1.fMeasure }, meanRouge2F: mean { $0.rouge2.fMeasure },
            meanRougeLF: mean { $0.rougeL.fMeasure })
    }
}

/// Tokenizes and counts for ROUGE, reusing its buffers and vocabulary.
struct RougeCounter {
    private var interner = TokenInterner()
    private var stems = StemCache()
    private var token: [UInt8] = []
    private var target: [UInt32] = []
    private var prediction: [UInt32] = []
    private var targetKeys: [UInt64] = []
    private var predictionKeys: [UInt64] = []
    private var row: [Int32] = []

    init(useStemmer: Bool) { stems.isOn = useStemmer }

    mutating func score(_ targetText: String, _ predictionText: String) -> RougeScores {
        Self.tokens(of: targetText, into: &target, token: &token, interner: &interner, stems: &stems)
        Self.tokens(of: predictionText, into: &prediction, token: &token, interner: &interner, stems: &stems)
        return RougeScores(rouge1: ngramScore(1), rouge2: ngramScore(2), rougeL: lcsScore())
    }

    /// rouge-score's `tokenize`: `text.lower()`, non-[a-z0-9] to spaces, split. Python's `lower()` turns
    /// only two non-ASCII characters into ASCII letters: U+0130 to "i" plus a combining dot, and the
    /// Kelvin sign U+212A to "k".
    static func tokens(
        of text: String, into ids: inout [UInt32], token: inout [UInt8], interner: inout TokenInterner, stems: inout StemCache
    ) {
        func flush() {
            guard !token.isEmpty else { return }
            // rouge-score stems only tokens of more than three characters.
            if stems.isOn && token.count > 3 {
                if let id = stems.id(of: token, interner: &interner) { ids.append(id) }
            } else {
                ids.append(token.withUnsafeBufferPointer { interner.id(of: $0) })
            }
            token.removeAll(keepingCapacity: true)
        }
        ids.removeAll(keepingCapacity: true)
        token.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                var c = bytes[i]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                    token.append(c)
                } else if c == 0xC4 && i + 1 < bytes.count && bytes[i + 1] == 0xB0 {
                    token.append(0x69)
                    flush()
                } else if c == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x84 && bytes[i + 2] == 0xAA {
                    token.append(0x6B)
                    i += 2
                } else {
                    flush()
                }
                i += 1
            }
        }
        flush()
    }

    /// rouge-score's `_score_ngrams` for order `n` (1 or 2): clipped overlap over each side's n-gram count.
    private mutating func ngramScore(_ n: Int) -> RougeScore {
        Self.sortedKeys(target, n, &targetKeys)
        Self.sortedKeys(prediction, n, &predictionKeys)
        var overlap = 0
        var t = 0
        var p = 0
        while t < targetKeys.count && p < predictionKeys.count {
            if targetKeys[t] < predictionKeys[p] {
                t += 1
            } else if targetKeys[t] > predictionKeys[p] {
                p += 1
            } else {
                overlap += 1
                t += 1
                p += 1
            }
        }
        return RougeScore(
            precision: Double(overlap) / Double(max(predictionKeys.count, 1)),
            recall: Double(overlap) / Double(max(targetKeys.count, 1)))
    }

    private static func sortedKeys(_ ids: [UInt32], _ n: Int, _ keys: inout [UInt64]) {
        keys.removeAll(keepingCapacity: true)
        guard ids.count >= n else { return }
        for i in 0...(ids.count - n) {
            keys.append(n == 1 ? UInt64(ids[i]) : UInt64(ids[i]) | UInt64(ids[i + 1]) << 32)
        }
        keys.sort()
    }

    /// rouge-score's `_score_lcs`: longest common subsequence over each side's length, in one DP row.
    private mutating func lcsScore() -> RougeScore {
        guard !target.isEmpty && !prediction.isEmpty else { return RougeScore(precision: 0, recall: 0) }
        let length = Double(Self.lcsLength(target, prediction, row: &row))
        return RougeScore(precision: length / Double(prediction.count), recall: length / Double(target.count))
    }

    /// The length of the longest common subsequence of two non-empty token lists, in one DP row
    /// (`row` is scratch space, kept to save allocations).
    static func lcsLength(_ target: [UInt32], _ prediction: [UInt32], row: inout [Int32]) -> Int {
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: repeatElement(0, count: prediction.count + 1))
        return row.withUnsafeMutableBufferPointer { row in
            for t in target {
                var diagonal: Int32 = 0
                for j in 1...prediction.count {
                    let above = row[j]
                    row[j] = t == prediction[j - 1] ? diagonal + 1 : max(above, row[j - 1])
                    diagonal = above
                }
            }
            return Int(row[prediction.count])
        }
    }
}

/// Remembers each word's stem, so each distinct word is stemmed once.
struct StemCache {
    var isOn = false
    private var words = TokenInterner()
    // The stem's id for each word id (word ids start at 1); 0 while not yet stemmed.
    private var stemIDs: [UInt32] = [0]

    /// The interned id of the stem of `word`, or nil when the stem is empty (rouge-score drops it).
    mutating func id(of word: [UInt8], interner: inout TokenInterner) -> UInt32? {
        let wordID = Int(word.withUnsafeBufferPointer { words.id(of: $0) })
        if wordID == stemIDs.count {
            let stem = PorterStemmer.stem(word)
            stemIDs.append(stem.isEmpty ? UInt32.max : stem.withUnsafeBufferPointer { interner.id(of: $0) })
        }
        return stemIDs[wordID] == UInt32.max ? nil : stemIDs[wordID]
    }
}
