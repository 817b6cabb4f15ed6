import Foundation
import SynthCore

/// `dp-mst`: differentially private synthesis by the MST method (McKenna, Miklau and Sheldon,
/// "Winning the NIST Contest", 2021), under zero-concentrated DP.
///
/// The fit measures every column's 1-way marginal with Gaussian noise, merges bins too small to
/// stand out of the noise, picks a maximum spanning tree of the columns with the exponential
/// mechanism (scoring each pair by how far its noisy-independent estimate is from its 2-way
/// marginal), measures the tree's 2-way marginals with Gaussian noise, makes them non-negative
/// and consistent, and samples from the resulting tree. The domain (numeric bounds, category
/// lists) comes from the schema or is itself measured privately; nothing about the data is used
/// without noise. The model keeps only noisy releases and what is computed from them.
public struct PrivateMST: TabularModel {
    public static let name = "dp-mst"

    /// The tree built from the noisy marginals.
    public var tree: TreeModel
    /// What the fit spent.
    public var spend: PrivacySpend
    /// Every noisy count released, for audit.
    public var releases: [NoisyCounts]

    /// A model.
    public init(tree: TreeModel, spend: PrivacySpend, releases: [NoisyCounts]) {
        self.tree = tree
        self.spend = spend
        self.releases = releases
    }

    /// The share of ρ spent on learning numeric bounds the schema does not declare.
    public static let boundsShare = 0.1

    /// A private model of `table` within `budget`.
    ///
    /// - Parameters:
    ///   - table: the prepared table (numbers, booleans, datetimes, labels; missing allowed).
    ///   - schema: declared bounds (`min`/`max`) and category lists (`values`). Categorical
    ///     columns must declare their values; numeric columns without both bounds have them
    ///     learned with ``boundsShare`` of ρ. Values outside declared bounds are clamped.
    ///   - budget: the (ε, δ) to spend, all of it.
    ///   - seed: the noise's seed. It is a secret like a key: whoever knows it and the model can
    ///     take the noise back out. Draw it at random unless reproducing a fit.
    ///   - bins: the bins each numeric column is measured in before small bins are merged.
    public static func fit(_ table: Table, schema: TableSchema, budget: PrivacyBudget, seed: UInt64, bins: Int = 128) throws(SynthError)
        -> PrivateMST
    {
        try check(table)
        guard bins >= 2 else { throw SynthError(.invalidArgument, "dp-mst needs at least 2 bins per numeric column, got \(bins)") }
        var random = SeededRandom(seed: SplitMix64.derive(seed, stableHash(name)))
        var measurements: [PrivacyMeasurement] = []
        var releases: [NoisyCounts] = []
        var rho = budget.rho
        let d = table.columns.count

        // Domains: declared, or (numeric bounds only) learned privately.
        let unbounded = table.columns.filter { column in
            let spec = schema.columns[column.name]
            return (column.kind == .integer || column.kind == .float || column.kind == .datetime) && (spec?.min == nil || spec?.max == nil)
        }
        let boundsRho = unbounded.isEmpty ? 0 : rho * boundsShare / Double(unbounded.count)
        var domains: [PrivateDomain] = []
        for column in table.columns {
            let spec = schema.columns[column.name] ?? ColumnSpec()
            switch column.kind {
            case .categorical:
                guard let values = spec.values, !values.isEmpty else {
                    throw SynthError(
                        .invalidArgument,
                        "dp-mst needs the categories of '\(column.name)' declared in the schema (values: [...]); reading them from the data would leak them"
                    )
                }
                domains.append(try PrivateDomain(labels: values, column: column))
            case .boolean:
                domains.append(PrivateDomain(points: [0, 1], column: column))
            default:
                var low = spec.min
                var high = spec.max
                if low == nil || high == nil {
                    let sigma = (1 / (2 * boundsRho)).squareRoot()
                    let learned = try privateBounds(column, sigma: sigma, random: &random)
                    measurements.append(.gaussian("bounds of '\(column.name)'", queries: 1, sigma: sigma))
                    releases.append(NoisyCounts(purpose: "bounds of '\(column.name)'", sigma: sigma, counts: learned.counts))
                    low = low ?? learned.low
                    high = high ?? learned.high
                }
                guard let low, let high, low <= high else {
                    throw SynthError(
                        .invalidArgument,
                        "column '\(column.name)': the schema's min \(spec.min ?? .nan) is above its max \(spec.max ?? .nan)")
                }
                domains.append(PrivateDomain(low: low, high: high, bins: bins, column: column))
            }
        }
        rho -= boundsRho * Double(unbounded.count)

        // The rest in thirds, as MST splits it: 1-way marginals, tree selection, 2-way marginals.
        // With fewer than three columns there is no tree to choose.
        let selectionRho = d >= 3 ? rho / 3 : 0
        let oneWayRho = d >= 2 ? (rho - selectionRho) / 2 : rho
        let twoWayRho = rho - selectionRho - oneWayRho

        let fine = domains.map { $0.codes() }
        let sigma1 = (Double(d) / (2 * oneWayRho)).squareRoot()
        measurements.append(.gaussian("1-way marginals", queries: d, sigma: sigma1))
        var oneWay: [[Double]] = []
        for (v, domain) in domains.enumerated() {
            var c = [Double](repeating: 0, count: domain.count)
            for code in fine[v] { c[Int(code)] += 1 }
            for i in c.indices { c[i] += random.normal(mean: 0, sd: sigma1) }
            oneWay.append(c)
            releases.append(NoisyCounts(purpose: "1-way '\(table.columns[v].name)'", sigma: sigma1, counts: c))
        }

        // Merge bins whose noisy counts do not stand out of the noise (MST's domain compression).
        let merged = domains.indices.map { domains[$0].compress(oneWay[$0], threshold: 3 * sigma1) }
        let sizes: [Int] = merged.map { $0.column.bins.count }
        let codes: [[Int32]] = (0..<d).map { v in fine[v].map { merged[v].binOf[Int($0)] } }
        let compressedOneWay: [[Double]] = (0..<d).map { v in
            var c = [Double](repeating: 0, count: sizes[v])
            for (f, b) in merged[v].binOf.enumerated() { c[Int(b)] += oneWay[v][f] }
            return c
        }
        let sums: [Double] = compressedOneWay.map { $0.reduce(0, +) }
        let total = max(1, sums.reduce(0, +) / Double(d))

        // Choose the tree with the exponential mechanism over pairs' scores.
        var edges: [(Int, Int)] = []
        if d == 2 { edges = [(0, 1)] }
        if d >= 3 {
            let epsilon = (8 * selectionRho / Double(d - 1)).squareRoot()
            measurements.append(.exponential("tree edges", choices: d - 1, epsilon: epsilon))
            let shares = compressedOneWay.map { c -> [Double] in
                let clipped = c.map { max(0, $0) }
                let s = clipped.reduce(0, +)
                return s > 0 ? clipped.map { $0 / s } : clipped.map { _ in 1 / Double(clipped.count) }
            }
            var score: [[Double]] = Array(repeating: Array(repeating: 0, count: d), count: d)
            for a in 0..<d {
                for b in (a + 1)..<d {
                    let joint = counts(codes[a], sizes[a], codes[b], sizes[b])
                    var l1 = 0.0
                    for x in 0..<sizes[a] {
                        for y in 0..<sizes[b] {
                            let expected: Double = total * shares[a][x] * shares[b][y]
                            l1 += abs(joint[x * sizes[b] + y] - expected)
                        }
                    }
                    score[a][b] = l1
                }
            }
            var component = Array(0..<d)
            func find(_ x: Int) -> Int {
                var x = x
                while component[x] != x { x = component[x] }
                return x
            }
            for _ in 0..<(d - 1) {
                var best: (Int, Int)?
                var bestKey = -Double.infinity
                for a in 0..<d {
                    for b in (a + 1)..<d where find(a) != find(b) {
                        let key = epsilon * score[a][b] / 2 + random.gumbel()
                        if key > bestKey {
                            bestKey = key
                            best = (a, b)
                        }
                    }
                }
                guard let (a, b) = best else { break }
                edges.append((a, b))
                component[find(a)] = find(b)
            }
        }

        // Measure the tree's 2-way marginals.
        var twoWay: [[Double]] = []
        var sigma2 = 0.0
        if !edges.isEmpty {
            sigma2 = (Double(edges.count) / (2 * twoWayRho)).squareRoot()
            measurements.append(.gaussian("2-way marginals", queries: edges.count, sigma: sigma2))
            for (a, b) in edges {
                var c = counts(codes[a], sizes[a], codes[b], sizes[b])
                for i in c.indices { c[i] += random.normal(mean: 0, sd: sigma2) }
                twoWay.append(c)
                releases.append(
                    NoisyCounts(purpose: "2-way '\(table.columns[a].name)' × '\(table.columns[b].name)'", sigma: sigma2, counts: c))
            }
        }

        let tree = consistentTree(
            columns: merged.map(\.column), oneWay: compressedOneWay,
            oneWayVariance: merged.map { $0.variance.map { $0 * sigma1 * sigma1 } },
            edges: edges, twoWay: twoWay, twoWayVariance: sigma2 * sigma2, total: total)
        return PrivateMST(tree: tree, spend: PrivacySpend(model: name, measurements: measurements, delta: budget.delta), releases: releases)
    }

    /// The δ used when `--delta` is not given: well below one over any table's row count.
    public static let defaultDelta = 1e-6

    /// A private model of a prepared table within the options' (ε, δ); ε is required.
    public static func fit(_ table: Table, options: FitOptions) throws(SynthError) -> PrivateMST {
        guard let epsilon = options.epsilon else {
            throw SynthError(.invalidArgument, "dp-mst needs a privacy budget: give --epsilon (0.1 to 10; smaller is more private)")
        }
        let budget = try PrivacyBudget(epsilon: epsilon, delta: options.delta ?? defaultDelta)
        return try fit(table, schema: options.schema, budget: budget, seed: options.seed)
    }

    public var privacy: PrivacySpend? { spend }

    public static var isPrivate: Bool { true }

    public func values(of column: String) -> [String]? { tree.values(of: column) }

    public func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        try tree.sample(count: count, seed: seed, conditions: conditions)
    }

    /// Bounds learned from a noisy histogram of powers of two: the outermost buckets whose noisy
    /// count clears three deviations of the noise.
    ///
    /// Buckets are fixed before seeing data: [−1, 1], then ±[2^(k−1), 2^k] for k = 1...64, so
    /// each row falls in one and the histogram has sensitivity 1.
    static func privateBounds(_ column: Column, sigma: Double, random: inout SeededRandom) throws(SynthError)
        -> (low: Double, high: Double, counts: [Double])
    {
        let half = 64
        var c = [Double](repeating: 0, count: 2 * half + 1)
        for x in column.numbers where !x.isNaN {
            let m = abs(x)
            let k = m < 1 ? 0 : m >= 0x1p63 ? half : min(half, Int(log2(m).rounded(.down)) + 1)
            c[x < 0 ? half - k : half + k] += 1
        }
        for i in c.indices { c[i] += random.normal(mean: 0, sd: sigma) }
        let clear = c.indices.filter { c[$0] > 3 * sigma }
        guard let first = clear.first, let last = clear.last else {
            throw SynthError(
                .invalidArgument,
                "too few rows to learn the bounds of '\(column.name)' privately at this ε; declare min and max for it in the schema")
        }
        func edges(_ i: Int) -> (Double, Double) {
            let k = i - half
            if k == 0 { return (-1, 1) }
            let outer = pow(2, Double(abs(k)))
            return k > 0 ? (outer / 2, outer) : (-outer, -outer / 2)
        }
        return (edges(first).0, edges(last).1, c)
    }

    /// The tree of `edges` rooted at column 0, with node marginals combined from every noisy
    /// measurement that covers them (inverse-variance weights), projected to be non-negative and
    /// sum to `total`, and each edge's noisy table fitted to both its nodes' marginals
    /// (iterative proportional fitting), so neighbouring tables agree on the column they share.
    static func consistentTree(
        columns: [ColumnBins], oneWay: [[Double]], oneWayVariance: [[Double]], edges: [(Int, Int)], twoWay: [[Double]],
        twoWayVariance: Double, total: Double
    ) -> TreeModel {
        let d = columns.count
        let sizes = columns.map { $0.bins.count }
        var estimate = oneWay
        var weight = oneWayVariance.map { $0.map { 1 / $0 } }
        for x in 0..<d { for i in 0..<sizes[x] { estimate[x][i] *= weight[x][i] } }
        for ((a, b), table) in zip(edges, twoWay) {
            for i in 0..<sizes[a] {
                var s = 0.0
                for j in 0..<sizes[b] { s += table[i * sizes[b] + j] }
                let w = 1 / (Double(sizes[b]) * twoWayVariance)
                estimate[a][i] += s * w
                weight[a][i] += w
            }
            for j in 0..<sizes[b] {
                var s = 0.0
                for i in 0..<sizes[a] { s += table[i * sizes[b] + j] }
                let w = 1 / (Double(sizes[a]) * twoWayVariance)
                estimate[b][j] += s * w
                weight[b][j] += w
            }
        }
        let marginals = (0..<d).map { x in simplexProjection((0..<sizes[x]).map { estimate[x][$0] / weight[x][$0] }, total: total) }

        var neighbours = [[(Int, Int)]](repeating: [], count: d)
        for (e, (a, b)) in edges.enumerated() {
            neighbours[a].append((b, e))
            neighbours[b].append((a, e))
        }
        var parents = [Int?](repeating: nil, count: d)
        var tables = [[Double]](repeating: [], count: d)
        var order: [Int] = []
        var seen = [Bool](repeating: false, count: d)
        for start in 0..<d where !seen[start] {
            // One tree when there are edges; columns never joined are roots of their own.
            seen[start] = true
            order.append(start)
            tables[start] = marginals[start].map { $0 / total }
            var queue = [start]
            while !queue.isEmpty {
                let p = queue.removeFirst()
                for (v, e) in neighbours[p] where !seen[v] {
                    seen[v] = true
                    parents[v] = p
                    order.append(v)
                    queue.append(v)
                    let (a, b) = edges[e]
                    let joint = fitted(twoWay[e], rows: marginals[a], columns: marginals[b])
                    tables[v] = conditionalOf(joint, parentIsRow: a == p, parentSize: sizes[p], childSize: sizes[v])
                }
            }
        }
        return TreeModel(columns: columns, parents: parents, order: order, tables: tables)
    }

    /// The non-negative table nearest in shape to `noisy` whose row and column sums are `rows` and `columns`.
    static func fitted(_ noisy: [Double], rows: [Double], columns: [Double]) -> [Double] {
        let r = rows.count
        let c = columns.count
        let floor = 1e-6 * max(1, rows.reduce(0, +)) / Double(r * c)
        var t = noisy.map { max(0, $0) + floor }
        for _ in 0..<100 {
            for i in 0..<r {
                var s = 0.0
                for j in 0..<c { s += t[i * c + j] }
                let f = s > 0 ? rows[i] / s : 0
                for j in 0..<c { t[i * c + j] *= f }
            }
            for j in 0..<c {
                var s = 0.0
                for i in 0..<r { s += t[i * c + j] }
                let f = s > 0 ? columns[j] / s : 0
                for i in 0..<r { t[i * c + j] *= f }
            }
        }
        return t
    }

    /// P(child | parent) from a joint table whose rows are the parent's bins when `parentIsRow`.
    static func conditionalOf(_ joint: [Double], parentIsRow: Bool, parentSize: Int, childSize: Int) -> [Double] {
        var table = [Double](repeating: 0, count: parentSize * childSize)
        for a in 0..<parentSize {
            var s = 0.0
            for b in 0..<childSize { s += parentIsRow ? joint[a * childSize + b] : joint[b * parentSize + a] }
            for b in 0..<childSize {
                let x = parentIsRow ? joint[a * childSize + b] : joint[b * parentSize + a]
                table[a * childSize + b] = s > 0 ? x / s : 1 / Double(childSize)
            }
        }
        return table
    }

    /// The point nearest `v` (Euclidean) with non-negative entries summing to `total`.
    static func simplexProjection(_ v: [Double], total: Double) -> [Double] {
        let sorted = v.sorted(by: >)
        var running = 0.0
        var theta = 0.0
        for (i, x) in sorted.enumerated() {
            running += x
            let t = (running - total) / Double(i + 1)
            if x - t > 0 { theta = t }
        }
        return v.map { max(0, $0 - theta) }
    }
}

/// One noisy count vector a private fit released, with its noise's deviation.
public struct NoisyCounts: Sendable, Codable, Equatable {
    /// What was counted: `1-way 'age'`, `2-way 'age' × 'income'`, `bounds of 'age'`.
    public var purpose: String
    /// The Gaussian noise's standard deviation per count.
    public var sigma: Double
    /// The noisy counts.
    public var counts: [Double]

    /// A release.
    public init(purpose: String, sigma: Double, counts: [Double]) {
        self.purpose = purpose
        self.sigma = sigma
        self.counts = counts
    }
}
