import Foundation
import SynthCore

/// Whether generated data is ready for ML: each guarantee of the schema with its measured figure.
public struct ReadinessReport: Sendable, Codable, Equatable {
    /// One guarantee, checked.
    public struct Check: Sendable, Codable, Equatable {
        /// What was checked (`samples`, `finite`, `std clarity`, `classes`, `share high`, `ranges`, `separability`).
        public var name: String
        /// True when the data meets it.
        public var passed: Bool
        /// The measured figure.
        public var measured: Double
        /// What it must be, in words ("≥ 500", "0.25 ± 0.01").
        public var required: String
        /// How it was measured, where the figure alone does not say.
        public var detail: String?
    }

    /// The rows checked.
    public var rows: Int
    /// The checks, in a fixed order.
    public var checks: [Check]
    /// True when every check passed.
    public var passed: Bool

    /// The report as aligned text lines, one per check.
    public var text: String {
        let width = checks.map(\.name.count).max() ?? 0
        var lines = [
            "ML-readiness of \(NumberFormat.grouped(rows)) rows: \(passed ? "all guarantees hold" : "\(checks.filter { !$0.passed }.count) failed")"
        ]
        for check in checks {
            let name = check.name + String(repeating: " ", count: width - check.name.count)
            let figure =
                check.measured == check.measured.rounded() && abs(check.measured) < 1e12
                ? NumberFormat.grouped(Int(check.measured)) : NumberFormat.fixed(check.measured, decimals: 4)
            var line = "  \(check.passed ? "PASS" : "FAIL")  \(name)  \(figure)  (required \(check.required))"
            if let detail = check.detail { line += "  \(detail)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The failed checks as one sentence, for an error message.
    public var failures: String {
        checks.filter { !$0.passed }.map {
            "\($0.name) is \(NumberFormat.trimmed($0.measured, decimals: 4)) (required \($0.required))"
        }.joined(separator: "; ")
    }
}

/// Accumulates the figures the guarantees need over streamed batches, in bounded memory: sums
/// per column, class counts, and the first rows (up to `sampleLimit`) for the separability check.
public struct ReadinessTally: Sendable {
    /// Rows kept for the separability check.
    public static let sampleLimit = 20_000

    private let schema: FeatureSchema
    private let numericNames: [String]
    private var rows = 0
    private var nonFinite = 0
    private var counts: [Double]
    private var means: [Double]
    private var squares: [Double]
    private var classCounts: [Int]
    private var outsideRanges = 0
    private var inputs: [[Double]] = []
    private var labels: [Int] = []

    /// A tally for data generated from `schema`.
    public init(schema: FeatureSchema) {
        self.schema = schema
        numericNames = schema.series?.values.map(\.name) ?? schema.numericFeatures.map { schema.features[$0].name }
        means = [Double](repeating: 0, count: numericNames.count)
        squares = means
        counts = means
        classCounts = [Int](repeating: 0, count: schema.target?.classes.count ?? 0)
    }

    /// Adds a generated batch.
    public mutating func add(_ batch: Table) {
        let n = batch.rowCount
        let columns = numericNames.map { batch[$0]!.numbers }
        for (c, values) in columns.enumerated() {
            // Welford's update, per value, so a million rows keep full precision.
            var count = counts[c]
            var mean = means[c]
            var m2 = squares[c]
            for x in values {
                guard x.isFinite else {
                    nonFinite += 1
                    continue
                }
                count += 1
                let delta = x - mean
                mean += delta / count
                m2 += delta * (x - mean)
            }
            counts[c] = count
            means[c] = mean
            squares[c] = m2
        }
        if let target = schema.target, let labelColumn = batch[target.name] {
            let valueColumn = target.value.flatMap { batch[$0] }
            for row in 0..<n {
                let k = Int(labelColumn.codes[row])
                classCounts[k] += 1
                if let valueColumn, let range = target.classes[k].range {
                    let x = valueColumn.numbers[row]
                    if !x.isFinite { nonFinite += 1 }
                    if !(range.contains(x)) { outsideRanges += 1 }
                }
            }
            let keep = min(n, Self.sampleLimit - labels.count)
            if keep > 0 {
                let featureColumns = schema.features.map { batch[$0.name]! }
                for row in 0..<keep {
                    var input: [Double] = []
                    for (f, column) in featureColumns.enumerated() {
                        switch schema.features[f].kind {
                        case .numeric: input.append(column.numbers[row])
                        case .categorical(let levels, _):
                            // One-hot, leaving out the first level (the intercept carries it).
                            for level in 1..<max(levels.count, 1) { input.append(column.codes[row] == Int32(level) ? 1 : 0) }
                        }
                    }
                    inputs.append(input)
                    labels.append(Int(labelColumn.codes[row]))
                }
            }
        }
        rows += n
    }

    /// The checks, measured on everything added so far.
    public func report() -> ReadinessReport {
        let g = schema.guarantees
        var checks: [ReadinessReport.Check] = []
        checks.append(
            .init(name: "samples", passed: rows >= g.minSamples, measured: Double(rows), required: "≥ \(g.minSamples)", detail: nil))
        checks.append(
            .init(name: "finite", passed: nonFinite == 0, measured: Double(nonFinite), required: "0 NaN or infinite values", detail: nil))
        let finiteRows = Double(max(rows, 1))
        for (c, name) in numericNames.enumerated() {
            let sd = counts[c] > 1 ? (squares[c] / (counts[c] - 1)).squareRoot() : 0
            let names = schema.series?.values.map(\.name) ?? schema.features.map(\.name)
            if let threshold = g.minStandardDeviation[names.firstIndex(of: name)!] {
                checks.append(
                    .init(
                        name: "std \(name)", passed: sd >= threshold, measured: sd,
                        required: "≥ \(NumberFormat.trimmed(threshold, decimals: 6))", detail: nil))
            } else {
                checks.append(.init(name: "std \(name)", passed: sd > 0, measured: sd, required: "> 0", detail: nil))
            }
        }
        if let target = schema.target {
            let present = classCounts.filter { $0 > 0 }.count
            checks.append(.init(name: "classes", passed: present >= 2, measured: Double(present), required: "≥ 2 present", detail: nil))
            // A share can only be met to a whole row, so a few rows widen the tolerance to one row.
            let tolerance = max(g.shareTolerance, 1 / finiteRows)
            for (k, c) in target.classes.enumerated() {
                let share = Double(classCounts[k]) / finiteRows
                checks.append(
                    .init(
                        name: "share \(c.label)", passed: abs(share - c.share) <= tolerance, measured: share,
                        required: "\(NumberFormat.trimmed(c.share, decimals: 6)) ± \(NumberFormat.trimmed(tolerance, decimals: 6))",
                        detail: nil))
            }
            if target.value != nil {
                checks.append(
                    .init(
                        name: "ranges", passed: outsideRanges == 0, measured: Double(outsideRanges),
                        required: "0 values outside their class's range", detail: nil))
            }
            checks.append(separability(classes: target.classes.count, margin: g.separabilityMargin))
        }
        return ReadinessReport(rows: rows, checks: checks, passed: checks.allSatisfy(\.passed))
    }

    /// A logistic regression trained on 70% of the kept rows and scored on the rest, against
    /// always answering the training split's most common class.
    private func separability(classes: Int, margin: Double) -> ReadinessReport.Check {
        var trainX: [[Double]] = []
        var trainY: [Int] = []
        var testX: [[Double]] = []
        var testY: [Int] = []
        for i in labels.indices {
            if i % 10 < 7 {
                trainX.append(inputs[i])
                trainY.append(labels[i])
            } else {
                testX.append(inputs[i])
                testY.append(labels[i])
            }
        }
        guard testY.count >= 10 else {
            return .init(
                name: "separability", passed: false, measured: Double(labels.count), required: "≥ 34 rows to hold 10 out",
                detail: "too few rows to measure it")
        }
        var counts = [Int](repeating: 0, count: classes)
        for y in trainY { counts[y] += 1 }
        let majority = counts.indices.max { counts[$0] < counts[$1] }!
        let baseline = Double(testY.filter { $0 == majority }.count) / Double(testY.count)
        let model = LogisticRegression(inputs: trainX, labels: trainY, classes: classes)
        var right = 0
        for (x, y) in zip(testX, testY) where model.predict(x) == y { right += 1 }
        let accuracy = Double(right) / Double(testY.count)
        let needed = baseline + margin
        return .init(
            name: "separability", passed: accuracy >= needed, measured: accuracy,
            required: "≥ \(NumberFormat.fixed(needed, decimals: 4))",
            detail:
                "logistic regression on \(NumberFormat.grouped(testY.count)) held-out rows; majority baseline \(NumberFormat.fixed(baseline, decimals: 4)) + margin \(NumberFormat.trimmed(margin, decimals: 4))"
        )
    }
}
