import SynthCore

/// The values a conditioned column may take, as intervals of the unit line its marginal maps from.
struct AllowedSet: Sendable {
    /// Disjoint intervals `[lo, hi)` of the unit line, ascending.
    var intervals: [(Double, Double)]
    /// The same intervals on the normal score.
    var scores: [(Double, Double)]
    /// Numeric columns: the least and greatest value allowed, at the column's resolution.
    var lowest: Double?
    var highest: Double?
    /// Numeric columns conditioned on exact values: those values.
    var exact: [Double]?

    init(intervals: [(Double, Double)]) {
        self.intervals = intervals
        scores = intervals.map { (Gaussian.quantile($0.0), Gaussian.quantile($0.1)) }
    }

    /// `u` if it lies in an allowed interval, else the nearest point just inside one.
    ///
    /// Φ of a score drawn within an interval can round onto its edge; this keeps it inside.
    func nearest(_ u: Double) -> Double {
        var best = u
        var distance = Double.infinity
        for (lo, hi) in intervals {
            let inside = min(max(u, lo + (hi - lo) * 1e-9), hi - (hi - lo) * 1e-9)
            if inside == u { return u }
            if abs(inside - u) < distance {
                distance = abs(inside - u)
                best = inside
            }
        }
        return best
    }

    /// A rounded number moved onto the nearest allowed value (rounding can step just past a bound).
    func snap(_ x: Double) -> Double {
        if let exact, !exact.isEmpty {
            return exact.min { abs($0 - x) < abs($1 - x) } ?? x
        }
        var y = x
        if let lowest, y < lowest { y = lowest }
        if let highest, y > highest { y = highest }
        return y
    }

    /// The intervals both sets allow.
    func intersection(_ other: AllowedSet) -> AllowedSet {
        var out: [(Double, Double)] = []
        for (a, b) in intervals {
            for (c, d) in other.intervals where max(a, c) < min(b, d) { out.append((max(a, c), min(b, d))) }
        }
        var set = AllowedSet(intervals: out.sorted { $0.0 < $1.0 })
        set.lowest = [lowest, other.lowest].compactMap { $0 }.max()
        set.highest = [highest, other.highest].compactMap { $0 }.min()
        switch (exact, other.exact) {
        case (let a?, let b?): set.exact = a.filter { b.contains($0) }
        case (let a?, nil): set.exact = a
        case (nil, let b?): set.exact = b
        case (nil, nil): set.exact = nil
        }
        return set
    }
}

/// How one call to ``GaussianCopula/sample(count:seed:conditions:)`` draws its normal scores.
struct ConditionalPlan {
    /// Per column, what a condition allows (nil when unconditioned).
    var allowed: [AllowedSet?]
    private var conditioned: [Int] = []
    private var rest: [Int] = []
    /// Unconditioned: the Cholesky factor of the correlation.
    private var factor: [Double] = []
    /// The precision matrix of the conditioned scores (for their Gibbs conditionals).
    private var precision: [Double] = []
    /// The rest's mean given the conditioned scores: `regression` × scores.
    private var regression: [Double] = []
    /// The Cholesky factor of the rest's covariance given the conditioned scores.
    private var restFactor: [Double] = []
    private let d: Int

    init(_ model: GaussianCopula, conditions: [ColumnCondition]) throws(SynthError) {
        d = model.dimensions
        allowed = Array(repeating: nil, count: d)
        for condition in conditions {
            guard let c = model.columns.firstIndex(where: { $0.name == condition.column }) else {
                throw SynthError(
                    .invalidArgument,
                    "no column '\(condition.column)' to condition on; the model has \(model.columns.map(\.name).joined(separator: ", "))")
            }
            let set = try Self.allowed(condition, column: model.columns[c])
            let combined = allowed[c].map { $0.intersection(set) } ?? set
            guard !combined.intervals.isEmpty, combined.exact?.isEmpty != true,
                (combined.lowest ?? -.infinity) <= (combined.highest ?? .infinity)
            else {
                throw SynthError(.invalidArgument, "the conditions on '\(condition.column)' contradict each other: no value meets them all")
            }
            allowed[c] = combined
            // A conditioned value is present: its missing indicator is held above the missing share.
            if let presence = model.columns[c].presence {
                allowed[presence.dimension] = AllowedSet(intervals: [presence.marginal.interval(missing: false)])
            }
        }
        conditioned = (0..<d).filter { allowed[$0] != nil }
        rest = (0..<d).filter { allowed[$0] == nil }
        let r = model.correlation
        if conditioned.isEmpty {
            factor = Gaussian.positiveDefinite(r, n: d).factor
            return
        }
        let k = conditioned.count
        let m = rest.count
        let sigmaCC = conditioned.flatMap { i in conditioned.map { j in r[i * d + j] } }
        precision = Gaussian.inverse(sigmaCC, n: k)
        regression = [Double](repeating: 0, count: m * k)
        for a in 0..<m {
            for b in 0..<k {
                var s = 0.0
                for t in 0..<k { s += r[rest[a] * d + conditioned[t]] * precision[t * k + b] }
                regression[a * k + b] = s
            }
        }
        var covariance = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            for b in 0..<m {
                var s = r[rest[a] * d + rest[b]]
                for t in 0..<k { s -= regression[a * k + t] * r[conditioned[t] * d + rest[b]] }
                covariance[a * m + b] = s
            }
        }
        if m > 0 { restFactor = Gaussian.positiveDefinite(covariance, n: m).factor }
    }

    /// Draws one row's normal scores into `z`; `e` is scratch space of the same size.
    func draw(into z: inout [Double], scratch e: inout [Double], random: inout SeededRandom) {
        if conditioned.isEmpty {
            for i in 0..<d { e[i] = random.normal(mean: 0, sd: 1) }
            for i in 0..<d {
                var s = 0.0
                for j in 0...i { s += factor[i * d + j] * e[j] }
                z[i] = s
            }
            return
        }
        let k = conditioned.count
        var zc = conditioned.map { Self.truncatedNormal(mean: 0, sd: 1, within: allowed[$0]!.scores, random: &random) }
        if k > 1 {
            for _ in 0..<GaussianCopula.gibbsSweeps {
                for a in 0..<k {
                    let p = precision[a * k + a]
                    var mean = 0.0
                    for b in 0..<k where b != a { mean -= precision[a * k + b] * zc[b] }
                    zc[a] = Self.truncatedNormal(
                        mean: mean / p, sd: 1 / p.squareRoot(), within: allowed[conditioned[a]]!.scores, random: &random)
                }
            }
        }
        for a in 0..<k { z[conditioned[a]] = zc[a] }
        let m = rest.count
        guard m > 0 else { return }
        for i in 0..<m { e[i] = random.normal(mean: 0, sd: 1) }
        for a in 0..<m {
            var s = 0.0
            for t in 0..<k { s += regression[a * k + t] * zc[t] }
            for j in 0...a { s += restFactor[a * m + j] * e[j] }
            z[rest[a]] = s
        }
    }

    /// A normal draw restricted to a union of intervals, exactly, by the inverse CDF.
    static func truncatedNormal(mean: Double, sd: Double, within intervals: [(Double, Double)], random: inout SeededRandom) -> Double {
        if intervals.count == 1 { return truncatedNormal(mean: mean, sd: sd, within: intervals[0], random: &random) }
        var masses: [Double] = []
        var total = 0.0
        for (a, b) in intervals {
            let alpha = (a - mean) / sd
            let beta = (b - mean) / sd
            // Upper tails are measured from the other side, where Φ keeps its precision.
            let mass = alpha > 0 ? Gaussian.cdf(-alpha) - Gaussian.cdf(-beta) : Gaussian.cdf(beta) - Gaussian.cdf(alpha)
            total += max(mass, 0)
            masses.append(total)
        }
        guard total > 0 else {
            // Beyond double precision in the tail: the interval edge nearest the mean.
            let edges = intervals.flatMap { [$0.0, $0.1] }
            return edges.min { abs($0 - mean) < abs($1 - mean) } ?? mean
        }
        return truncatedNormal(mean: mean, sd: sd, within: intervals[random.index(cumulative: masses)], random: &random)
    }

    /// A normal draw restricted to one interval, by the inverse CDF (from the nearer tail).
    static func truncatedNormal(mean: Double, sd: Double, within interval: (Double, Double), random: inout SeededRandom) -> Double {
        let (a, b) = interval
        let alpha = (a - mean) / sd
        let beta = (b - mean) / sd
        let u = random.unit()
        let x: Double
        if alpha > 0 {
            let lo = Gaussian.cdf(-beta)
            x = -Gaussian.quantile(lo + u * (Gaussian.cdf(-alpha) - lo))
        } else {
            let lo = Gaussian.cdf(alpha)
            x = Gaussian.quantile(lo + u * (Gaussian.cdf(beta) - lo))
        }
        return min(max(mean + sd * x, a), b)
    }

    /// What `condition` allows of `column`, or an error saying why nothing is.
    static func allowed(_ condition: ColumnCondition, column: GaussianCopula.ModelColumn) throws(SynthError) -> AllowedSet {
        let marginal = column.marginal
        let name = column.name
        if let labels = marginal.labels {
            guard case .values(let wanted) = condition.allowed else {
                throw SynthError(.invalidArgument, "column '\(name)' holds labels, not numbers; compare it with = or in (...)")
            }
            var levels: [Int] = []
            for label in wanted {
                guard let level = labels.firstIndex(of: label) else {
                    let shown = labels.prefix(10).joined(separator: ", ") + (labels.count > 10 ? ", ..." : "")
                    throw SynthError(
                        .invalidArgument, "column '\(name)' never holds '\(label)' in the data the model learned (it holds \(shown))")
                }
                levels.append(level)
            }
            return AllowedSet(intervals: merged(levels.sorted().map { marginal.interval(level: $0) }))
        }
        func describe(_ x: Double) -> String {
            column.kind == .datetime ? column.format.dateLayout.text(seconds: x) : NumberFormat.shortest(x)
        }
        let supportText =
            marginal.support.map { "; its values lie within \(describe($0.0))…\(describe($0.1))" } ?? " (it is always missing)"
        let unmet = SynthError(.invalidArgument, "no value of '\(name)' can meet the condition\(supportText)")
        let r = marginal.resolution
        if let values = marginal.values {
            let levels = values.indices.filter { level in
                switch condition.allowed {
                case .range: return condition.allows(values[level])
                case .values(let texts): return texts.contains { Self.number($0, kind: column.kind) == values[level] }
                }
            }
            guard !levels.isEmpty else { throw unmet }
            var set = AllowedSet(intervals: merged(levels.map { marginal.interval(level: $0) }))
            set.exact = levels.map { values[$0] }
            return set
        }
        switch condition.allowed {
        case .range(let lo, let hi, let loIn, let hiIn):
            var lowest = lo
            var highest = hi
            if r > 0 {
                // The least and greatest values the column can be written as that meet the bounds.
                if let lo { lowest = ((loIn ? lo : lo + r * 1e-9) / r).rounded(.up) * r }
                if let hi { highest = ((hiIn ? hi : hi - r * 1e-9) / r).rounded(.down) * r }
            } else {
                if let lo, !loIn { lowest = lo.nextUp }
                if let hi, !hiIn { highest = hi.nextDown }
            }
            let half = r / 2
            guard let span = marginal.span(from: (lowest ?? -.infinity) - half, to: (highest ?? .infinity) + half) else { throw unmet }
            var set = AllowedSet(intervals: [span])
            set.lowest = lowest
            set.highest = highest
            return set
        case .values(let texts):
            guard r > 0 else {
                throw SynthError(
                    .invalidArgument, "column '\(name)' is continuous: an exact value has no chance; give a range (between, <, >)")
            }
            var spans: [(Double, Double)] = []
            var exact: [Double] = []
            for text in texts {
                guard let x = Self.number(text, kind: column.kind) else {
                    throw SynthError(.invalidArgument, "column '\(name)' holds numbers; '\(text)' is not one")
                }
                if let span = marginal.span(from: x - r / 2, to: x + r / 2) {
                    spans.append(span)
                    exact.append(x)
                }
            }
            guard !spans.isEmpty else { throw unmet }
            var set = AllowedSet(intervals: merged(spans.sorted { $0.0 < $1.0 }))
            set.exact = exact
            return set
        }
    }

    /// A number condition's text as a number of a column of `kind` (booleans as true/false or 1/0, dates as ISO).
    static func number(_ text: String, kind: ColumnKind) -> Double? {
        switch kind {
        case .boolean:
            if text == "true" || text == "1" { return 1 }
            if text == "false" || text == "0" { return 0 }
            return nil
        case .datetime: return DateLayout.parse(Substring(text))?.seconds ?? Double(text)
        default: return Double(text)
        }
    }

    /// Touching intervals joined, so a union of adjacent levels is one interval.
    private static func merged(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for (a, b) in intervals where b > a {
            if let last = out.last, a <= last.1 {
                out[out.count - 1].1 = max(last.1, b)
            } else {
                out.append((a, b))
            }
        }
        return out
    }
}
