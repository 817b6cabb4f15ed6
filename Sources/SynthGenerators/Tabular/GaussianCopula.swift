import Foundation
import SynthCore

/// A Gaussian copula: each column's own distribution, joined through the correlation of normal scores.
///
/// Fitting maps every value to a part of the unit line through its column's ``Marginal`` (a label
/// or a discrete number to its frequency interval, a continuous number to its mid-rank), then to a
/// normal score, and keeps the correlation of the latent normals those scores imply (repaired to be
/// positive definite). A numeric column with missing values has a second latent dimension, its
/// missing indicator, so missingness follows the other columns. Sampling draws correlated normal
/// scores and maps each back through its marginal.
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
        /// The distribution of the column's values.
        var marginal: Marginal
        /// A numeric column with some values missing: the latent dimension of its missing
        /// indicator (after the columns' own) and its distribution (missing below the missing share).
        var presence: Presence?
    }

    /// A missing indicator's place among the latent dimensions and its distribution.
    struct Presence: Sendable, Equatable, Codable {
        var dimension: Int
        var marginal: Marginal
    }

    var columns: [ModelColumn]
    /// The correlation of the latent normal scores (one per column, then one per missing indicator), row-major, positive definite.
    var correlation: [Double]

    /// The number of latent dimensions.
    var dimensions: Int { columns.count + columns.filter { $0.presence != nil }.count }

    /// Gibbs sweeps per row when more than one column is conditioned.
    static let gibbsSweeps = 10

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
        // Numeric columns with some values missing get a missing indicator of their own, so
        // missingness correlates with other columns (placed ↔ salary missing) apart from the values.
        var presenceCount = 0
        let columns: [ModelColumn] = table.columns.map { column in
            guard column.kind.isNumeric else {
                return ModelColumn(
                    name: column.name, kind: column.kind, format: column.format,
                    marginal: Marginal(codes: column.codes, levels: column.levels))
            }
            let share = column.missingShare
            guard share > 0 && share < 1 else {
                return ModelColumn(
                    name: column.name, kind: column.kind, format: column.format,
                    marginal: Marginal(numbers: column.numbers, kind: column.kind, format: column.format))
            }
            let present = column.numbers.filter { !$0.isNaN }
            let presence = Presence(dimension: d + presenceCount, marginal: Marginal(presentShareAbove: share))
            presenceCount += 1
            return ModelColumn(
                name: column.name, kind: column.kind, format: column.format,
                marginal: Marginal(numbers: present, kind: column.kind, format: column.format),
                presence: presence)
        }
        let dims = d + presenceCount
        // Each row's score: the mean of the standard normal over its value's interval (labels,
        // discrete numbers, missing labels, indicators) or Φ⁻¹ of its mid-rank (continuous numbers);
        // NaN where a value is missing and its indicator carries the row.
        var scores = [Double](repeating: .nan, count: n * dims)
        for (c, column) in table.columns.enumerated() {
            let marginal = columns[c].marginal
            let sorted = marginal.quantiles == nil ? [] : column.numbers.filter { !$0.isNaN }.sorted()
            var levelOf: [Int32: Int] = [:]
            if let labels = marginal.labels {
                let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
                for (code, level) in column.levels.enumerated() { levelOf[Int32(code)] = index[level] }
            }
            for row in 0..<n {
                if let presence = columns[c].presence {
                    let (lo, hi) = presence.marginal.interval(missing: column.isMissing(row))
                    scores[row * dims + presence.dimension] = Gaussian.intervalMean(lo, hi)
                    if column.isMissing(row) { continue }
                }
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
                scores[row * dims + c] = Gaussian.intervalMean(interval.0, interval.1)
            }
        }
        var attenuation = columns.map { $0.marginal.attenuation }
        attenuation += columns.compactMap { $0.presence?.marginal.attenuation }
        return GaussianCopula(columns: columns, correlation: Self.correlation(scores, rows: n, columns: dims, attenuation: attenuation))
    }

    /// The correlation of the latent normals behind the scores.
    ///
    /// Interval means correlate less than the latent normals behind them: to first order (the
    /// Hermite expansion of the interval means) by the product of both columns' score deviations
    /// (the square root of their attenuation; 1 for continuous columns). Dividing by it recovers the
    /// latent correlation, so strongly dependent labels (placed ↔ salary missing) stay dependent;
    /// the result is kept within ±0.999. Each pair uses the rows where both scores exist.
    private static func correlation(_ scores: [Double], rows n: Int, columns d: Int, attenuation: [Double]) -> [Double] {
        // Pairwise over the rows where both scores exist (a missing value's score does not).
        var count = [Double](repeating: 0, count: d * d)
        var sx = count
        var sy = count
        var sxx = count
        var syy = count
        var sxy = count
        var present: [Int] = []
        for row in 0..<n {
            present.removeAll(keepingCapacity: true)
            for c in 0..<d where !scores[row * d + c].isNaN { present.append(c) }
            for (a, i) in present.enumerated() {
                let x = scores[row * d + i]
                for j in present[...a] {
                    let y = scores[row * d + j]
                    let k = i * d + j
                    count[k] += 1
                    sx[k] += x
                    sy[k] += y
                    sxx[k] += x * x
                    syy[k] += y * y
                    sxy[k] += x * y
                }
            }
        }
        var r = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            r[i * d + i] = 1
            for j in 0..<i {
                let k = i * d + j
                guard count[k] >= 2 else { continue }
                let m = count[k]
                let covariance = sxy[k] - sx[k] * sy[k] / m
                let denominator = ((sxx[k] - sx[k] * sx[k] / m) * (syy[k] - sy[k] * sy[k] / m)).squareRoot()
                let scale = (attenuation[i] * attenuation[j]).squareRoot()
                let value = denominator > 0 && scale > 0 ? min(max(covariance / denominator / scale, -0.999), 0.999) : 0
                r[i * d + j] = value
                r[j * d + i] = value
            }
        }
        return Gaussian.positiveDefinite(r, n: d).matrix
    }

    public func values(of column: String) -> [String]? {
        guard let column = columns.first(where: { $0.name == column }) else { return nil }
        if let labels = column.marginal.labels { return labels }
        return column.marginal.values?.map { x in
            column.kind == .datetime ? column.format.dateLayout.text(seconds: x) : NumberFormat.shortest(x)
        }
    }

    public func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        let plan = try ConditionalPlan(self, conditions: conditions)
        var random = SeededRandom(seed: seed)
        var latent = [Double](repeating: 0, count: dimensions)
        var scratch = latent
        var numbers = columns.map { $0.kind.isNumeric ? [Double](repeating: .nan, count: count) : [] }
        var codes = columns.map { $0.kind.isNumeric ? [] : [Int32](repeating: -1, count: count) }
        for row in 0..<count {
            plan.draw(into: &latent, scratch: &scratch, random: &random)
            for (c, column) in columns.enumerated() {
                if let presence = column.presence, Gaussian.cdf(latent[presence.dimension]) < presence.marginal.missing,
                    plan.allowed[c] == nil
                {
                    continue
                }
                var u = Gaussian.cdf(latent[c])
                if let allowed = plan.allowed[c] { u = allowed.nearest(u) }
                if column.kind.isNumeric {
                    var x = column.marginal.number(u)
                    if let allowed = plan.allowed[c] { x = allowed.snap(x) }
                    numbers[c][row] = x
                } else {
                    codes[c][row] = Int32(column.marginal.level(u))
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
