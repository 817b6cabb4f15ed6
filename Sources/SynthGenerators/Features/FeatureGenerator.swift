import Foundation
import SynthCore

/// Draws the rows of a feature schema in fixed-size batches, each from its own derived seed, so
/// the same seed gives the same bytes however the rows are streamed, and memory stays flat.
///
/// Numeric features are linked by a Gaussian copula: a correlated normal vector `z` is drawn and
/// each feature takes its distribution's quantile at Φ(z). The declared correlations are
/// Spearman's, which a copula keeps whatever the marginals; the normal correlation is
/// `2 sin(π ρ / 6)`. The target is stratified: every batch holds each class at its declared
/// share (to a row), and a row of a class is drawn from the model until its score falls in the
/// class's band, which is the model conditioned on the class.
public struct FeatureGenerator: Sendable {
    /// Rows per batch; fixed, because each batch's seed is derived from its index.
    public static let batchSize = 8192

    /// The schema being generated.
    public let schema: FeatureSchema
    /// The number of rows to generate.
    public let count: Int
    private let seed: UInt64
    private let numeric: [Int]
    private let cholesky: [[Double]]
    /// Categorical features that are drawn per row (all but the segment).
    private let categorical: [Int]
    /// The segment's cumulative weights, if the schema has a segment.
    private let segmentWeights: [Double]?
    /// Per drawn categorical feature, its cumulative weights per segment.
    private let categoryWeights: [[[Double]]]
    /// Per numeric feature, its distribution per segment.
    private let distributions: [[Distribution]]
    /// Per drawn categorical feature, the score added per level (empty when not weighted).
    private let categoryEffects: [[Double]]
    /// The score added per segment level (empty when not weighted).
    private let segmentEffects: [Double]
    private let weights: [Double]
    private let mixture: [(offset: Double, weight: Double)]
    private let scoreSD: Double
    /// Per class, the band of the score's distribution function it takes: [low, high).
    private let bands: [(low: Double, high: Double)]

    /// A generator of `count` rows of `schema` from `seed`.
    public init(schema: FeatureSchema, count: Int, seed: UInt64) throws(SynthError) {
        self.schema = schema
        self.count = count
        self.seed = seed
        numeric = schema.numericFeatures
        categorical = schema.features.indices.filter { !schema.features[$0].isNumeric && $0 != schema.segment }
        // Flattened once: the row loop then reads plain arrays instead of matching enums.
        func cumulative(_ index: Int) -> [[Double]] {
            guard case .categorical(_, let cumulative) = schema.features[index].kind else { return [] }
            return cumulative
        }
        segmentWeights = schema.segment.map { cumulative($0)[0] }
        categoryWeights = categorical.map(cumulative)
        distributions = numeric.map {
            guard case .numeric(let list) = schema.features[$0].kind else { return [] }
            return list
        }
        categoryEffects = categorical.map { schema.target?.effects[$0] ?? [] }
        segmentEffects = schema.segment.flatMap { schema.target?.effects[$0] } ?? []
        let latent = Self.latent(schema.correlations)
        let size = latent.count
        guard let factor = Gaussian.cholesky(latent.flatMap { $0 }, n: size) else {
            throw SynthError(.invalidSpec, "the correlation matrix is not positive definite")
        }
        cholesky = (0..<size).map { Array(factor[$0 * size..<($0 + 1) * size]) }
        guard let target = schema.target else {
            weights = []
            mixture = []
            scoreSD = 0
            bands = []
            return
        }
        weights = numeric.map { target.weights[$0] ?? 0 }
        var variance = target.noise * target.noise
        for i in numeric.indices { for j in numeric.indices { variance += weights[i] * latent[i][j] * weights[j] } }
        // The parser made sure the score has a continuous part (noise or a weighted numeric feature).
        scoreSD = variance.squareRoot()
        mixture = try Self.discreteScore(schema: schema, target: target)
        var running = 0.0
        var bands: [(low: Double, high: Double)] = []
        for c in target.classes {
            bands.append((1 - running - c.share, 1 - running))
            running += c.share
        }
        self.bands = bands
    }

    /// The normal (Pearson) correlation a Gaussian copula needs for Spearman correlations `spearman`.
    static func latent(_ spearman: [[Double]]) -> [[Double]] {
        spearman.map { row in row.map { 2 * sin(Double.pi * $0 / 6) } }
    }

    /// The distribution of the score's categorical part: offsets with probabilities.
    private static func discreteScore(schema: FeatureSchema, target: Target) throws(SynthError) -> [(offset: Double, weight: Double)] {
        let segments: [(level: Int, share: Double)]
        if let s = schema.segment, case .categorical(_, let cumulative) = schema.features[s].kind {
            segments = Self.shares(cumulative[0]).enumerated().map { ($0.offset, $0.element) }
        } else {
            segments = [(0, 1)]
        }
        var all: [(offset: Double, weight: Double)] = []
        for (level, share) in segments {
            var parts: [(offset: Double, weight: Double)] = [(schema.segment.flatMap { target.effects[$0]?[level] } ?? 0, share)]
            for (index, effects) in target.effects.sorted(by: { $0.key < $1.key }) where index != schema.segment {
                guard case .categorical(_, let cumulative) = schema.features[index].kind else { continue }
                let probabilities = Self.shares(cumulative[cumulative.count == 1 ? 0 : level])
                var next: [(offset: Double, weight: Double)] = []
                for part in parts {
                    for (k, p) in probabilities.enumerated() where p > 0 { next.append((part.offset + effects[k], part.weight * p)) }
                }
                parts = next
                guard parts.count <= 10_000 else {
                    throw SynthError(
                        .invalidSpec,
                        "target '\(target.name)': the categorical weights make more than 10000 combinations; weight fewer categorical features"
                    )
                }
            }
            all += parts
        }
        return all
    }

    private static func shares(_ cumulative: [Double]) -> [Double] {
        let total = cumulative[cumulative.count - 1]
        return cumulative.indices.map { ($0 == 0 ? cumulative[0] : cumulative[$0] - cumulative[$0 - 1]) / total }
    }

    /// The number of batches `count` rows take.
    public var batchCount: Int { (count + Self.batchSize - 1) / Self.batchSize }

    /// The column names, in order.
    public var columnNames: [String] {
        schema.features.map(\.name) + (schema.target.map { [$0.name] + ($0.value.map { [$0] } ?? []) } ?? [])
    }

    /// Batch `index` (rows `index × batchSize` up to the count).
    public func batch(_ index: Int) throws(SynthError) -> Table {
        let start = index * Self.batchSize
        let rows = min(Self.batchSize, count - start)
        var random = SeededRandom(seed: SplitMix64.derive(seed, UInt64(index)))
        let d = numeric.count
        var numbers = [Double](repeating: 0, count: d * rows)
        var codes = [Int32](repeating: 0, count: categorical.count * rows)
        var segments = [Int32](repeating: 0, count: rows)
        var labels = [Int32](repeating: 0, count: rows)
        var values = [Double](repeating: 0, count: rows)
        let classes = classOrder(rows: rows, random: &random)
        var e = [Double](repeating: 0, count: d)
        var z = [Double](repeating: 0, count: d)
        for row in 0..<rows {
            var tries = 0
            var u = 0.0
            var segment = 0
            while true {
                if let segmentWeights { segment = random.index(cumulative: segmentWeights) }
                for i in 0..<d { e[i] = random.normal(mean: 0, sd: 1) }
                for i in 0..<d {
                    var sum = 0.0
                    for k in 0...i { sum += cholesky[i][k] * e[k] }
                    z[i] = sum
                }
                for (c, weights) in categoryWeights.enumerated() {
                    codes[c * rows + row] = Int32(random.index(cumulative: weights[weights.count == 1 ? 0 : segment]))
                }
                guard let target = schema.target else { break }
                var score = target.noise > 0 ? random.normal(mean: 0, sd: target.noise) : 0
                for i in 0..<d { score += weights[i] * z[i] }
                for (c, effects) in categoryEffects.enumerated() where !effects.isEmpty { score += effects[Int(codes[c * rows + row])] }
                if !segmentEffects.isEmpty { score += segmentEffects[segment] }
                u = 0
                for part in mixture { u += part.weight * Gaussian.cdf((score - part.offset) / scoreSD) }
                let band = bands[classes[row]]
                if u >= band.low && u < band.high { break }
                tries += 1
                guard tries < 1_000_000 else {
                    throw SynthError(
                        .exhausted,
                        "target '\(target.name)': class '\(target.classes[classes[row]].label)' was not reached in a million draws")
                }
            }
            segments[row] = Int32(segment)
            for i in 0..<d {
                let list = distributions[i]
                numbers[i * rows + row] = Self.value(list[list.count == 1 ? 0 : segment], z: z[i])
            }
            if let target = schema.target {
                let k = classes[row]
                labels[row] = Int32(k)
                if let range = target.classes[k].range {
                    let band = bands[k]
                    let t = min(1, max(0, (u - band.low) / (band.high - band.low)))
                    values[row] = range.lowerBound + t * (range.upperBound - range.lowerBound)
                }
            }
        }
        var columns: [Column] = []
        for (f, feature) in schema.features.enumerated() {
            switch feature.kind {
            case .numeric(let list):
                let i = numeric.firstIndex(of: f)!
                let column = Array(numbers[(i * rows)..<((i + 1) * rows)])
                columns.append(
                    list[0].isInteger
                        ? Column(name: feature.name, kind: .integer, numbers: column)
                        : Column(name: feature.name, kind: .float, numbers: column, format: ColumnFormat(decimals: feature.decimals)))
            case .categorical(let levels, _):
                let column = categorical.firstIndex(of: f).map { Array(codes[($0 * rows)..<(($0 + 1) * rows)]) } ?? segments
                columns.append(Column(name: feature.name, kind: .categorical, codes: column, levels: levels))
            }
        }
        if let target = schema.target {
            columns.append(Column(name: target.name, kind: .categorical, codes: labels, levels: target.classes.map(\.label)))
            if let value = target.value {
                columns.append(Column(name: value, kind: .float, numbers: values, format: ColumnFormat(decimals: target.decimals)))
            }
        }
        return Table(columns: columns)
    }

    /// A feature's value at copula normal `z`: exact for normal and lognormal, else the quantile at Φ(z).
    static func value(_ distribution: Distribution, z: Double) -> Double {
        switch distribution {
        case .normal(let mean, let sd, let low, let high) where low == -.infinity && high == .infinity:
            return mean + sd * z
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * z)
        default:
            return distribution.quantile(min(1 - 1e-16, max(1e-16, Gaussian.cdf(z))))
        }
    }

    /// The class of each row of a batch: every class at its share of the batch (largest
    /// remainders fill the last rows), in a shuffled order.
    private func classOrder(rows: Int, random: inout SeededRandom) -> [Int] {
        guard let target = schema.target else { return [] }
        let exact = target.classes.map { $0.share * Double(rows) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down)) > (exact[$1] - exact[$1].rounded(.down)) }
        var left = rows - counts.reduce(0, +)
        for k in order where left > 0 {
            counts[k] += 1
            left -= 1
        }
        var classes: [Int] = []
        classes.reserveCapacity(rows)
        for (k, n) in counts.enumerated() { classes += repeatElement(k, count: n) }
        for i in stride(from: rows - 1, to: 0, by: -1) { classes.swapAt(i, random.below(i + 1)) }
        return classes
    }
}
