import SynthCore

/// A tree-shaped Bayesian network over binned columns: the root's distribution and each other
/// column's distribution given its parent's bin. `bayesnet` and `dp-mst` both sample through it.
public struct TreeModel: Sendable, Codable, Equatable {
    /// The columns' bins, in table order.
    public var columns: [ColumnBins]
    /// Each column's parent (nil for the root).
    public var parents: [Int?]
    /// The columns with every parent before its children; the root first.
    public var order: [Int]
    /// The root's bin probabilities; for another column, P(bin | parent's bin) row by row
    /// (parent bins × own bins, row-major).
    public var tables: [[Double]]

    /// A tree model.
    /// The labels a categorical or boolean column can take, for `--where` negation; nil for numbers or an unknown column.
    public func values(of name: String) -> [String]? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        if column.kind == .boolean { return ["0", "1"] }
        guard column.kind == .categorical else { return nil }
        return column.bins.flatMap { bin -> [String] in
            if case .labels(let labels, _) = bin { return labels }
            return []
        }
    }

    public init(columns: [ColumnBins], parents: [Int?], order: [Int], tables: [[Double]]) {
        self.columns = columns
        self.parents = parents
        self.order = order
        self.tables = tables
    }

    /// The maximum spanning tree of `weights` (pairwise, symmetric) grown from column 0 by
    /// Prim's algorithm: each column's parent, and the order columns joined the tree.
    static func spanningTree(count: Int, weight: (Int, Int) -> Double) -> (parents: [Int?], order: [Int]) {
        guard count > 0 else { return ([], []) }
        var parents = [Int?](repeating: nil, count: count)
        var best = [Double](repeating: -.infinity, count: count)
        var inTree = [Bool](repeating: false, count: count)
        var order = [0]
        inTree[0] = true
        for v in 1..<max(1, count) {
            best[v] = weight(0, v)
            parents[v] = 0
        }
        while order.count < count {
            var next = -1
            for v in 0..<count where !inTree[v] && (next < 0 || best[v] > best[next]) { next = v }
            inTree[next] = true
            order.append(next)
            for v in 0..<count where !inTree[v] {
                let w = weight(next, v)
                if w > best[v] {
                    best[v] = w
                    parents[v] = next
                }
            }
        }
        return (parents, order)
    }

    /// `count` rows drawn ancestrally, every one satisfying `conditions`.
    ///
    /// Conditions enter as evidence: each column's bins are weighted by the share of their
    /// values the conditions allow, messages pass up the tree, and bins are then drawn down it
    /// from the exact conditional distribution, so no row is ever rejected.
    func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        guard count >= 0 else { throw SynthError(.invalidArgument, "the row count must not be negative, got \(count)") }
        let names = columns.map(\.name)
        for condition in conditions where !names.contains(condition.column) {
            throw SynthError(
                .invalidArgument, "no column '\(condition.column)' to condition on; the model has \(names.joined(separator: ", "))")
        }
        let n = columns.count
        var levelCodes: [[String: Int32]] = []
        var draws: [[BinDraw]] = []
        for column in columns {
            var codes: [String: Int32] = [:]
            for (i, label) in column.levels.enumerated() { codes[label] = Int32(i) }
            let allowed = try column.allowed(by: conditions.filter { $0.column == column.name })
            let perBin = column.bins.indices.map { column.draw(bin: $0, allowed: allowed, labelCodes: codes) }
            if !perBin.contains(where: { $0.mass > 0 }) {
                let said = conditions.filter { $0.column == column.name }.map(describe).joined(separator: " and ")
                throw SynthError(.invalidArgument, "no value of '\(column.name)' the model can produce satisfies \(said)")
            }
            levelCodes.append(codes)
            draws.append(perBin)
        }

        // Upward pass: beta[v] is the evidence on v and below, per bin of v.
        var children = [[Int]](repeating: [], count: n)
        for v in 0..<n { if let p = parents[v] { children[p].append(v) } }
        var beta = draws.map { $0.map(\.mass) }
        for v in order.reversed() {
            guard let p = parents[v] else { continue }
            let k = columns[v].bins.count
            var message = [Double](repeating: 0, count: columns[p].bins.count)
            for a in message.indices {
                var s = 0.0
                for b in 0..<k { s += tables[v][a * k + b] * beta[v][b] }
                message[a] = s
            }
            for a in message.indices { beta[p][a] *= message[a] }
        }
        let root = order[0]
        var rootWeights = [Double](repeating: 0, count: columns[root].bins.count)
        for b in rootWeights.indices { rootWeights[b] = tables[root][b] * beta[root][b] }
        guard let rootCumulative = cumulative(rootWeights) else {
            throw SynthError(
                .invalidArgument,
                "the conditions \(conditions.map(describe).joined(separator: " and ")) cannot hold together: the model gives that combination no probability"
            )
        }

        // Downward: P(bin of v | bin of parent) weighted by the evidence below v.
        var downward = [[[Double]?]](repeating: [], count: n)
        for v in 0..<n {
            guard let p = parents[v] else { continue }
            let k = columns[v].bins.count
            downward[v] = (0..<columns[p].bins.count).map { a in
                cumulative((0..<k).map { b in tables[v][a * k + b] * beta[v][b] })
            }
        }

        var random = SeededRandom(seed: seed)
        var binsOf = [[Int32]](repeating: [Int32](repeating: 0, count: count), count: n)
        for row in 0..<count {
            for v in order {
                let bin: Int
                if let p = parents[v] {
                    guard let c = downward[v][Int(binsOf[p][row])] else { continue }
                    bin = random.index(cumulative: c)
                } else {
                    bin = random.index(cumulative: rootCumulative)
                }
                binsOf[v][row] = Int32(bin)
            }
        }

        var out: [Column] = []
        for (v, column) in columns.enumerated() {
            var random = SeededRandom(seed: SplitMix64.derive(seed, UInt64(v) &+ 1))
            if column.kind.isNumeric {
                var numbers = [Double](repeating: .nan, count: count)
                for row in 0..<count {
                    let b = Int(binsOf[v][row])
                    numbers[row] = column.value(in: column.bins[b], draws[v][b], random: &random)
                }
                out.append(Column(name: column.name, kind: column.kind, numbers: numbers, format: column.format))
            } else {
                var codes = [Int32](repeating: -1, count: count)
                for row in 0..<count {
                    let draw = draws[v][Int(binsOf[v][row])]
                    guard !draw.labels.isEmpty else { continue }
                    codes[row] = draw.labels.count == 1 ? draw.labels[0] : draw.labels[random.index(cumulative: draw.cumulative)]
                }
                out.append(Column(name: column.name, kind: column.kind, codes: codes, levels: column.levels, format: column.format))
            }
        }
        return Table(columns: out)
    }
}

/// Running sums of `weights`, or nil when they are all zero.
func cumulative(_ weights: [Double]) -> [Double]? {
    var running = 0.0
    let sums = weights.map { w -> Double in
        running += max(0, w)
        return running
    }
    return running > 0 ? sums : nil
}

/// A condition as the user wrote it, near enough: `age >= 30`, `region in ('north')`.
func describe(_ condition: ColumnCondition) -> String {
    switch condition.allowed {
    case .values(let labels):
        return labels.count == 1
            ? "\(condition.column) = '\(labels[0])'" : "\(condition.column) in (\(labels.map { "'\($0)'" }.joined(separator: ", ")))"
    case .range(let min, let max, let minInclusive, let maxInclusive):
        var parts: [String] = []
        if let min { parts.append("\(condition.column) \(minInclusive ? ">=" : ">") \(NumberFormat.shortest(min))") }
        if let max { parts.append("\(condition.column) \(maxInclusive ? "<=" : "<") \(NumberFormat.shortest(max))") }
        return parts.isEmpty ? condition.column : parts.joined(separator: " and ")
    }
}
