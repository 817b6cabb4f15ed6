/// Equal-width bins of integer values, labelled by their range, for report charts.
public enum Histogram {
    /// Up to `count` bins covering `values` from their minimum to their maximum.
    public static func bins(_ values: [Int], count: Int) -> [(label: String, value: Double)] {
        guard let lo = values.min(), let hi = values.max() else { return [] }
        let width = max(1, (hi - lo + count) / count)
        var tallies = [Int](repeating: 0, count: (hi - lo) / width + 1)
        for v in values { tallies[(v - lo) / width] += 1 }
        return tallies.enumerated().map { i, n in
            let start = lo + i * width
            return (width == 1 ? "\(start)" : "\(start)–\(start + width - 1)", Double(n))
        }
    }
}

/// Word frequencies (lower-cased word tokens), for the report's most-frequent-words chart.
public struct WordCounts: Sendable {
    private var counts: [String: Int] = [:]
    /// The words in the order they were first counted, so that `merge` can honour the limit as `add` does.
    private var order: [String] = []
    private let limit: Int

    /// Counts at most `limit` distinct words; later new words are not counted, so memory stays bounded.
    public init(limit: Int = 200_000) { self.limit = limit }

    /// Counts the words of `text`.
    public mutating func add(_ text: String) {
        for token in WordTokens.tokens(in: text) { count(token, times: 1) }
    }

    /// Adds the counts of `other`, which counted the texts that follow these (with no lower limit),
    /// as if this had counted those texts itself.
    public mutating func merge(_ other: WordCounts) {
        for word in other.order { count(word, times: other.counts[word]!) }
    }

    private mutating func count(_ word: String, times: Int) {
        if counts[word] == nil {
            guard counts.count < limit else { return }
            order.append(word)
        }
        counts[word, default: 0] += times
    }

    /// The `n` most frequent words with their counts, most frequent first (ties alphabetical).
    public func top(_ n: Int) -> [(String, Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map { ($0.key, $0.value) }
    }
}
