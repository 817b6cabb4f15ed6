import SynthCore

/// What conditions leave allowed of one column.
enum AllowedValues: Equatable {
    /// Anything, missing included.
    case all
    /// Numbers in any of these closed intervals (already rounded inward to the column's unit).
    case intervals([ClosedRange<Double>])
    /// These labels.
    case labels(Set<String>)
}

/// How to draw a value inside one bin under the conditions: the pieces of the bin they allow.
struct BinDraw {
    /// For numbers: each allowed interval with the stretch of the bin's distribution function it covers.
    var pieces: [(draw: ClosedRange<Double>, keep: ClosedRange<Double>, u: ClosedRange<Double>)] = []
    /// For labels: the allowed labels' codes among the column's levels.
    var labels: [Int32] = []
    /// Cumulative weights over `pieces` or `labels`.
    var cumulative: [Double] = []
    /// The share of the bin's probability the conditions allow.
    var mass = 0.0
}

extension ColumnBins {
    /// Every label the bins can produce, in bin order: the levels of a sampled categorical column.
    var levels: [String] {
        bins.flatMap { bin -> [String] in
            if case .labels(let labels, _) = bin { return labels }
            return []
        }
    }

    /// What `conditions` (all on this column) allow, or an error that says why one cannot apply.
    func allowed(by conditions: [ColumnCondition]) throws(SynthError) -> AllowedValues {
        var result = AllowedValues.all
        for condition in conditions {
            let next: AllowedValues
            switch (kind.isNumeric, condition.allowed) {
            case (true, .range(let min, let max, let minInclusive, let maxInclusive)):
                next = .intervals(interval(min: min, max: max, minInclusive: minInclusive, maxInclusive: maxInclusive).map { [$0] } ?? [])
            case (true, .values(let labels)):
                var points: [ClosedRange<Double>] = []
                for label in labels {
                    guard let x = number(label) else {
                        throw SynthError(.invalidArgument, "column '\(name)' is \(kind.rawValue); '\(label)' is not one of its values")
                    }
                    points.append(x...x)
                }
                next = .intervals(points)
            case (false, .values(let labels)):
                next = .labels(Set(labels))
            case (false, .range):
                throw SynthError(
                    .invalidArgument, "column '\(name)' holds labels; compare it with = or 'in', not with a range")
            }
            result = intersect(result, next)
        }
        return result
    }

    /// The closed interval of values a range allows once values are rounded to the column's unit.
    private func interval(min: Double?, max: Double?, minInclusive: Bool, maxInclusive: Bool) -> ClosedRange<Double>? {
        var lo = -Double.infinity
        var hi = Double.infinity
        if let scale {
            if let min {
                var q = snap(min * scale, up: true)
                if !minInclusive, q / scale <= min { q += 1 }
                lo = q / scale
            }
            if let max {
                var q = snap(max * scale, up: false)
                if !maxInclusive, q / scale >= max { q -= 1 }
                hi = q / scale
            }
        } else {
            if let min { lo = minInclusive ? min : min.nextUp }
            if let max { hi = maxInclusive ? max : max.nextDown }
        }
        return lo <= hi ? lo...hi : nil
    }

    /// `x` rounded up or down to a whole number, treating values a hair from one as that one
    /// (3.14 × 100 is 314.00000000000006 in binary).
    private func snap(_ x: Double, up: Bool) -> Double {
        let nearest = x.rounded()
        if abs(x - nearest) < 1e-7 { return nearest }
        return up ? x.rounded(.up) : x.rounded(.down)
    }

    /// The number a condition's label stands for in this column.
    private func number(_ label: String) -> Double? {
        switch kind {
        case .boolean:
            switch label.lowercased() {
            case "true", "yes", "1": return 1
            case "false", "no", "0": return 0
            default: return nil
            }
        case .datetime: return DateLayout.parse(Substring(label))?.seconds ?? Double(label)
        default: return Double(label)
        }
    }

    private func intersect(_ a: AllowedValues, _ b: AllowedValues) -> AllowedValues {
        switch (a, b) {
        case (.all, _): return b
        case (_, .all): return a
        case (.labels(let x), .labels(let y)): return .labels(x.intersection(y))
        case (.intervals(let x), .intervals(let y)):
            var out: [ClosedRange<Double>] = []
            for r in x {
                for s in y where r.overlaps(s) { out.append(Swift.max(r.lowerBound, s.lowerBound)...Swift.min(r.upperBound, s.upperBound)) }
            }
            return .intervals(out)
        default: return .intervals([])
        }
    }

    /// How to draw inside bin `index` under `allowed`, with the share of the bin it keeps.
    func draw(bin index: Int, allowed: AllowedValues, labelCodes: [String: Int32]) -> BinDraw {
        var draw = BinDraw()
        switch bins[index] {
        case .missing:
            draw.mass = allowed == .all ? 1 : 0
        case .labels(let labels, let cumulative):
            var previous = 0.0
            var running = 0.0
            for (label, c) in zip(labels, cumulative) {
                let weight = c - previous
                previous = c
                if case .labels(let set) = allowed, !set.contains(label) { continue }
                if case .intervals = allowed { continue }
                running += weight
                draw.labels.append(labelCodes[label] ?? 0)
                draw.cumulative.append(running)
            }
            draw.mass = running
        case .numbers(let knots, let cumulative):
            let ranges: [ClosedRange<Double>]
            switch allowed {
            case .all: ranges = [-Double.infinity...Double.infinity]
            case .intervals(let list): ranges = list
            case .labels: ranges = []
            }
            let half = scale.map { 0.5 / $0 } ?? 0
            var running = 0.0
            for keep in ranges {
                let span = (keep.lowerBound - half)...(keep.upperBound + half)
                let lo = below(span.lowerBound, knots, cumulative)
                let hi = atMost(span.upperBound, knots, cumulative)
                var mass = hi - lo
                if mass <= 0 {
                    // A point condition on a continuous stretch: allowed, though it has no mass of its own.
                    guard span.overlaps(knots[0]...knots[knots.count - 1]) else { continue }
                    mass = 1e-12
                }
                running += mass
                draw.pieces.append((span, keep, lo...Swift.max(lo, hi)))
                draw.cumulative.append(running)
            }
            draw.mass = running
        }
        return draw
    }

    /// A value inside a bin, drawn as `draw` says; NaN for the missing bin.
    func value(in bin: ValueBin, _ draw: BinDraw, random: inout SeededRandom) -> Double {
        guard case .numbers(let knots, let cumulative) = bin else { return .nan }
        let piece = draw.pieces.count == 1 ? draw.pieces[0] : draw.pieces[random.index(cumulative: draw.cumulative)]
        let u = piece.u.lowerBound + random.unit() * (piece.u.upperBound - piece.u.lowerBound)
        var x = Swift.min(Swift.max(inverse(u, knots, cumulative), piece.draw.lowerBound), piece.draw.upperBound)
        if let scale { x = (x * scale).rounded() / scale }
        return Swift.min(Swift.max(x, piece.keep.lowerBound), piece.keep.upperBound)
    }
}

/// P(X < t) for the piecewise-linear distribution through `knots` at `cumulative`.
func below(_ t: Double, _ knots: [Double], _ cumulative: [Double]) -> Double {
    var p = 0.0
    for i in 0..<(knots.count - 1) {
        let w = cumulative[i + 1] - cumulative[i]
        let a = knots[i]
        let b = knots[i + 1]
        if t > b { p += w } else if t > a { p += w * (t - a) / (b - a) }
    }
    return p
}

/// P(X ≤ t) for the piecewise-linear distribution through `knots` at `cumulative`.
func atMost(_ t: Double, _ knots: [Double], _ cumulative: [Double]) -> Double {
    var p = 0.0
    for i in 0..<(knots.count - 1) {
        let w = cumulative[i + 1] - cumulative[i]
        let a = knots[i]
        let b = knots[i + 1]
        if t >= b { p += w } else if t > a { p += w * (t - a) / (b - a) }
    }
    return p
}

/// The value at which the piecewise-linear distribution through `knots` reaches `u`.
func inverse(_ u: Double, _ knots: [Double], _ cumulative: [Double]) -> Double {
    var lo = 0
    var hi = knots.count - 2
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if cumulative[mid] <= u { lo = mid } else { hi = mid - 1 }
    }
    let width = cumulative[lo + 1] - cumulative[lo]
    guard width > 0 else { return knots[lo + 1] }
    return knots[lo] + Swift.min(1, (u - cumulative[lo]) / width) * (knots[lo + 1] - knots[lo])
}
