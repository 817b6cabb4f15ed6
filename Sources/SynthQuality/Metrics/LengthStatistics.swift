/// Summary statistics of a sample of lengths (or any numbers): mean, spread and percentiles.
public struct LengthStatistics: Sendable, Hashable {
    /// The values, sorted ascending.
    public let sorted: [Double]

    /// Statistics of `values`.
    public init(_ values: [Double]) { sorted = values.sorted() }

    /// Statistics of the number of word tokens (as `WordTokens` splits them) in each text.
    public init(wordCountsOf texts: [String]) {
        self.init(
            texts.map { text in
                var count = 0
                WordTokens.forEachHash(in: text) { _ in count += 1 }
                return Double(count)
            })
    }

    /// The number of values.
    public var count: Int { sorted.count }
    /// The arithmetic mean (0 when empty).
    public var mean: Double { sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count) }

    /// The population standard deviation (divides by n, as `numpy.std`; 0 when empty).
    public var standardDeviation: Double {
        guard !sorted.isEmpty else { return 0 }
        let m = mean
        return (sorted.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(sorted.count)).squareRoot()
    }

    /// The smallest value (0 when empty).
    public var minimum: Double { sorted.first ?? 0 }
    /// The largest value (0 when empty).
    public var maximum: Double { sorted.last ?? 0 }
    /// The median: the 50th percentile.
    public var median: Double { percentile(50) }

    /// The `p`-th percentile (0–100), interpolating linearly between ranks as `numpy.percentile` does
    /// by default (0 when empty).
    public func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - Double(lower))
    }
}
