import Foundation

/// The distribution of one numeric feature, drawn through its quantile function so a Gaussian
/// copula can correlate features whatever their shapes.
public enum Distribution: Sendable, Equatable {
    /// Real numbers spread evenly over `min...max`.
    case uniform(min: Double, max: Double)
    /// A normal with `mean` and `sd`, truncated to `low...high` (infinite bounds when not clipped).
    case normal(mean: Double, sd: Double, low: Double, high: Double)
    /// A beta(a, b) on `[0, 1]`, scaled to `min...max`; `table` inverts its distribution function.
    case beta(a: Double, b: Double, min: Double, max: Double, table: BetaTable)
    /// exp of a normal(mu, sigma).
    case lognormal(mu: Double, sigma: Double)
    /// Whole numbers spread evenly over `min...max`.
    case integer(min: Int, max: Int)

    /// The value at probability `u` in (0, 1) (the quantile function).
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .uniform(let lo, let hi):
            return lo + u * (hi - lo)
        case .normal(let mean, let sd, let low, let high):
            if low == -.infinity && high == .infinity { return mean + sd * Gaussian.preciseQuantile(u) }
            let a = Gaussian.cdf((low - mean) / sd)
            let b = Gaussian.cdf((high - mean) / sd)
            return min(high, max(low, mean + sd * Gaussian.preciseQuantile(a + u * (b - a))))
        case .beta(_, _, let lo, let hi, let table):
            return lo + table.quantile(u) * (hi - lo)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * Gaussian.preciseQuantile(u))
        case .integer(let lo, let hi):
            return min(Double(hi), (Double(lo) + u * Double(hi - lo + 1)).rounded(.down))
        }
    }

    /// True for distributions of whole numbers.
    public var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }

    /// The mean, for checking a declared minimum standard deviation before generating.
    public var mean: Double {
        switch self {
        case .uniform(let lo, let hi):
            return (lo + hi) / 2
        case .normal(let mean, let sd, let low, let high):
            let (pa, pb, z) = Self.truncation(mean: mean, sd: sd, low: low, high: high)
            return mean + sd * (pa - pb) / z
        case .beta(let a, let b, let lo, let hi, _):
            return lo + (hi - lo) * a / (a + b)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * sigma / 2)
        case .integer(let lo, let hi):
            return Double(lo + hi) / 2
        }
    }

    // The standard normal density at the standardized bounds and the mass between them.
    private static func truncation(mean: Double, sd: Double, low: Double, high: Double) -> (Double, Double, Double) {
        let alpha = (low - mean) / sd
        let beta = (high - mean) / sd
        let pa = alpha.isFinite ? exp(-alpha * alpha / 2) / (2 * Double.pi).squareRoot() : 0
        let pb = beta.isFinite ? exp(-beta * beta / 2) / (2 * Double.pi).squareRoot() : 0
        return (pa, pb, Gaussian.cdf(beta) - Gaussian.cdf(alpha))
    }

    /// The standard deviation, for checking a declared minimum before generating.
    public var standardDeviation: Double {
        switch self {
        case .uniform(let lo, let hi):
            return (hi - lo) / 12.0.squareRoot()
        case .normal(let mean, let sd, let low, let high):
            if low == -.infinity && high == .infinity { return sd }
            let (pa, pb, z) = Self.truncation(mean: mean, sd: sd, low: low, high: high)
            let alpha = (low - mean) / sd
            let beta = (high - mean) / sd
            let ta = alpha.isFinite ? alpha * pa : 0
            let tb = beta.isFinite ? beta * pb : 0
            let variance = 1 + (ta - tb) / z - ((pa - pb) / z) * ((pa - pb) / z)
            return sd * max(0, variance).squareRoot()
        case .beta(let a, let b, let lo, let hi, _):
            return (hi - lo) * (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        case .lognormal(let mu, let sigma):
            return ((exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)).squareRoot()
        case .integer(let lo, let hi):
            let n = Double(hi - lo + 1)
            return ((n * n - 1) / 12).squareRoot()
        }
    }
}

/// The beta quantile function, tabulated once per (a, b) and read by interpolation.
///
/// The beta has no closed-form inverse; inverting the incomplete beta per value would cost
/// hundreds of operations for each of a million rows. Nodes are denser near 0 and 1, where
/// the distribution function is steepest.
public struct BetaTable: Sendable, Equatable {
    private let xs: [Double]
    private let cdf: [Double]

    /// The table of beta(a, b).
    public init(a: Double, b: Double, nodes: Int = 4096) {
        var xs: [Double] = []
        var cdf: [Double] = []
        xs.reserveCapacity(nodes + 1)
        cdf.reserveCapacity(nodes + 1)
        for i in 0...nodes {
            let x = (1 - cos(Double.pi * Double(i) / Double(nodes))) / 2
            xs.append(x)
            cdf.append(Probability.incompleteBeta(x, a, b))
        }
        self.xs = xs
        self.cdf = cdf
    }

    /// The x in [0, 1] with I_x(a, b) = u.
    public func quantile(_ u: Double) -> Double {
        var lo = 0
        var hi = cdf.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if cdf[mid] <= u { lo = mid } else { hi = mid }
        }
        let span = cdf[hi] - cdf[lo]
        let t = span > 0 ? (u - cdf[lo]) / span : 0
        return xs[lo] + min(1, max(0, t)) * (xs[hi] - xs[lo])
    }
}
