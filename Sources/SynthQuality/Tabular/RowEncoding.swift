import SynthCore

/// Turns rows into points whose distance is SDMetrics' DCR distance to a reference table.
///
/// The distance between two rows is the mean over columns of a per-column distance in 0...1:
/// numbers and datetimes differ by |a − b| / (the reference's max − min), capped at 1 (with a
/// zero range any difference counts 1); labels and booleans differ by 0 (equal) or 1; a missing
/// value is 0 from another missing value and 1 from any present one. Identifier and text columns
/// do not count. Every column becomes one coordinate so that this is Σ min(|pᵢ − qᵢ|, 1) / d:
/// numbers are range-normalized, labels are their codes (distinct codes differ by at least 1),
/// and a missing number sits far away from every present one.
public struct RowEncoding: Sendable {
    /// The columns that count, by index in the tables.
    public let columns: [Int]
    /// Per counted column: subtract this, then multiply by `scales`.
    let offsets: [Double]
    let scales: [Double]
    let numeric: [Bool]

    /// Where a missing number goes: farther than 1 from any normalized present value.
    static let missing: Float = -1e30

    /// The encoding for distances to `reference` (numbers normalized by its ranges).
    public init(reference: Table) {
        var columns: [Int] = []
        var offsets: [Double] = []
        var scales: [Double] = []
        var numeric: [Bool] = []
        for (c, column) in reference.columns.enumerated() where QualityReport.isScored(column.kind) {
            columns.append(c)
            if column.kind.isNumeric {
                var lo = Double.infinity
                var hi = -Double.infinity
                for x in column.numbers where !x.isNaN {
                    lo = min(lo, x)
                    hi = max(hi, x)
                }
                let range = hi - lo
                offsets.append(lo.isFinite ? lo : 0)
                // A zero range: any difference counts 1, so scale differences far past 1.
                scales.append(range > 0 && range.isFinite ? 1 / range : 1e12)
                numeric.append(true)
            } else {
                offsets.append(0)
                scales.append(1)
                numeric.append(false)
            }
        }
        self.columns = columns
        self.offsets = offsets
        self.scales = scales
        self.numeric = numeric
    }

    /// The number of coordinates of a point.
    public var dimensions: Int { columns.count }

    /// Rows `range` of `table` (aligned with the reference) as points, one after another, into `out`.
    func encode(_ table: Table, rows range: some Collection<Int>, into out: inout [Float]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(range.count * columns.count)
        for row in range {
            for (k, c) in columns.enumerated() {
                let column = table.columns[c]
                if numeric[k] {
                    let x = column.numbers[row]
                    out.append(x.isNaN ? Self.missing : Float(min(max((x - offsets[k]) * scales[k], -1e20), 1e20)))
                } else {
                    out.append(Float(column.codes[row]))
                }
            }
        }
    }

    /// All rows of `table` as points.
    func encode(_ table: Table) -> [Float] {
        var out: [Float] = []
        encode(table, rows: 0..<table.rowCount, into: &out)
        return out
    }
}
