import Foundation
import SynthCore

/// `bayesnet`: a Chow–Liu tree over binned columns, sampled ancestrally with values drawn within bins.
///
/// Numbers are cut into quantile bins (values drawn inside a bin follow the data's own
/// distribution there), labels keep their levels, missing values are a bin of their own. The
/// tree is the maximum spanning tree of the pairwise mutual information between binned
/// columns, which is the tree-shaped distribution closest to the data (Chow and Liu, 1968).
/// Not private: bins and tables come from the data as they are.
public struct BayesNetwork: TabularModel {
    public static let name = "bayesnet"

    /// The fitted tree.
    public var tree: TreeModel

    /// A network for `tree`.
    public init(tree: TreeModel) { self.tree = tree }

    /// The network of `table`, a table already prepared for modelling (numbers, booleans,
    /// datetimes and labels, possibly missing).
    ///
    /// - Parameters:
    ///   - maxBins: the most bins per numeric column.
    ///   - maxLevels: the most labels with a bin of their own; rarer labels share an "other" bin.
    ///   - smoothing: the pseudo-count added to every cell of the conditional tables.
    /// The fit reads no randomness: the same table always gives the same network.
    public static func fit(_ table: Table, maxBins: Int = 20, maxLevels: Int = 100, smoothing: Double = 0.05) throws(SynthError)
        -> BayesNetwork
    {
        try check(table)
        guard maxBins >= 2, maxLevels >= 2 else {
            throw SynthError(.invalidArgument, "bayesnet needs at least 2 bins and 2 levels per column, got \(maxBins) and \(maxLevels)")
        }
        let binned = table.columns.map { Discretizer.quantiles($0, maxBins: maxBins, maxLevels: maxLevels) }
        let sizes = binned.map { $0.bins.bins.count }
        let codes = binned.map(\.codes)
        let (parents, order) = TreeModel.spanningTree(count: sizes.count) { a, b in
            mutualInformation(counts(codes[a], sizes[a], codes[b], sizes[b]), rows: sizes[a], columns: sizes[b])
        }
        var tables: [[Double]] = []
        for v in sizes.indices {
            if let p = parents[v] {
                tables.append(
                    conditional(counts(codes[p], sizes[p], codes[v], sizes[v]), rows: sizes[p], columns: sizes[v], smoothing: smoothing))
            } else {
                var c = [Double](repeating: 0, count: sizes[v])
                for code in codes[v] { c[Int(code)] += 1 }
                tables.append(conditional(c, rows: 1, columns: sizes[v], smoothing: smoothing))
            }
        }
        return BayesNetwork(tree: TreeModel(columns: binned.map(\.bins), parents: parents, order: order, tables: tables))
    }

    /// The network of a prepared table with the default bins; it reads no randomness and no privacy budget.
    public static func fit(_ table: Table, options: FitOptions) throws(SynthError) -> BayesNetwork {
        if options.epsilon != nil || options.delta != nil {
            throw SynthError(
                .invalidArgument,
                "the bayesnet model is not differentially private, so it takes no --epsilon or --delta; use --model dp-mst")
        }
        return try fit(table)
    }

    public func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        try tree.sample(count: count, seed: seed, conditions: conditions)
    }

    public func values(of column: String) -> [String]? { tree.values(of: column) }
}

/// Checks a table is one a graphical model can fit: some rows, only modelled kinds.
func check(_ table: Table) throws(SynthError) {
    guard !table.columns.isEmpty else { throw SynthError(.invalidArgument, "the table has no columns to model") }
    guard table.rowCount > 0 else { throw SynthError(.invalidArgument, "the table has no rows to fit on") }
    for column in table.columns where column.kind == .identifier || column.kind == .text {
        throw SynthError(
            .invalidArgument,
            "column '\(column.name)' is \(column.kind.rawValue): it is regenerated or faked, not modelled; prepare the table first")
    }
}

/// The joint counts of two binned columns (rows: `a`'s bins, columns: `b`'s).
func counts(_ a: [Int32], _ ka: Int, _ b: [Int32], _ kb: Int) -> [Double] {
    var c = [Double](repeating: 0, count: ka * kb)
    for i in a.indices { c[Int(a[i]) * kb + Int(b[i])] += 1 }
    return c
}

/// The mutual information (nats) of a joint count table.
func mutualInformation(_ joint: [Double], rows: Int, columns: Int) -> Double {
    let total = joint.reduce(0, +)
    guard total > 0 else { return 0 }
    var rowSums = [Double](repeating: 0, count: rows)
    var columnSums = [Double](repeating: 0, count: columns)
    for r in 0..<rows {
        for c in 0..<columns {
            rowSums[r] += joint[r * columns + c]
            columnSums[c] += joint[r * columns + c]
        }
    }
    var mi = 0.0
    for r in 0..<rows {
        for c in 0..<columns {
            let n = joint[r * columns + c]
            if n > 0 { mi += n / total * log(n * total / (rowSums[r] * columnSums[c])) }
        }
    }
    return mi
}

/// Each row of a count table (plus `smoothing` per cell) divided by its sum.
func conditional(_ counts: [Double], rows: Int, columns: Int, smoothing: Double) -> [Double] {
    var table = counts
    for r in 0..<rows {
        var sum = 0.0
        for c in 0..<columns { sum += max(0, counts[r * columns + c]) + smoothing }
        for c in 0..<columns {
            table[r * columns + c] = sum > 0 ? (max(0, counts[r * columns + c]) + smoothing) / sum : 1 / Double(columns)
        }
    }
    return table
}
