/// The statistics SDMetrics' quality report is made of, written here to give the same numbers
/// (its definitions are in `sdmetrics.single_column` and `sdmetrics.column_pairs`).
public enum ColumnStatistics {
    /// 1 − the two-sample Kolmogorov–Smirnov statistic of the present values (NaN when either side has none).
    public static func ksComplement(_ real: [Double], _ synthetic: [Double]) -> Double {
        let a = real.filter { !$0.isNaN }
        let b = synthetic.filter { !$0.isNaN }
        guard !a.isEmpty, !b.isEmpty else { return .nan }
        return 1 - DistributionDistance.kolmogorovSmirnov(a, b)
    }

    /// 1 − the total variation distance between the label frequencies (missing values dropped),
    /// with SDMetrics' 1e-6 pseudo-count for labels only the synthetic data has; NaN when a side is empty.
    public static func tvComplement(_ real: [Int], _ synthetic: [Int]) -> Double {
        var realCounts: [Int: Double] = [:]
        var syntheticCounts: [Int: Double] = [:]
        for x in real where x >= 0 { realCounts[x, default: 0] += 1 }
        for x in synthetic where x >= 0 { syntheticCounts[x, default: 0] += 1 }
        // Sums run in label order, so the same data gives the same bits whatever the hash seed.
        let syntheticTotal = syntheticCounts.values.reduce(0, +)
        guard !realCounts.isEmpty, syntheticTotal > 0 else { return .nan }
        for label in syntheticCounts.keys where realCounts[label] == nil { realCounts[label] = 1e-6 }
        let realTotal = realCounts.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
        var variation = 0.0
        for (label, count) in realCounts.sorted(by: { $0.key < $1.key }) {
            variation += abs((syntheticCounts[label] ?? 0) / syntheticTotal - count / realTotal)
        }
        return 1 - 0.5 * variation
    }

    /// The Pearson correlation of the rows where both values are present (NaN with fewer than two, or a constant side).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        var xs: [Double] = []
        var ys: [Double] = []
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            xs.append(x[i])
            ys.append(y[i])
        }
        guard xs.count >= 2 else { return .nan }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in xs.indices {
            let dx = xs[i] - mx
            let dy = ys[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return min(max(sxy / (sxx.squareRoot() * syy.squareRoot()), -1), 1)
    }

    /// The number of distinct present values (SDMetrics calls a column with one constant).
    public static func distinctCount(_ x: [Double]) -> Int {
        Set(x.lazy.filter { !$0.isNaN }).count
    }

    /// SDMetrics' discretization of a continuous column: ten equal-width bins over the column's own
    /// present range (numpy `histogram_bin_edges` then `digitize`), so bins run 1...10, the maximum
    /// falls in 11, and missing values share 11 with it, as they do there.
    public static func bins(_ x: [Double]) -> [Int] {
        var lo = Double.infinity
        var hi = -Double.infinity
        for v in x where !v.isNaN {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi {
            lo = 0
            hi = 1
        } else if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let step = (hi - lo) / 10
        var edges = (0...10).map { Double($0) * step + lo }
        edges[10] = hi
        return x.map { v in
            if v.isNaN { return 11 }
            var count = 0
            for e in edges where e <= v { count += 1 }
            return count
        }
    }

    /// A contingency table of two discrete columns, keyed by the pair of values.
    static func contingency(_ a: [Int], _ b: [Int]) -> [Pair: Double] {
        var counts: [Pair: Double] = [:]
        for i in a.indices { counts[Pair(a: a[i], b: b[i]), default: 0] += 1 }
        return counts
    }

    struct Pair: Hashable, Comparable {
        var a: Int
        var b: Int

        static func < (x: Pair, y: Pair) -> Bool { (x.a, x.b) < (y.a, y.b) }
    }

    /// SDMetrics' ContingencySimilarity: 1 − half the summed absolute difference of the joint
    /// frequencies of two discrete columns (missing values are a value of their own).
    public static func contingencySimilarity(real: ([Int], [Int]), synthetic: ([Int], [Int])) -> Double {
        let r = contingency(real.0, real.1)
        let s = contingency(synthetic.0, synthetic.1)
        let nr = Double(real.0.count)
        let ns = Double(synthetic.0.count)
        guard nr > 0, ns > 0 else { return .nan }
        var variation = 0.0
        for (cell, count) in r.sorted(by: { $0.key < $1.key }) { variation += abs(count / nr - (s[cell] ?? 0) / ns) }
        for (cell, count) in s.sorted(by: { $0.key < $1.key }) where r[cell] == nil { variation += count / ns }
        return 1 - variation / 2
    }

    /// Cramér's V of two discrete columns (scipy's `association(method='cramer')`, no continuity
    /// correction); NaN when either has fewer than two values.
    public static func cramersV(_ a: [Int], _ b: [Int]) -> Double {
        let counts = contingency(a, b)
        var rows: [Int: Double] = [:]
        var columns: [Int: Double] = [:]
        for (cell, count) in counts {
            rows[cell.a, default: 0] += count
            columns[cell.b, default: 0] += count
        }
        guard rows.count >= 2, columns.count >= 2 else { return .nan }
        let n = Double(a.count)
        var chi2 = 0.0
        for (r, rowTotal) in rows.sorted(by: { $0.key < $1.key }) {
            for (c, columnTotal) in columns.sorted(by: { $0.key < $1.key }) {
                let expected = rowTotal * columnTotal / n
                let observed = counts[Pair(a: r, b: c)] ?? 0
                chi2 += (observed - expected) * (observed - expected) / expected
            }
        }
        return (chi2 / n / Double(min(rows.count, columns.count) - 1)).squareRoot()
    }
}

extension ColumnStatistics {
    /// The `p`th percentile with linear interpolation between order statistics (numpy's default); NaN for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = p / 100 * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
    }
}
