import SynthCore

/// Everything `synthforge evaluate` measures about a synthetic table: SDMetrics' quality and
/// diagnostic reports, privacy distances, and machine-learning utility.
public struct TabularEvaluation: Sendable {
    /// The aligned real table.
    public var real: Table
    /// The aligned synthetic table.
    public var synthetic: Table
    /// Column Shapes and Column Pair Trends.
    public var quality: QualityReport
    /// Data Validity and Data Structure.
    public var diagnostic: DiagnosticReport
    /// DCR, DCR share, NNDR, exact matches, k-anonymity.
    public var privacy: PrivacyReport
    /// TSTR against TRTR; nil when no column could be predicted.
    public var utility: UtilityReport?

    /// Measures `synthetic` against `real`.
    ///
    /// - Parameters:
    ///   - holdout: real rows the generator never saw: DCR share is measured against them, and
    ///     utility is tested on them; without one, utility holds out a seeded 20% of `real`.
    ///   - quasiIdentifiers: columns for k-anonymity (groups smaller than `k` are at risk).
    ///   - target: the column utility predicts; by default ``UtilityReport/defaultTarget(_:)``, and
    ///     utility is left out if that column cannot be predicted (too many labels, no test rows).
    public init(
        real: Table, synthetic: Table, holdout: Table? = nil, quasiIdentifiers: [String] = [], k: Int = 5, target: String? = nil
    ) throws(SynthError) {
        let tables = try TableAlignment.align(
            real, [synthetic] + (holdout.map { [$0] } ?? []), labels: ["the real data", "the synthetic data", "the holdout"])
        self.real = tables[0]
        self.synthetic = tables[1]
        let holdout = tables.count > 2 ? tables[2] : nil
        quality = QualityReport(real: tables[0], synthetic: tables[1])
        diagnostic = DiagnosticReport(real: tables[0], synthetic: tables[1])
        privacy = try PrivacyReport(real: tables[0], synthetic: tables[1], holdout: holdout, quasiIdentifiers: quasiIdentifiers, k: k)
        let (train, test) = holdout.map { (tables[0], $0) } ?? UtilityReport.split(tables[0])
        if let target {
            utility = try UtilityReport(train: train, synthetic: tables[1], test: test, target: target)
        } else {
            // A target picked for the user that cannot be predicted (too many labels, too few rows) skips utility.
            utility = UtilityReport.defaultTarget(tables[0]).flatMap {
                try? UtilityReport(train: train, synthetic: tables[1], test: test, target: $0)
            }
        }
    }

    /// Every score as JSON: properties, per-column and per-pair scores, privacy and utility figures.
    public var json: Value {
        func number(_ x: Double) -> Value { x.isNaN ? .null : .double(x) }
        let shapes = quality.shapes.map { shape -> Value in
            .object(["column": .string(shape.column), "metric": .string(shape.metric), "score": number(shape.score)])
        }
        let trends = quality.trends.map { trend -> Value in
            .object([
                "column_1": .string(trend.column1), "column_2": .string(trend.column2), "metric": .string(trend.metric),
                "score": number(trend.score), "real_correlation": number(trend.realCorrelation),
                "synthetic_correlation": number(trend.syntheticCorrelation), "real_association": number(trend.realAssociation),
                "meets_threshold": .bool(trend.meetsThreshold),
            ])
        }
        let validity = diagnostic.validity.map { v -> Value in
            .object(["column": .string(v.column), "metric": .string(v.metric), "score": number(v.score)])
        }
        var privacyFields: Fields = [
            "dcr_median": number(privacy.medianDCR), "dcr_mean": number(privacy.meanDCR),
            "dcr_5th_percentile": number(privacy.fifthPercentileDCR),
            "dcr_share": number(privacy.dcrShare), "nndr_10th_percentile": number(privacy.nndrTenthPercentile),
            "exact_match_rate": number(privacy.exactMatchRate),
            "dcr_histogram": .object([
                "upper": .double(histogramUpper),
                "counts": .array(Self.histogram(privacy.closest, bins: 20, upper: histogramUpper).map { .int($0) }),
            ]),
        ]
        if let k = privacy.kAnonymity {
            privacyFields["k_anonymity"] = .object([
                "quasi_identifiers": .array(k.columns.map { .string($0) }), "k": .int(k.k),
                "synthetic_min_group": .int(k.syntheticMinimum), "synthetic_share_below_k": number(k.syntheticShareBelowK),
                "real_min_group": .int(k.realMinimum), "real_share_below_k": number(k.realShareBelowK),
            ])
        }
        var fields: Fields = [
            "rows": .object(["real": .int(real.rowCount), "synthetic": .int(synthetic.rowCount)]),
            "columns": .array(real.columns.map { .object(["name": .string($0.name), "kind": .string($0.kind.rawValue)]) }),
            "quality": .object([
                "score": number(quality.score),
                "properties": .object([
                    "Column Shapes": number(quality.columnShapes), "Column Pair Trends": number(quality.columnPairTrends),
                ]),
                "column_shapes": .array(shapes), "column_pair_trends": .array(trends),
            ]),
            "diagnostic": .object([
                "score": number(diagnostic.score),
                "properties": .object(["Data Validity": number(diagnostic.dataValidity), "Data Structure": number(diagnostic.structure)]),
                "data_validity": .array(validity),
            ]),
            "privacy": .object(privacyFields),
        ]
        if let utility {
            func scores(_ s: UtilityReport.Scores) -> Value {
                utility.task == .classification
                    ? .object(["accuracy": number(s.accuracy), "f1_macro": number(s.f1)]) : .object(["r2": number(s.r2)])
            }
            fields["utility"] = .object([
                "target": .string(utility.target), "task": .string(utility.task.rawValue),
                "model": .string(utility.task == .classification ? "logistic regression" : "linear regression"),
                "train_rows": .int(utility.trainRows), "test_rows": .int(utility.testRows),
                "trtr": scores(utility.trtr), "tstr": scores(utility.tstr), "ratio": number(utility.ratio),
            ])
        } else {
            fields["utility"] = .null
        }
        return .object(fields)
    }

    /// The upper end of the DCR histograms: the largest distance to the real or holdout rows (1 if all are 0).
    var histogramUpper: Double {
        let top = (privacy.closest + privacy.closestHoldout).filter { !$0.isNaN }.max() ?? 0
        return top > 0 ? top : 1
    }

    /// Counts of `values` in `bins` equal bins over 0...`upper`.
    static func histogram(_ values: [Double], bins: Int, upper: Double) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for x in values where !x.isNaN { counts[min(max(Int(x / upper * Double(bins)), 0), bins - 1)] += 1 }
        return counts
    }
}
