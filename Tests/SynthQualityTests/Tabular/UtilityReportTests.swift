import Foundation
import SynthCore
import SynthQuality
import SynthTesting
import Testing

@Suite struct UtilityReportTests {
    /// The same preprocessing in pandas, then scikit-learn's models (run to convergence).
    static let reference = """
        import sys, warnings, numpy as np, pandas as pd
        from sklearn.linear_model import LogisticRegression, LinearRegression
        from sklearn.metrics import accuracy_score, f1_score, r2_score
        warnings.filterwarnings("ignore")
        train, test = (pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sys.argv[1:3])
        target = sys.argv[3]
        # Rows without a target value are left out, as UtilityReport leaves them out.
        train, test = train[train[target].notna()].reset_index(drop=True), test[test[target].notna()].reset_index(drop=True)
        numeric = ["age", "income", "visits", "joined"]
        labels = [c for c in ["region", "active"] if c != target]
        numeric = [c for c in numeric if c != target]
        for df in (train, test):
            df["joined"] = pd.to_datetime(df["joined"]).astype("int64") / 1e9
            for c in ["region", "active"]:
                df[c] = df[c].astype(object).fillna("<missing>").astype(str)
        def features(df):
            cols = []
            for c in numeric:
                x = train[c].astype(float); mean = x.mean(); sd = x.std(ddof=0) or 1.0
                cols.append(((df[c].astype(float) - mean) / sd).fillna(0.0).to_numpy())
            for c in labels:
                for level in pd.unique(train[c]):
                    cols.append((df[c] == level).astype(float).to_numpy())
            return np.column_stack(cols)
        x, tx = features(train), features(test)
        if target in ["region", "active"]:
            model = LogisticRegression(C=1.0, max_iter=10000, tol=1e-10).fit(x, train[target])
            p = model.predict(tx)
            print(accuracy_score(test[target], p), f1_score(test[target], p, average="macro"))
        else:
            model = LinearRegression().fit(x, train[target].astype(float))
            print(r2_score(test[target].astype(float), model.predict(tx)))
        """

    private func check(target: String, seed: UInt64) throws -> (UtilityReport, [Double]) {
        let table = TabularFixtures.table(rows: 1200, seed: seed)
        let (train, test) = UtilityReport.split(table)
        let synthetic = TabularFixtures.table(rows: 500, seed: seed + 100, shift: 0.3)
        let tables = try TableAlignment.align(train, [synthetic, test], labels: ["train", "synthetic", "test"])
        let folder = try Processes.temporaryFolder()
        try TabularFixtures.writeCSV(tables[0], to: folder + "/train.csv")
        try TabularFixtures.writeCSV(tables[2], to: folder + "/test.csv")
        let report = try UtilityReport(train: tables[0], synthetic: tables[1], test: tables[2], target: target)
        let output = try Processes.python(Self.reference, [folder + "/train.csv", folder + "/test.csv", target])
        return (report, output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
    }

    @Test func binaryLogisticRegressionMatchesScikitLearn() throws {
        let (report, reference) = try check(target: "active", seed: 21)
        #expect(report.task == .classification)
        #expect(report.testRows == 240)
        #expect(abs(report.trtr.accuracy - reference[0]) <= 1.0 / 240, "accuracy \(report.trtr.accuracy) vs \(reference[0])")
        #expect(abs(report.trtr.f1 - reference[1]) < 0.01, "F1 \(report.trtr.f1) vs \(reference[1])")
    }

    @Test func multinomialLogisticRegressionMatchesScikitLearn() throws {
        let (report, reference) = try check(target: "region", seed: 22)
        #expect(
            abs(report.trtr.accuracy - reference[0]) <= 1.0 / Double(report.testRows), "accuracy \(report.trtr.accuracy) vs \(reference[0])"
        )
        #expect(abs(report.trtr.f1 - reference[1]) < 0.01, "F1 \(report.trtr.f1) vs \(reference[1])")
    }

    @Test func linearRegressionMatchesScikitLearn() throws {
        let (report, reference) = try check(target: "age", seed: 23)
        #expect(report.task == .regression)
        #expect(abs(report.trtr.r2 - reference[0]) < 1e-6, "R² \(report.trtr.r2) vs \(reference[0])")
        #expect(report.ratio == report.tstr.r2 / report.trtr.r2)
    }

    @Test func defaultTargetIsTheLastLabelColumn() {
        #expect(UtilityReport.defaultTarget(TabularFixtures.table(rows: 10, seed: 1)) == "active")
    }
}
