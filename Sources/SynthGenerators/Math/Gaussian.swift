import Foundation

// Written here: no listed package provides the normal quantile or small dense linear algebra.

/// The standard normal distribution and the few matrix steps the copula and the feature generator need.
enum Gaussian {
    /// Φ(x), the standard normal cumulative distribution.
    @inline(__always) static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * 0.7071067811865476)
    }

    /// The mean of the standard normal over the part whose Φ lies in `lo..<hi` (Φ⁻¹(lo) when the interval is a point).
    static func intervalMean(_ lo: Double, _ hi: Double) -> Double {
        guard hi > lo else { return quantile(lo) }
        let a = quantile(lo)
        let b = quantile(hi)
        let density = { (x: Double) in exp(-x * x / 2) * 0.3989422804014327 }
        return (density(a) - density(b)) / (hi - lo)
    }

    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error below 1.2e-9, far
    /// finer than any sampled value needs). p at or beyond 0 or 1 gives ∓8.5, the copula's clip.
    static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -clip }
        if p >= 1 { return clip }
        let low = 0.02425
        let x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        return min(max(x, -clip), clip)
    }

    /// Φ⁻¹(p) to about 1e-15: ``quantile(_:)`` polished with one Halley step; ∓∞ at 0 and 1.
    static func preciseQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        var x = quantile(p)
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// Latent scores are kept within ±8.5 so Φ of them stays strictly inside (0, 1).
    static let clip = 8.5

    private static let a = [
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
        2.506628277459239e+00,
    ]
    private static let b = [
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01,
    ]
    private static let c = [
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
        2.938163982698783e+00,
    ]
    private static let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]

    /// The lower Cholesky factor of the symmetric `n`×`n` matrix `m` (row-major), or nil when it is not positive definite.
    static func cholesky(_ m: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = m[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 1e-10 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return l
    }

    /// The nearest correlation matrix to `r` whose eigenvalues are at least 0.001, with its Cholesky factor.
    ///
    /// Negative or tiny eigenvalues (from estimated, corrected correlations) are raised to the floor
    /// and the diagonal rescaled to 1, which changes the well-estimated directions least; if rounding
    /// still defeats Cholesky, the off-diagonal is shrunk a little at a time.
    static func positiveDefinite(_ r: [Double], n: Int) -> (matrix: [Double], factor: [Double]) {
        if let factor = cholesky(r, n: n) { return (r, factor) }
        let (values, vectors) = eigen(r, n: n)
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += vectors[i * n + k] * max(values[k], 1e-5) * vectors[j * n + k] }
                m[i * n + j] = s
            }
        }
        let scale = (0..<n).map { 1 / m[$0 * n + $0].squareRoot() }
        for i in 0..<n {
            for j in 0..<n { m[i * n + j] = i == j ? 1 : m[i * n + j] * scale[i] * scale[j] }
        }
        var shrink = 0.0
        while true {
            var shrunk = m
            for i in 0..<n {
                for j in 0..<n where i != j { shrunk[i * n + j] *= 1 - shrink }
            }
            if let factor = cholesky(shrunk, n: n) { return (shrunk, factor) }
            shrink = shrink == 0 ? 1e-6 : min(1, shrink * 4)
        }
    }

    /// Eigenvalues and eigenvectors (columns of the row-major result) of a symmetric matrix, by cyclic Jacobi rotations.
    static func eigen(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n {
                for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] }
            }
            if off < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where abs(a[p * n + q]) > 1e-300 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p]
                        let akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k]
                        let aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p]
                        let vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }

    /// Inverse of the symmetric positive-definite `n`×`n` matrix `m`, through its Cholesky factor.
    static func inverse(_ m: [Double], n: Int) -> [Double] {
        let l = positiveDefinite(m, n: n).factor
        var inv = [Double](repeating: 0, count: n * n)
        for col in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = i == col ? 1.0 : 0
                for k in 0..<i { s -= l[i * n + k] * y[k] }
                y[i] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= l[k * n + i] * inv[k * n + col] }
                inv[i * n + col] = s / l[i * n + i]
            }
        }
        return inv
    }
}
