import Foundation
import SynthCore

/// One column's distribution in the copula: where each share of the unit interval maps to a value.
///
/// The interval `[0, missing)` maps to a missing value. The rest maps either to labels or numbers
/// with their frequencies (discrete: each value owns an interval as wide as its share, as SDV's
/// frequency encoding does) or through interpolated empirical quantiles (continuous).
struct Marginal: Sendable, Equatable, Codable {
    /// The share of rows with no value.
    var missing: Double
    /// Discrete: the upper end of each value's interval, in `(missing, 1]`.
    var cumulative: [Double]?
    /// Discrete numeric columns: the values, ascending.
    var values: [Double]?
    /// Categorical columns: the labels, most frequent first.
    var labels: [String]?
    /// Continuous columns: quantiles at evenly spaced probabilities from 0 to 1.
    var quantiles: [Double]?
    /// The step values are rounded to (1 for integers, a day for dates, 0.01 for two decimals); 0 for none.
    var resolution: Double

    /// Numeric columns with at most this many distinct values keep each value's exact share.
    static let discreteLimit = 32
    /// Continuous marginals keep at most this many quantiles.
    static let quantileCount = 1001

    /// The marginal of a numeric column.
    init(numbers: [Double], kind: ColumnKind, format: ColumnFormat) {
        let observed = numbers.filter { !$0.isNaN }.sorted()
        missing = numbers.isEmpty ? 0 : Double(numbers.count - observed.count) / Double(numbers.count)
        resolution = Self.resolution(kind: kind, format: format)
        var distinct: [Double] = []
        var counts: [Int] = []
        for x in observed {
            if distinct.last == x {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(x)
                counts.append(1)
                if distinct.count > Self.discreteLimit && kind != .boolean { break }
            }
        }
        if observed.isEmpty || distinct.count <= Self.discreteLimit || kind == .boolean {
            values = distinct
            cumulative = Self.cumulative(counts, missing: missing)
        } else if observed.count <= Self.quantileCount {
            quantiles = observed
        } else {
            let k = Self.quantileCount
            quantiles = (0..<k).map { i in
                let position = Double(i) / Double(k - 1) * Double(observed.count - 1)
                let lower = Int(position)
                let upper = min(lower + 1, observed.count - 1)
                return observed[lower] + (observed[upper] - observed[lower]) * (position - Double(lower))
            }
        }
    }

    /// A missing indicator: missing below `share` of the unit line, present above it.
    init(presentShareAbove share: Double) {
        missing = share
        values = [1]
        cumulative = [1]
        resolution = 0
    }

    /// A missing indicator's interval for a missing or a present value.
    func interval(missing isMissing: Bool) -> (Double, Double) {
        isMissing ? (0, missing) : (missing, 1)
    }

    /// The marginal of a categorical column with codes into `levels`.
    init(codes: [Int32], levels: [String]) {
        var counts = [Int](repeating: 0, count: levels.count)
        var absent = 0
        for code in codes {
            if code < 0 { absent += 1 } else { counts[Int(code)] += 1 }
        }
        missing = codes.isEmpty ? 0 : Double(absent) / Double(codes.count)
        // Most frequent first, ties in first-seen order, so the order is a function of the data.
        let order = levels.indices.filter { counts[$0] > 0 }.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        labels = order.map { levels[$0] }
        cumulative = Self.cumulative(order.map { counts[$0] }, missing: missing)
        resolution = 0
    }

    private static func cumulative(_ counts: [Int], missing: Double) -> [Double] {
        let total = Double(counts.reduce(0, +))
        var running = 0
        var out = counts.map { count -> Double in
            running += count
            return missing + (1 - missing) * Double(running) / total
        }
        if !out.isEmpty { out[out.count - 1] = 1 }
        return out
    }

    static func resolution(kind: ColumnKind, format: ColumnFormat) -> Double {
        switch kind {
        case .integer, .boolean: return 1
        case .datetime: return format.dateLayout == .date ? 86_400 : 1
        case .float: return format.decimals.map { pow(10, -Double($0)) } ?? 0
        case .categorical, .identifier, .text: return 0
        }
    }

    /// The interval of the unit line discrete value `level` owns.
    func interval(level: Int) -> (Double, Double) {
        let cumulative = cumulative ?? []
        return (level == 0 ? missing : cumulative[level - 1], cumulative[level])
    }

    /// The discrete level `u` falls in, or -1 for missing.
    func level(_ u: Double) -> Int {
        guard u >= missing, let cumulative, !cumulative.isEmpty else { return -1 }
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The number `u` maps to (NaN when missing), rounded to the column's resolution.
    func number(_ u: Double) -> Double {
        if let values {
            let level = level(u)
            return level < 0 ? .nan : values[level]
        }
        guard u >= missing, let quantiles, !quantiles.isEmpty else { return .nan }
        let v = missing < 1 ? min(max((u - missing) / (1 - missing), 0), 1) : 0
        let position = v * Double(quantiles.count - 1)
        let lower = min(Int(position), quantiles.count - 1)
        let upper = min(lower + 1, quantiles.count - 1)
        return rounded(quantiles[lower] + (quantiles[upper] - quantiles[lower]) * (position - Double(lower)))
    }

    /// `x` rounded to the column's resolution.
    func rounded(_ x: Double) -> Double {
        guard resolution > 0 else { return x }
        if resolution < 1 {
            let scale = (1 / resolution).rounded()
            return (x * scale).rounded() / scale
        }
        return (x / resolution).rounded() * resolution
    }

    /// The score of an observed number for fitting: its mid-rank share among the observed values.
    ///
    /// `sorted` is the column's observed values, ascending.
    static func midRank(_ x: Double, in sorted: [Double]) -> Double {
        let first = lowerBound(x, sorted)
        var lo = first
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        let last = lo
        return (Double(first + last) / 2) / Double(sorted.count)
    }

    /// The first index whose value is not below `x`.
    static func lowerBound(_ x: Double, _ sorted: [Double]) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The part of the unit line whose numbers lie within `lo...hi`, or nil when none do (continuous only).
    func span(from lo: Double, to hi: Double) -> (Double, Double)? {
        guard let q = quantiles, !q.isEmpty, lo <= hi, lo <= q[q.count - 1], hi >= q[0] else { return nil }
        let step = q.count > 1 ? 1 / Double(q.count - 1) : 1
        var vLo = 0.0
        var vHi = 1.0
        if q.count > 1 {
            let i = Self.lowerBound(lo, q)
            if i > 0 { vLo = (Double(i - 1) + (lo - q[i - 1]) / (q[i] - q[i - 1])) * step }
            var j = q.count - 1
            while j > 0 && q[j] > hi { j -= 1 }
            if j < q.count - 1 { vHi = (Double(j) + (q[j] == q[j + 1] ? 0 : (hi - q[j]) / (q[j + 1] - q[j]))) * step }
        }
        let uLo = missing + (1 - missing) * min(max(vLo, 0), 1)
        let uHi = missing + (1 - missing) * min(max(vHi, 0), 1)
        return uHi > uLo ? (uLo, uHi) : nil
    }

    /// The variance of the normal score's mean within each value's interval: 1 minus the variance
    /// that drawing at random within the intervals adds (1 for a continuous column with no missing values).
    var attenuation: Double {
        var intervals: [(Double, Double)] = missing > 0 ? [(0, missing)] : []
        if let cumulative {
            for level in cumulative.indices { intervals.append(interval(level: level)) }
        }
        var within = 0.0
        for (lo, hi) in intervals where hi > lo {
            let a = Gaussian.quantile(lo)
            let b = Gaussian.quantile(hi)
            let density = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
            let p = hi - lo
            let mean = (density(a) - density(b)) / p
            let square = 1 + (a * density(a) - b * density(b)) / p
            within += p * max(square - mean * mean, 0)
        }
        return max(1 - within, 0)
    }

    /// The smallest and largest value a numeric marginal gives, for messages.
    var support: (Double, Double)? {
        if let values, let first = values.first, let last = values.last { return (first, last) }
        if let quantiles, let first = quantiles.first, let last = quantiles.last { return (first, last) }
        return nil
    }
}
