/// Distances between two distributions: of lengths (numbers) or of labels (categories).
public enum DistributionDistance {
    /// The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs
    /// (`scipy.stats.ks_2samp(a, b).statistic`). 0 when either sample is empty.
    public static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty && !b.isEmpty else { return 0 }
        let a = a.sorted()
        let b = b.sorted()
        var i = 0
        var j = 0
        var largest = 0.0
        // Step both CDFs past each distinct value in turn; the gap is checked after every value.
        while i < a.count || j < b.count {
            let x = j >= b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            while i < a.count && a[i] == x { i += 1 }
            while j < b.count && b[j] == x { j += 1 }
            largest = max(largest, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return largest
    }

    /// The 1-D Wasserstein (earth mover's) distance between two samples with equal weights:
    /// the area between their empirical CDFs (`scipy.stats.wasserstein_distance(a, b)`). Both must be non-empty.
    public static func wasserstein(_ a: [Double], _ b: [Double]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "Wasserstein distance needs two non-empty samples")
        let a = a.sorted()
        let b = b.sorted()
        let all = (a + b).sorted()
        var i = 0
        var j = 0
        var area = 0.0
        for k in 0..<(all.count - 1) {
            while i < a.count && a[i] <= all[k] { i += 1 }
            while j < b.count && b[j] <= all[k] { j += 1 }
            area += abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)) * (all[k + 1] - all[k])
        }
        return area
    }

    /// The total variation distance between two categorical distributions given as samples of labels:
    /// half the sum over labels of the difference in relative frequency, 0–1.
    public static func totalVariation<Label: Hashable>(_ a: [Label], _ b: [Label]) -> Double {
        var countsA: [Label: Int] = [:]
        var countsB: [Label: Int] = [:]
        for label in a { countsA[label, default: 0] += 1 }
        for label in b { countsB[label, default: 0] += 1 }
        return totalVariation(counts: countsA, countsB)
    }

    /// The total variation distance between two categorical distributions given as counts per label.
    public static func totalVariation<Label: Hashable>(counts a: [Label: Int], _ b: [Label: Int]) -> Double {
        let totalA = Double(a.values.reduce(0, +))
        let totalB = Double(b.values.reduce(0, +))
        func share(_ count: Int?, _ total: Double) -> Double { total == 0 ? 0 : Double(count ?? 0) / total }
        var sum = 0.0
        for (label, count) in a { sum += abs(share(count, totalA) - share(b[label], totalB)) }
        for (label, count) in b where a[label] == nil { sum += share(count, totalB) }
        return sum / 2
    }
}
