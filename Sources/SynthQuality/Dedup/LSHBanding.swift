/// How a MinHash signature is cut into bands for locality-sensitive hashing: `bands` bands of
/// `rows` values each. Two texts become candidates when all rows of at least one band agree, which
/// for Jaccard index `s` happens with probability `1 − (1 − s^rows)^bands`.
public struct LSHBanding: Sendable, Hashable {
    /// The number of bands.
    public let bands: Int
    /// The number of signature values in each band.
    public let rows: Int

    /// A banding of `bands` × `rows` signature values.
    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "a banding needs at least one band of one row")
        self.bands = bands
        self.rows = rows
    }

    /// The banding that minimises the equally weighted sum of the false-positive area (the
    /// candidate probability integrated below `threshold`) and the false-negative area (its
    /// complement integrated above), over all `bands × rows ≤ permutations`, as datasketch does.
    public static func optimal(
        threshold: Double, permutations: Int, falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5
    ) -> LSHBanding {
        precondition(threshold > 0 && threshold < 1, "the threshold must lie strictly between 0 and 1")
        var best = LSHBanding(bands: 1, rows: 1)
        var bestError = Double.infinity
        for b in 1...permutations {
            for r in 1...(permutations / b) {
                let banding = LSHBanding(bands: b, rows: r)
                let falsePositive = integrate(0, threshold) { banding.candidateProbability(jaccard: $0) }
                let falseNegative = integrate(threshold, 1) { 1 - banding.candidateProbability(jaccard: $0) }
                let error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight
                if error < bestError {
                    bestError = error
                    best = banding
                }
            }
        }
        return best
    }

    /// The chance that two texts with Jaccard index `jaccard` share at least one band.
    public func candidateProbability(jaccard: Double) -> Double {
        1 - pow(1 - pow(jaccard, rows), bands)
    }

    /// The key of each band of `signature`, the band's number mixed in so one table holds all bands.
    func keys(of values: UnsafeBufferPointer<UInt32>) -> [UInt64] {
        precondition(values.count >= bands * rows, "the signature is shorter than the banding")
        var keys: [UInt64] = []
        keys.reserveCapacity(bands)
        for band in 0..<bands {
            var h = TextFingerprint.mix(0x0A40_9382_2299_F31D ^ UInt64(band))
            for i in (band * rows)..<((band + 1) * rows) { h = TextFingerprint.mix(h ^ UInt64(values[i])) }
            keys.append(TextFingerprint.finalize(h))
        }
        return keys
    }

    /// Simpson's rule with enough panels that the choice of banding matches adaptive quadrature.
    private static func integrate(_ lower: Double, _ upper: Double, _ f: (Double) -> Double) -> Double {
        let panels = 512
        let step = (upper - lower) / Double(panels)
        var sum = f(lower) + f(upper)
        for i in 1..<panels { sum += f(lower + Double(i) * step) * (i % 2 == 1 ? 4 : 2) }
        return sum * step / 3
    }
}

/// `base` raised to a non-negative whole power, without Foundation.
private func pow(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    var b = base
    var e = exponent
    while e > 0 {
        if e & 1 == 1 { result *= b }
        b *= b
        e >>= 1
    }
    return result
}
