import SynthCore

/// SDMetrics' single-table QualityReport (version 0.32), computed on ``Table``s: Column Shapes and
/// Column Pair Trends, each the mean of its scores, and their mean as the overall score.
///
/// Identifier and text columns are left out, as SDMetrics leaves out `id` and PII columns.
/// Unlike SDMetrics, pairs are scored on every row (it samples 50,000 rows of larger tables).
public struct QualityReport: Sendable {
    /// One column's shape score.
    public struct Shape: Sendable {
        /// The column.
        public var column: String
        /// `KSComplement` (numbers, datetimes) or `TVComplement` (categories, booleans).
        public var metric: String
        /// The score in 0...1 (NaN when it cannot be computed, for example no present values).
        public var score: Double
    }

    /// One column pair's trend score.
    public struct Trend: Sendable {
        /// The first column.
        public var column1: String
        /// The second column.
        public var column2: String
        /// `CorrelationSimilarity` (two continuous columns) or `ContingencySimilarity`.
        public var metric: String
        /// The score in 0...1 (NaN when the pair does not meet the real-data threshold or cannot be computed).
        public var score: Double
        /// The Pearson correlation in the real data (correlation pairs).
        public var realCorrelation: Double
        /// The Pearson correlation in the synthetic data (correlation pairs that meet the threshold).
        public var syntheticCorrelation: Double
        /// Cramér's V in the real data (contingency pairs).
        public var realAssociation: Double
        /// Whether the pair counts towards the property: |real correlation| > 0.5 or real association > 0.3.
        public var meetsThreshold: Bool
    }

    /// The per-column scores, in column order.
    public var shapes: [Shape]
    /// The per-pair scores, in column order.
    public var trends: [Trend]

    /// The Column Shapes property: the mean of the column scores that could be computed.
    public var columnShapes: Double { mean(shapes.map(\.score)) }
    /// The Column Pair Trends property: the mean of the scores of the pairs meeting the threshold.
    public var columnPairTrends: Double { mean(trends.filter(\.meetsThreshold).map(\.score)) }
    /// The overall quality score: the mean of the two properties (of the one, if the other is NaN).
    public var score: Double { mean([columnShapes, columnPairTrends]) }

    /// The correlation pairs need |real correlation| above this to count (SDMetrics' default).
    public static let correlationThreshold = 0.5
    /// The contingency pairs need a real Cramér's V above this to count (SDMetrics' default).
    public static let associationThreshold = 0.3

    /// Scores `synthetic` against `real`; both must hold the same columns in the same order with
    /// codes on shared levels (``TableAlignment/align(_:_:labels:)`` makes them so).
    public init(real: Table, synthetic: Table) {
        let columns = real.columns.indices.filter { Self.isScored(real.columns[$0].kind) }
        let realValues = columns.concurrentMap { Values(real.columns[$0]) }
        let syntheticValues = columns.concurrentMap { Values(synthetic.columns[$0]) }
        let names = columns.map { real.columns[$0].name }
        shapes = Array(columns.indices).concurrentMap { k in
            let r = realValues[k]
            let s = syntheticValues[k]
            return r.isContinuous
                ? Shape(column: names[k], metric: "KSComplement", score: ColumnStatistics.ksComplement(r.numbers, s.numbers))
                : Shape(column: names[k], metric: "TVComplement", score: ColumnStatistics.tvComplement(r.labels, s.labels))
        }
        let pairs = columns.indices.flatMap { i in ((i + 1)..<columns.count).map { (i, $0) } }
        trends = pairs.concurrentMap { i, j in
            Self.trend(names[i], names[j], realValues[i], realValues[j], syntheticValues[i], syntheticValues[j])
        }
    }

    /// True for the kinds the report scores (all but identifiers and text).
    public static func isScored(_ kind: ColumnKind) -> Bool {
        kind != .identifier && kind != .text
    }

    private static func trend(_ name1: String, _ name2: String, _ r1: Values, _ r2: Values, _ s1: Values, _ s2: Values) -> Trend {
        if r1.isContinuous && r2.isContinuous {
            var trend = Trend(
                column1: name1, column2: name2, metric: "CorrelationSimilarity", score: .nan, realCorrelation: .nan,
                syntheticCorrelation: .nan,
                realAssociation: .nan, meetsThreshold: false)
            // SDMetrics refuses a column with one distinct value on either side before it drops missing rows.
            let constant = [r1, r2, s1, s2].contains { ColumnStatistics.distinctCount($0.numbers) == 1 }
            guard !constant else { return trend }
            trend.realCorrelation = ColumnStatistics.pearson(r1.numbers, r2.numbers)
            guard abs(trend.realCorrelation) > correlationThreshold else { return trend }
            trend.meetsThreshold = true
            trend.syntheticCorrelation = ColumnStatistics.pearson(s1.numbers, s2.numbers)
            trend.score = 1 - abs(trend.realCorrelation - trend.syntheticCorrelation) / 2
            return trend
        }
        let real = (r1.discrete, r2.discrete)
        let association = ColumnStatistics.cramersV(real.0, real.1)
        let meets = association > associationThreshold
        return Trend(
            column1: name1, column2: name2, metric: "ContingencySimilarity",
            score: meets ? ColumnStatistics.contingencySimilarity(real: real, synthetic: (s1.discrete, s2.discrete)) : .nan,
            realCorrelation: .nan, syntheticCorrelation: .nan, realAssociation: association, meetsThreshold: meets)
    }

    /// A column as the statistics read it.
    struct Values {
        /// Numbers, datetimes as nanoseconds as pandas holds them (NaN missing); empty for discrete columns.
        var numbers: [Double] = []
        /// Labels of a discrete column (-1 missing).
        var labels: [Int] = []
        /// Labels for contingency tables: a discrete column's labels with missing as a value, or a continuous column's bins.
        var discrete: [Int]
        var isContinuous: Bool

        init(_ column: Column) {
            switch column.kind {
            case .integer, .float, .datetime:
                isContinuous = true
                numbers = column.kind == .datetime ? column.numbers.map { $0 * 1e9 } : column.numbers
                discrete = ColumnStatistics.bins(numbers)
            case .boolean:
                isContinuous = false
                labels = column.numbers.map { $0.isNaN ? -1 : ($0 != 0 ? 1 : 0) }
                discrete = labels
            case .categorical, .identifier, .text:
                isContinuous = false
                labels = column.codes.map(Int.init)
                discrete = labels
            }
        }
    }
}

/// The mean of the values that are not NaN (NaN when there are none), as pandas' `mean` and numpy's `nanmean` give it.
func mean(_ values: [Double]) -> Double {
    let present = values.filter { !$0.isNaN }
    return present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count)
}
