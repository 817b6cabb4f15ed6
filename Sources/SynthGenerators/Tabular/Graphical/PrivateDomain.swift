import SynthCore

/// A column's domain fixed without looking at the data: the fine bins a private model counts in.
///
/// The last fine bin is always "missing", whether or not the data has missing values, since
/// knowing which columns have gaps would itself come from the data.
struct PrivateDomain {
    private enum Grid {
        /// One bin per value (booleans, integers over a short range).
        case points([Double])
        /// `count` equal-width bins over `low...high`.
        case width(low: Double, high: Double, count: Int)
        /// One bin per declared label; `codeOf` maps the column's level codes to them.
        case labels([String], codeOf: [Int32])
    }

    private let column: Column
    private let grid: Grid

    /// A declared list of labels; a label in the data but not in the list is an error.
    init(labels: [String], column: Column) throws(SynthError) {
        var index: [String: Int32] = [:]
        for (i, label) in labels.enumerated() where index[label] == nil { index[label] = Int32(i) }
        var codeOf: [Int32] = []
        for level in column.levels {
            guard let code = index[level] else {
                throw SynthError(
                    .invalidArgument, "column '\(column.name)' holds '\(level)', which its declared values in the schema do not list")
            }
            codeOf.append(code)
        }
        self.column = column
        self.grid = .labels(labels, codeOf: codeOf)
    }

    /// Consecutive whole numbers (a boolean's 0 and 1).
    init(points: [Double], column: Column) {
        self.column = column
        self.grid = .points(points)
    }

    /// Bounds: whole numbers over a range of at most `bins` values get a bin each, anything
    /// else `bins` equal-width bins. Values outside are clamped in.
    init(low: Double, high: Double, bins: Int, column: Column) {
        self.column = column
        let whole = column.kind == .integer ? (low.rounded(.up), high.rounded(.down)) : (low, high)
        if column.kind == .integer, whole.0 <= whole.1, whole.1 - whole.0 < Double(bins) {
            grid = .points(stride(from: whole.0, through: whole.1, by: 1).map { $0 })
        } else {
            grid = .width(low: low, high: high, count: high > low ? bins : 1)
        }
    }

    /// The number of fine bins, missing included.
    var count: Int {
        switch grid {
        case .points(let values): return values.count + 1
        case .width(_, _, let count): return count + 1
        case .labels(let labels, _): return labels.count + 1
        }
    }

    /// Each row's fine bin.
    func codes() -> [Int32] {
        let missing = Int32(count - 1)
        switch grid {
        case .labels(_, let codeOf):
            return column.codes.map { $0 < 0 ? missing : codeOf[Int($0)] }
        case .points(let values):
            // Points are consecutive whole numbers (a boolean's 0 and 1, or an integer range).
            let first = values[0]
            let last = values[values.count - 1]
            return column.numbers.map { x in
                x.isNaN ? missing : Int32((min(max(x, first), last) - first).rounded())
            }
        case .width(let low, let high, let n):
            return column.numbers.map { x in
                if x.isNaN { return missing }
                guard high > low else { return 0 }
                let f = (min(max(x, low), high) - low) / (high - low) * Double(n)
                return Int32(min(n - 1, max(0, Int(f))))
            }
        }
    }

    /// The bins left after merging fine bins whose noisy counts fall below `threshold`: each
    /// fine bin's merged bin, and each merged bin's number of fine bins (its count's variance in
    /// units of the noise's).
    ///
    /// Numbers merge with their neighbours, left to right; rare labels share one bin; a rare
    /// "missing" joins the largest bin. Inside a merged bin, values follow the noisy counts
    /// (negative ones as zero). This reads only the noisy counts, so it costs no privacy.
    func compress(_ noisy: [Double], threshold: Double) -> (column: ColumnBins, binOf: [Int32], variance: [Double]) {
        let values = count - 1
        var groups: [[Int]] = []
        switch grid {
        case .labels:
            var rare: [Int] = []
            for f in 0..<values {
                if noisy[f] >= threshold { groups.append([f]) } else { rare.append(f) }
            }
            if !rare.isEmpty { groups.append(rare) }
        case .points, .width:
            var current: [Int] = []
            var sum = 0.0
            for f in 0..<values {
                current.append(f)
                sum += noisy[f]
                if sum >= threshold {
                    groups.append(current)
                    current = []
                    sum = 0
                }
            }
            if !current.isEmpty {
                if groups.isEmpty { groups.append(current) } else { groups[groups.count - 1] += current }
            }
        }
        var binOf = [Int32](repeating: 0, count: count)
        for (g, group) in groups.enumerated() { for f in group { binOf[f] = Int32(g) } }
        var bins = groups.map(bin)
        var variance = groups.map { Double($0.count) }
        if noisy[values] >= threshold {
            binOf[values] = Int32(bins.count)
            bins.append(.missing)
            variance.append(1)
        } else {
            let sums = groups.map { $0.reduce(0) { $0 + noisy[$1] } }
            binOf[values] = Int32(sums.indices.max { sums[$0] < sums[$1] } ?? 0)
        }
        return (ColumnBins(name: column.name, kind: column.kind, format: column.format, bins: bins), binOf, variance)

        func bin(_ group: [Int]) -> ValueBin {
            var weights = group.map { max(0, noisy[$0]) }
            let total = weights.reduce(0, +)
            weights = total > 0 ? weights.map { $0 / total } : weights.map { _ in 1 / Double(weights.count) }
            var running = 0.0
            switch grid {
            case .labels(let labels, _):
                let cumulative = weights.map { w -> Double in
                    running += w
                    return running
                }
                return .labels(group.map { labels[$0] }, cumulative: cumulative)
            case .points(let points):
                var knots: [Double] = []
                var cumulative: [Double] = []
                for (f, w) in zip(group, weights) {
                    knots += [points[f], points[f]]
                    cumulative += [running, running + w]
                    running += w
                }
                return .numbers(knots: knots, cumulative: cumulative)
            case .width(let low, let high, let n):
                let edge = { (f: Int) in low + (high - low) * Double(f) / Double(n) }
                var knots = [edge(group[0])]
                var cumulative = [0.0]
                for (f, w) in zip(group, weights) {
                    running += w
                    knots.append(edge(f + 1))
                    cumulative.append(running)
                }
                return .numbers(knots: knots, cumulative: cumulative)
            }
        }
    }
}
