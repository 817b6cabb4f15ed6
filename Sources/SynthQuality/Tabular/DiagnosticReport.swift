import SynthCore

/// SDMetrics' single-table DiagnosticReport (version 0.32) on ``Table``s: Data Validity (boundary,
/// category and key adherence per column) and Data Structure, and their mean.
public struct DiagnosticReport: Sendable {
    /// One column's validity score.
    public struct Validity: Sendable {
        /// The column.
        public var column: String
        /// `BoundaryAdherence`, `CategoryAdherence` or `KeyUniqueness`.
        public var metric: String
        /// The share of synthetic rows that pass, in 0...1.
        public var score: Double
    }

    /// The per-column validity scores.
    public var validity: [Validity]
    /// Data Structure: the share of (column, storage type) pairs the two tables have in common.
    public var structure: Double

    /// The Data Validity property: the mean of the column scores.
    public var dataValidity: Double { mean(validity.map(\.score)) }
    /// The overall diagnostic score: the mean of Data Validity and Data Structure.
    public var score: Double { mean([dataValidity, structure]) }

    /// Checks `synthetic` against `real` (aligned as ``TableAlignment/align(_:_:labels:)`` aligns them);
    /// `key` is the table's primary key (by default its first identifier column), whose values must be unique.
    public init(real: Table, synthetic: Table, key: String? = nil) {
        let key = key ?? real.columns.first { $0.kind == .identifier }?.name
        validity = []
        for (c, column) in real.columns.enumerated() {
            let other = synthetic.columns[c]
            switch column.kind {
            case .integer, .float, .datetime:
                validity.append(
                    Validity(column: column.name, metric: "BoundaryAdherence", score: Self.boundaryAdherence(column.numbers, other.numbers))
                )
            case .boolean:
                let labels = { (c: Column) in c.numbers.map { $0.isNaN ? Int32(-1) : ($0 != 0 ? 1 : 0) } }
                validity.append(
                    Validity(column: column.name, metric: "CategoryAdherence", score: Self.categoryAdherence(labels(column), labels(other)))
                )
            case .categorical:
                validity.append(
                    Validity(column: column.name, metric: "CategoryAdherence", score: Self.categoryAdherence(column.codes, other.codes)))
            case .identifier, .text:
                if column.name == key {
                    validity.append(Validity(column: column.name, metric: "KeyUniqueness", score: Self.keyUniqueness(other)))
                }
            }
        }
        let real = Set(real.columns.map { "\($0.name)\u{0}\(Self.storageType($0))" })
        let synthetic = Set(synthetic.columns.map { "\($0.name)\u{0}\(Self.storageType($0))" })
        structure = Double(real.intersection(synthetic).count) / Double(max(real.union(synthetic).count, 1))
    }

    /// The share of synthetic values within the real minimum and maximum; missing synthetic values
    /// pass when the real column has missing values and are left out of the share, and fail otherwise.
    public static func boundaryAdherence(_ real: [Double], _ synthetic: [Double]) -> Double {
        let present = real.filter { !$0.isNaN }
        guard let lo = present.min(), let hi = present.max() else { return .nan }
        let nullable = present.count < real.count
        let checked = nullable ? synthetic.filter { !$0.isNaN } : synthetic
        guard !checked.isEmpty else { return .nan }
        return Double(checked.filter { $0 >= lo && $0 <= hi }.count) / Double(checked.count)
    }

    /// The share of synthetic labels the real column has (missing passes when the real column has missing values).
    public static func categoryAdherence(_ real: [Int32], _ synthetic: [Int32]) -> Double {
        guard !synthetic.isEmpty else { return .nan }
        let known = Set(real)
        let nullable = known.contains(-1)
        let valid = synthetic.filter { $0 < 0 ? nullable : known.contains($0) }.count
        return Double(valid) / Double(synthetic.count)
    }

    /// The share of synthetic rows whose key is present and not a repeat of an earlier row's.
    public static func keyUniqueness(_ column: Column) -> Double {
        guard column.count > 0 else { return .nan }
        var seen = Set<String>()
        var bad = 0
        for row in 0..<column.count {
            if column.isMissing(row) || !seen.insert(column.text(at: row)).inserted { bad += 1 }
        }
        return 1 - Double(bad) / Double(column.count)
    }

    /// The pandas dtype a CSV reader gives the column, which SDMetrics' TableStructure compares.
    static func storageType(_ column: Column) -> String {
        let missing = column.missingShare > 0
        switch column.kind {
        case .integer: return missing ? "float64" : "int64"
        case .float: return "float64"
        case .boolean: return missing ? "object" : "bool"
        case .datetime: return "datetime64[ns]"
        case .categorical, .text: return "object"
        case .identifier: return column.levels.allSatisfy { Int($0) != nil } && !missing ? "int64" : "object"
        }
    }
}
