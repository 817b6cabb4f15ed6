import SynthCore

/// Machine-learning utility: a model trained on synthetic rows (TSTR) against the same model
/// trained on real rows (TRTR), both tested on the same real rows the real model never saw.
///
/// A categorical or boolean target gets logistic regression (accuracy and macro F1), a numeric
/// one linear regression (R²); features are every other scored column (see ``Features``).
public struct UtilityReport: Sendable {
    /// What the model predicts.
    public enum Task: String, Sendable {
        /// A label: logistic regression.
        case classification
        /// A number: linear regression.
        case regression
    }

    /// A model's scores on the test rows.
    public struct Scores: Sendable {
        /// The share of test rows predicted right (classification).
        public var accuracy: Double
        /// The macro-averaged F1 over labels (classification).
        public var f1: Double
        /// The coefficient of determination (regression).
        public var r2: Double

        /// The score the ratio compares: accuracy, or R².
        public func main(_ task: Task) -> Double { task == .classification ? accuracy : r2 }
    }

    /// The target column.
    public var target: String
    /// Classification or regression.
    public var task: Task
    /// Trained on real rows, tested on real rows.
    public var trtr: Scores
    /// Trained on synthetic rows, tested on real rows.
    public var tstr: Scores
    /// The real training rows and test rows used (rows with a missing target are left out).
    public var trainRows: Int
    /// The number of test rows.
    public var testRows: Int

    /// TSTR ÷ TRTR on accuracy (classification) or R² (regression); 1 means the synthetic data trains as well as the real.
    public var ratio: Double { tstr.main(task) / trtr.main(task) }

    /// The most labels a classification target may have.
    public static let maximumClasses = 100

    /// The default target: the last categorical or boolean column, else the last integer or float column.
    public static func defaultTarget(_ table: Table) -> String? {
        table.columns.last { $0.kind == .categorical || $0.kind == .boolean }?.name
            ?? table.columns.last { $0.kind == .integer || $0.kind == .float }?.name
    }

    /// Splits `table` into training and test rows: a seeded shuffle, then `testShare` of the rows for testing.
    public static func split(_ table: Table, testShare: Double = 0.2, seed: UInt64 = 20_251_122) -> (train: Table, test: Table) {
        var order = Array(0..<table.rowCount)
        var random = SeededRandom(seed: seed)
        order.shuffle(using: &random)
        let testCount = Int((Double(table.rowCount) * testShare).rounded())
        return (Self.rows(table, Array(order[testCount...]).sorted()), Self.rows(table, Array(order[..<testCount]).sorted()))
    }

    /// Fits on `train` and on `synthetic`, scores both on `test` (all aligned, with the same columns).
    public init(train: Table, synthetic: Table, test: Table, target: String) throws(SynthError) {
        guard let t = train.index(of: target) else {
            throw SynthError(.invalidArgument, "target '\(target)' is not a column (columns: \(train.names.joined(separator: ", ")))")
        }
        let kind = train.columns[t].kind
        switch kind {
        case .categorical, .boolean: task = .classification
        case .integer, .float: task = .regression
        case .datetime, .identifier, .text:
            throw SynthError(
                .invalidArgument, "target '\(target)' is a column of kind \(kind.rawValue); choose a categorical, boolean or numeric column"
            )
        }
        self.target = target
        let keep = { (table: Table) in Self.rows(table, (0..<table.rowCount).filter { !table.columns[t].isMissing($0) }) }
        let train = keep(train)
        let synthetic = keep(synthetic)
        let test = keep(test)
        guard train.rowCount > 0, synthetic.rowCount > 0, test.rowCount > 0 else {
            throw SynthError(.invalidArgument, "target '\(target)' has no values in the training, synthetic or test rows")
        }
        if task == .classification {
            let classes = Set(Features.labels(train.columns[t])).count
            guard classes <= Self.maximumClasses else {
                throw SynthError(
                    .invalidArgument,
                    "target '\(target)' has \(classes) labels; utility predicts at most \(Self.maximumClasses) (choose another --target)")
            }
        }
        trainRows = train.rowCount
        testRows = test.rowCount
        trtr = Self.scores(training: train, test: test, target: t, task: task)
        tstr = Self.scores(training: synthetic, test: test, target: t, task: task)
    }

    private static func rows(_ table: Table, _ rows: [Int]) -> Table {
        Table(
            columns: table.columns.map { column in
                var copy = column
                if column.kind.isNumeric {
                    copy.numbers = rows.map { column.numbers[$0] }
                } else {
                    copy.codes = rows.map { column.codes[$0] }
                }
                return copy
            })
    }

    private static func scores(training: Table, test: Table, target t: Int, task: Task) -> Scores {
        let features = Features(training, target: t)
        let x = features.matrix(training)
        let testX = features.matrix(test)
        switch task {
        case .regression:
            let y = training.columns[t].numbers
            let model = LinearRegression(x: x, y: y, width: features.width)
            let truth = test.columns[t].numbers
            let predicted = model.predict(testX, rows: test.rowCount)
            let mean = truth.reduce(0, +) / Double(truth.count)
            let residual = zip(truth, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let total = truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return Scores(accuracy: .nan, f1: .nan, r2: total > 0 ? 1 - residual / total : .nan)
        case .classification:
            let labels = Features.labels(training.columns[t])
            let classes = Array(Set(labels)).sorted()
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let truth = Features.labels(test.columns[t])
            let predicted: [Int]
            if classes.count == 1 {
                predicted = Array(repeating: classes[0], count: test.rowCount)
            } else {
                let model = LogisticRegression(x: x, y: labels.map { index[$0]! }, width: features.width, classes: classes.count)
                predicted = model.predict(testX, rows: test.rowCount).map { classes[$0] }
            }
            let accuracy = Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
            var f1s: [Double] = []
            for label in Set(truth).union(predicted).sorted() {
                var tp = 0.0
                var fp = 0.0
                var fn = 0.0
                for (a, b) in zip(truth, predicted) {
                    if a == label && b == label { tp += 1 } else if b == label { fp += 1 } else if a == label { fn += 1 }
                }
                f1s.append(tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0)
            }
            return Scores(accuracy: accuracy, f1: f1s.reduce(0, +) / Double(f1s.count), r2: .nan)
        }
    }
}
