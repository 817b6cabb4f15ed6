import Dispatch
import SynthCore

/// How close synthetic rows come to the real rows they were made from.
///
/// Every figure is exact (no sampling) and deterministic; distances are SDMetrics' DCR distance
/// (see ``RowEncoding``), found with a k-d tree on all cores, with memory for the real table's
/// points and one number per synthetic row.
public struct PrivacyReport: Sendable {
    /// Each synthetic row's distance to its closest real row (DCR), in 0...1.
    public var closest: [Double]
    /// Each synthetic row's distance to its second-closest real row.
    public var secondClosest: [Double]
    /// Each synthetic row's distance to its closest holdout row (normalized by the holdout's ranges, as SDMetrics does); empty without a holdout.
    public var closestHoldout: [Double]
    /// The share of synthetic rows equal to some real row in every scored column.
    public var exactMatchRate: Double
    /// k-anonymity of the quasi-identifiers in the synthetic and the real data; nil when none are declared.
    public var kAnonymity: KAnonymity?

    /// The median DCR.
    public var medianDCR: Double { ColumnStatistics.percentile(closest, 50) }
    /// The mean DCR.
    public var meanDCR: Double { closest.isEmpty ? .nan : closest.reduce(0, +) / Double(closest.count) }
    /// The 5th percentile of DCR (small values flag rows close to copies).
    public var fifthPercentileDCR: Double { ColumnStatistics.percentile(closest, 5) }
    /// Nearest-neighbour distance ratio per synthetic row: closest / second-closest (0 when both are 0).
    public var nndr: [Double] { zip(closest, secondClosest).map { $1 > 0 ? $0 / $1 : 0 } }
    /// The 10th percentile of NNDR.
    public var nndrTenthPercentile: Double { ColumnStatistics.percentile(nndr, 10) }
    /// The share of synthetic rows strictly closer to the training (real) rows than to the holdout
    /// rows: 0.5 is ideal, 1 means the synthetic data sits on the training rows. NaN without a holdout.
    public var dcrShare: Double {
        guard !closestHoldout.isEmpty else { return .nan }
        let closer = zip(closest, closestHoldout).filter { $0 < $1 }.count
        return Double(closer) / Double(closest.count)
    }

    /// Measures `synthetic` against `real` (and `holdout`, real rows kept out of training), all aligned
    /// as ``TableAlignment/align(_:_:labels:)`` aligns them; `quasiIdentifiers` name columns for k-anonymity.
    public init(real: Table, synthetic: Table, holdout: Table? = nil, quasiIdentifiers: [String] = [], k: Int = 5) throws(SynthError) {
        let encoding = RowEncoding(reference: real)
        guard encoding.dimensions > 0 else {
            throw SynthError(.invalidArgument, "no column can be compared for privacy: every column is an identifier or text")
        }
        (closest, secondClosest) = Self.distances(synthetic, to: real)
        closestHoldout = holdout.map { Self.distances(synthetic, to: $0).0 } ?? []
        exactMatchRate = Self.exactMatches(synthetic, real, columns: encoding.columns)
        if quasiIdentifiers.isEmpty {
            kAnonymity = nil
        } else {
            kAnonymity = try KAnonymity(synthetic: synthetic, real: real, columns: quasiIdentifiers, k: k)
        }
    }

    /// For each row of `table`, the distance to the closest and second-closest row of `reference`.
    public static func distances(_ table: Table, to reference: Table) -> ([Double], [Double]) {
        let encoding = RowEncoding(reference: reference)
        let index = NearestRows(points: encoding.encode(reference), dimensions: encoding.dimensions)
        let count = table.rowCount
        let scale = 1 / Double(max(encoding.dimensions, 1))
        let chunk = 512
        let chunks = (count + chunk - 1) / chunk
        let results = Results(count: count)
        // First the leaf each row falls in, then rows searched leaf by leaf: neighbouring queries
        // visit the same nodes, which stay in cache.
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            let rows = (part * chunk)..<min(count, (part + 1) * chunk)
            var points: [Float] = []
            encoding.encode(table, rows: rows, into: &points)
            points.withUnsafeBufferPointer { buffer in
                for (i, row) in rows.enumerated() {
                    let query = UnsafeBufferPointer(rebasing: buffer[(i * encoding.dimensions)..<((i + 1) * encoding.dimensions)])
                    results.leaves[row] = index.leaf(of: query)
                }
            }
        }
        let order = (0..<count).sorted { (results.leaves[$0], $0) < (results.leaves[$1], $1) }
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            let rows = order[(part * chunk)..<min(count, (part + 1) * chunk)]
            var points: [Float] = []
            encoding.encode(table, rows: rows, into: &points)
            points.withUnsafeBufferPointer { buffer in
                for (i, row) in rows.enumerated() {
                    let query = UnsafeBufferPointer(rebasing: buffer[(i * encoding.dimensions)..<((i + 1) * encoding.dimensions)])
                    let (a, b) = index.nearestTwo(query)
                    results.first[row] = Double(a) * scale
                    results.second[row] = Double(b) * scale
                }
            }
        }
        return (Array(results.first), Array(results.second))
    }

    /// Per-row outputs written by disjoint chunks of rows on several threads.
    private final class Results: @unchecked Sendable {
        let first: UnsafeMutableBufferPointer<Double>
        let second: UnsafeMutableBufferPointer<Double>
        let leaves: UnsafeMutableBufferPointer<Int>
        init(count: Int) {
            first = .allocate(capacity: count)
            second = .allocate(capacity: count)
            leaves = .allocate(capacity: count)
            leaves.initialize(repeating: 0)
            first.initialize(repeating: .nan)
            second.initialize(repeating: .nan)
        }
        deinit {
            first.deallocate()
            second.deallocate()
            leaves.deallocate()
        }
    }

    /// The share of `table`'s rows equal in every one of `columns` to some row of `reference`.
    static func exactMatches(_ table: Table, _ reference: Table, columns: [Int]) -> Double {
        guard table.rowCount > 0 else { return .nan }
        let keys = RowKeys(reference, columns: columns)
        let probe = RowKeys(table, columns: columns)
        var known: [UInt64: [Int]] = [:]
        for row in 0..<reference.rowCount { known[keys.hash(row), default: []].append(row) }
        var matches = 0
        for row in 0..<table.rowCount {
            if let candidates = known[probe.hash(row)], candidates.contains(where: { probe.equal(row, keys, $0) }) { matches += 1 }
        }
        return Double(matches) / Double(table.rowCount)
    }
}

/// Exact row values over some columns, hashed and compared (missing equals missing).
struct RowKeys {
    let table: Table
    let columns: [Int]

    init(_ table: Table, columns: [Int]) {
        self.table = table
        self.columns = columns
    }

    private func bits(_ row: Int, _ c: Int) -> UInt64 {
        let column = table.columns[c]
        if column.kind.isNumeric {
            let x = column.numbers[row]
            return x.isNaN ? 0x7ff8_0000_0000_0001 : (x == 0 ? 0 : x.bitPattern)
        }
        return UInt64(bitPattern: Int64(column.codes[row]))
    }

    func hash(_ row: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in columns {
            h = (h ^ bits(row, c)) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
        }
        return h
    }

    func equal(_ row: Int, _ other: RowKeys, _ otherRow: Int) -> Bool {
        columns.allSatisfy { bits(row, $0) == other.bits(otherRow, $0) }
    }
}

/// k-anonymity of declared quasi-identifiers: rows grouped by their values in those columns.
public struct KAnonymity: Sendable {
    /// The quasi-identifier columns.
    public var columns: [String]
    /// The group size below which a row counts as at risk.
    public var k: Int
    /// The smallest group in the synthetic data (its k-anonymity).
    public var syntheticMinimum: Int
    /// The share of synthetic rows in groups smaller than `k`.
    public var syntheticShareBelowK: Double
    /// The smallest group in the real data.
    public var realMinimum: Int
    /// The share of real rows in groups smaller than `k`.
    public var realShareBelowK: Double

    /// Groups both tables by `columns` (which must exist in both).
    public init(synthetic: Table, real: Table, columns: [String], k: Int) throws(SynthError) {
        var indices: [Int] = []
        for name in columns {
            guard let c = real.index(of: name) else {
                throw SynthError(
                    .invalidArgument, "quasi-identifier '\(name)' is not a column (columns: \(real.names.joined(separator: ", ")))")
            }
            indices.append(c)
        }
        self.columns = columns
        self.k = k
        (syntheticMinimum, syntheticShareBelowK) = Self.groups(synthetic, indices, k)
        (realMinimum, realShareBelowK) = Self.groups(real, indices, k)
    }

    private static func groups(_ table: Table, _ columns: [Int], _ k: Int) -> (Int, Double) {
        let keys = RowKeys(table, columns: columns)
        var buckets: [UInt64: [Int]] = [:]
        for row in 0..<table.rowCount { buckets[keys.hash(row), default: []].append(row) }
        var smallest = Int.max
        var below = 0
        for rows in buckets.values {
            // Split a hash bucket into groups of truly equal rows.
            var remaining = rows
            while let first = remaining.first {
                let group = remaining.filter { keys.equal($0, keys, first) }
                remaining.removeAll { keys.equal($0, keys, first) }
                smallest = min(smallest, group.count)
                if group.count < k { below += group.count }
            }
        }
        return (smallest == .max ? 0 : smallest, table.rowCount == 0 ? .nan : Double(below) / Double(table.rowCount))
    }
}
