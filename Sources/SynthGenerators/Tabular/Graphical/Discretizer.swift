import SynthCore

/// One bin of a discretized column: what a graphical model's node takes as a value.
public enum ValueBin: Sendable, Codable, Equatable {
    /// Numbers, drawn through a piecewise-linear distribution function through `knots` (sorted)
    /// at `cumulative` (0 first, 1 last); equal neighbouring knots make an atom.
    case numbers(knots: [Double], cumulative: [Double])
    /// Labels, drawn with the weights `cumulative` accumulates (last is 1).
    case labels([String], cumulative: [Double])
    /// No value.
    case missing
}

/// How a column's values map to bins and back: the bins a graphical model works on.
public struct ColumnBins: Sendable, Codable, Equatable {
    /// The column's name.
    public var name: String
    /// The column's kind, which sampled values keep.
    public var kind: ColumnKind
    /// How sampled values are written.
    public var format: ColumnFormat
    /// The bins, numbered by position.
    public var bins: [ValueBin]

    /// Bins for the column `name`.
    public init(name: String, kind: ColumnKind, format: ColumnFormat, bins: [ValueBin]) {
        self.name = name
        self.kind = kind
        self.format = format
        self.bins = bins
    }

    /// Units per value that sampled numbers are rounded to: 1 for integers and booleans, 10^d for
    /// floats written with d decimals, one per day for dates; nil when numbers are kept as drawn.
    var scale: Double? {
        switch kind {
        case .integer, .boolean: return 1
        case .float: return format.decimals.map { pow10($0) }
        case .datetime: return format.dateLayout == .date ? 1.0 / 86_400 : 1
        case .categorical, .identifier, .text: return nil
        }
    }
}

/// Turns a column of real data into bins: quantile bins for numbers, one bin per level for labels.
///
/// Used by models that may read the data freely (`bayesnet`); private models build their
/// bins from declared or privately learned domains instead.
enum Discretizer {
    /// The most knots kept to describe the values inside one numeric bin.
    static let knotsPerBin = 33
    /// The most labels kept inside the "other" bin of a categorical with many levels.
    static let otherLabelLimit = 10_000

    /// `column`'s bins and each row's bin.
    ///
    /// Numbers get up to `maxBins` bins holding about the same number of rows; a value repeated
    /// in more than a bin's share of rows gets a bin of its own. Inside a bin, values are drawn
    /// from the empirical distribution (through `knotsPerBin` quantiles). Labels get one bin
    /// each for the `maxLevels - 1` most frequent; the rest share an "other" bin that draws them
    /// in proportion to their counts (the `otherLabelLimit` most frequent; rarer labels are not
    /// reproduced). Missing values get their own bin.
    static func quantiles(_ column: Column, maxBins: Int, maxLevels: Int) -> (bins: ColumnBins, codes: [Int32]) {
        var bins: [ValueBin]
        var codes: [Int32]
        if column.kind.isNumeric {
            (bins, codes) = numberBins(column.numbers, maxBins: maxBins)
        } else {
            (bins, codes) = labelBins(column.codes, levels: column.levels, maxLevels: maxLevels)
        }
        if codes.contains(-1) {
            let missing = Int32(bins.count)
            bins.append(.missing)
            for i in codes.indices where codes[i] < 0 { codes[i] = missing }
        }
        return (ColumnBins(name: column.name, kind: column.kind, format: column.format, bins: bins), codes)
    }

    private static func numberBins(_ numbers: [Double], maxBins: Int) -> ([ValueBin], [Int32]) {
        let sorted = numbers.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return ([], [Int32](repeating: -1, count: numbers.count)) }
        let target = max(1, Double(sorted.count) / Double(max(1, maxBins)))
        var groups: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < sorted.count {
            var end = i + 1
            while end < sorted.count, sorted[end] == sorted[i] { end += 1 }
            if Double(end - i) >= target {
                if start < i { groups.append(start..<i) }
                groups.append(i..<end)
                start = end
            } else if Double(end - start) >= target {
                groups.append(start..<end)
                start = end
            }
            i = end
        }
        if start < sorted.count { groups.append(start..<sorted.count) }
        let bins = groups.map { group -> ValueBin in
            let n = group.count
            let m = min(knotsPerBin, max(2, n))
            var knots: [Double] = []
            var cumulative: [Double] = []
            for j in 0..<m {
                let position = Double(j) * Double(n - 1) / Double(m - 1)
                knots.append(sorted[group.lowerBound + Int(position.rounded())])
                cumulative.append(Double(j) / Double(m - 1))
            }
            return .numbers(knots: knots, cumulative: cumulative)
        }
        let highs = groups.map { sorted[$0.upperBound - 1] }
        let codes = numbers.map { x -> Int32 in
            if x.isNaN { return -1 }
            var lo = 0
            var hi = highs.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if highs[mid] >= x { hi = mid } else { lo = mid + 1 }
            }
            return Int32(lo)
        }
        return (bins, codes)
    }

    private static func labelBins(_ codes: [Int32], levels: [String], maxLevels: Int) -> ([ValueBin], [Int32]) {
        var counts = [Int](repeating: 0, count: levels.count)
        for code in codes where code >= 0 { counts[Int(code)] += 1 }
        let ranked = levels.indices.filter { counts[$0] > 0 }.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let single = ranked.count <= maxLevels ? ranked : Array(ranked.prefix(max(1, maxLevels - 1)))
        var binOf = [Int32](repeating: -1, count: levels.count)
        var bins: [ValueBin] = []
        for level in single {
            binOf[level] = Int32(bins.count)
            bins.append(.labels([levels[level]], cumulative: [1]))
        }
        if single.count < ranked.count {
            let other = Int32(bins.count)
            let rest = ranked[single.count...]
            for level in rest { binOf[level] = other }
            let kept = rest.prefix(otherLabelLimit)
            let total = Double(kept.reduce(0) { $0 + counts[$1] })
            var running = 0.0
            let cumulative = kept.map { level -> Double in
                running += Double(counts[level])
                return running / total
            }
            bins.append(.labels(kept.map { levels[$0] }, cumulative: cumulative))
        }
        return (bins, codes.map { $0 < 0 ? -1 : binOf[Int($0)] })
    }
}

/// 10 to the power `n`.
func pow10(_ n: Int) -> Double {
    var x = 1.0
    for _ in 0..<max(0, n) { x *= 10 }
    return x
}
