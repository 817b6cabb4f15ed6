import Foundation
import SynthCore

/// A Gaussian copula: each column's own distribution, joined through the correlation of normal scores.
///
/// Fitting maps every value to a share of the unit line through its column's ``Marginal`` (a
/// missing value or a label to a random point of its interval, a number to its mid-rank), then to a
/// normal score, and keeps the correlation of those scores (pulled toward the identity until it is
/// positive definite). Sampling draws correlated normal scores and maps each back through its marginal.
///
/// Conditions are met by construction: each conditioned column's allowed values are a union of
/// intervals on its normal score. One conditioned column is drawn exactly from its truncated normal
/// (inverse CDF); several are drawn by Gibbs sweeps over their truncated conditionals. The other
/// columns are then drawn from the multivariate normal given the conditioned scores.
public struct GaussianCopula: TabularModel {
    public static let name = "copula"

    /// One modelled column: its name, kind, output format and distribution.
    struct ModelColumn: Sendable, Equatable, Codable {
        var name: String
        var kind: ColumnKind
        var format: ColumnFormat
        var marginal: Marginal
    }

    var columns: [ModelColumn]
    /// The correlation of the normal scores, row-major, positive definite.
    var correlation: [Double]

    /// Gibbs sweeps per row when more than one column is conditioned.
    static let gibbsSweeps = 20

    public static func fit(_ table: Table, options: FitOptions) throws(SynthError) -> GaussianCopula {
        if options.epsilon != nil || options.delta != nil {
            throw SynthError(
                .invalidArgument, "the copula model is not differentially private, so it takes no --epsilon or --delta; use --model dp-mst")
        }
        let n = table.rowCount
        let d = table.columns.count
        guard n >= 2 || d == 0 else {
            throw SynthError(.invalidArgument, "the copula needs at least 2 rows to learn from; the table has \(n)")
        }
        var random = SeededRandom(seed: SplitMix64.derive(options.seed, 0x636F_7075_6C61))
        var columns: [ModelColumn] = []
        var scores = [Double](repeating: 0, count: n * d)
        for (c, column) in table.columns.enumerated() {
            let marginal: Marginal
            if column.kind.isNumeric {
                marginal = Marginal(numbers: column.numbers, kind: column.kind, format: column.format)
            } else {
                marginal = Marginal(codes: column.codes, levels: column.levels)
            }
            columns.append(ModelColumn(name: column.name, kind: column.kind, format: column.format, marginal: marginal))
            // Each row's share of the unit line: a random point in its interval for missing
            // values and discrete values, the mid-rank for continuous ones.
            let sorted = marginal.quantiles == nil ? [] : column.numbers.filter { !$0.isNaN }.sorted()
            var levelOf: [Int32: Int] = [:]
            if let labels = marginal.labels {
                let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
                for (code, level) in column.levels.enumerated() { levelOf[Int32(code)] = index[level] }
            }
            for row in 0..<n {
                let interval: (Double, Double)
                if column.isMissing(row) {
                    interval = (0, marginal.missing)
                } else if marginal.labels != nil {
                    interval = marginal.interval(level: levelOf[column.codes[row]] ?? 0)
                } else if let values = marginal.values {
                    interval = marginal.interval(level: Marginal.lowerBound(column.numbers[row], values))
                } else {
                    let share = Marginal.midRank(column.numbers[row], in: sorted)
                    let u = marginal.missing + (1 - marginal.missing) * share
                    interval = (u, u)
                }
                let u = interval.0 + (interval.1 - interval.0) * random.unit()
                scores[row * d + c] = Gaussian.quantile(u)
            }
        }
        let attenuation = columns.map { $0.marginal.attenuation }
        return GaussianCopula(columns: columns, correlation: Self.correlation(scores, rows: n, columns: d, attenuation: attenuation))
    }

    /// The correlation of the latent normals behind the scores.
    ///
    /// A score drawn at random within its value's interval correlates with another column's score
    /// less than the latent normals do: to first order (the Hermite expansion of the interval
    /// means), by the product of both columns' attenuations. Dividing by it recovers the latent
    /// correlation, so strongly dependent labels (placed ↔ salary missing) stay dependent; the
    /// result is kept within ±0.995.
    private static func correlation(_ scores: [Double], rows n: Int, columns d: Int, attenuation: [Double]) -> [Double] {
        var mean = [Double](repeating: 0, count: d)
        for row in 0..<n {
            for c in 0..<d { mean[c] += scores[row * d + c] }
        }
        for c in 0..<d { mean[c] /= Double(n) }
        var cov = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: d)
        for row in 0..<n {
            for c in 0..<d { centred[c] = scores[row * d + c] - mean[c] }
            for i in 0..<d {
                let x = centred[i]
                for j in 0...i { cov[i * d + j] += x * centred[j] }
            }
        }
        var r = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                let denominator = (cov[i * d + i] * cov[j * d + j]).squareRoot()
                let scale = attenuation[i] * attenuation[j]
                let value = i == j ? 1 : (denominator > 0 && scale > 0 ? min(max(cov[i * d + j] / denominator / scale, -0.995), 0.995) : 0)
                r[i * d + j] = value
                r[j * d + i] = value
            }
        }
        return Gaussian.positiveDefinite(r, n: d).matrix
    }

    public func labels(of column: String) -> [String]? {
        columns.first { $0.name == column }?.marginal.labels
    }

    public func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        let d = columns.count
        let plan = try ConditionalPlan(self, conditions: conditions)
        var random = SeededRandom(seed: seed)
        var latent = [Double](repeating: 0, count: d)
        var numbers = columns.map { $0.kind.isNumeric ? [Double](repeating: .nan, count: count) : [] }
        var codes = columns.map { $0.kind.isNumeric ? [] : [Int32](repeating: -1, count: count) }
        for row in 0..<count {
            plan.draw(into: &latent, random: &random)
            for c in 0..<d {
                var u = Gaussian.cdf(latent[c])
                if let allowed = plan.allowed[c] { u = allowed.nearest(u) }
                let marginal = columns[c].marginal
                if columns[c].kind.isNumeric {
                    var x = marginal.number(u)
                    if let allowed = plan.allowed[c] { x = allowed.snap(x) }
                    numbers[c][row] = x
                } else {
                    codes[c][row] = Int32(marginal.level(u))
                }
            }
        }
        return Table(
            columns: columns.enumerated().map { c, column in
                if column.kind.isNumeric {
                    return Column(name: column.name, kind: column.kind, numbers: numbers[c], format: column.format)
                }
                return Column(
                    name: column.name, kind: column.kind, codes: codes[c], levels: column.marginal.labels ?? [], format: column.format)
            })
    }
}
