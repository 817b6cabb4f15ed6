import Foundation
import SynthCore
import SynthQuality
import SynthTesting
import Testing

@Suite struct PrivacyReportTests {
    /// The distance definition, written out in numpy over every pair of rows.
    static let bruteForce = """
        import sys, json, numpy as np, pandas as pd
        def load(path):
            df = pd.read_csv(path, keep_default_na=False, na_values=[""])
            return df
        real, syn, hold = (load(p) for p in sys.argv[1:4])
        kinds = {"age": "num", "income": "num", "visits": "num", "joined": "date", "region": "cat", "active": "cat"}
        def distances(data, ref):
            total = np.zeros((len(data), len(ref)))
            for c, kind in kinds.items():
                if kind == "cat":
                    # Missing equals missing: give it a label of its own before comparing.
                    a = data[c].astype(object).fillna("<missing>").astype(str).to_numpy()[:, None]
                    b = ref[c].astype(object).fillna("<missing>").astype(str).to_numpy()[None, :]
                    total += (a != b)
                    continue
                if kind == "date":
                    a = pd.to_datetime(data[c]).astype("int64").to_numpy() / 1e9; b = pd.to_datetime(ref[c]).astype("int64").to_numpy() / 1e9
                else:
                    a = data[c].to_numpy(dtype=float); b = ref[c].to_numpy(dtype=float)
                rng = np.nanmax(b) - np.nanmin(b)
                d = np.abs(a[:, None] - b[None, :])
                d = np.where(rng == 0, (d > 0).astype(float), np.minimum(d / rng, 1.0))
                na, nb = np.isnan(a)[:, None], np.isnan(b)[None, :]
                d = np.where(na & nb, 0.0, np.where(na | nb, 1.0, d))
                total += d
            return np.sort(total / len(kinds), axis=1)
        to_real = distances(syn, real); to_hold = distances(syn, hold)
        d1, d2, dh = to_real[:, 0], to_real[:, 1], to_hold[:, 0]
        nndr = np.where(d2 > 0, d1 / np.where(d2 > 0, d2, 1), 0.0)
        print(json.dumps({"d1": d1.tolist(), "d2": d2.tolist(), "dh": dh.tolist(), "share": float((d1 < dh).mean()),
            "nndr10": float(np.percentile(nndr, 10)), "median": float(np.median(d1))}))
        """

    @Test func distancesMatchABruteForceNumpyReference() throws {
        let real = TabularFixtures.table(rows: 400, seed: 1)
        var synthetic = TabularFixtures.table(rows: 300, seed: 2, shift: 0.2)
        // Copy a few real rows so exact matches and zero distances occur.
        for c in synthetic.columns.indices {
            for row in 0..<5 {
                if synthetic.columns[c].kind.isNumeric {
                    synthetic.columns[c].numbers[row] = real.columns[c].numbers[row * 7]
                }
            }
        }
        let holdout = TabularFixtures.table(rows: 350, seed: 3)
        let tables = try TableAlignment.align(real, [synthetic, holdout], labels: ["real", "synthetic", "holdout"])
        // The labels of copied rows must match too.
        var aligned = tables
        for row in 0..<5 { aligned[1].columns[4].codes[row] = aligned[0].columns[4].codes[row * 7] }
        let folder = try Processes.temporaryFolder()
        let names = ["real", "synthetic", "holdout"].map { folder + "/\($0).csv" }
        for (table, path) in zip(aligned, names) { try TabularFixtures.writeCSV(table, to: path) }

        let report = try PrivacyReport(real: aligned[0], synthetic: aligned[1], holdout: aligned[2])
        let output = try Processes.python(Self.bruteForce, names)
        let reference = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let d1 = reference["d1"] as! [Double]
        let d2 = reference["d2"] as! [Double]
        let dh = reference["dh"] as! [Double]
        #expect(d1.count == report.closest.count)
        for row in d1.indices {
            #expect(abs(report.closest[row] - d1[row]) < 1e-5, "row \(row): closest \(report.closest[row]) vs \(d1[row])")
            #expect(abs(report.secondClosest[row] - d2[row]) < 1e-5, "row \(row): second \(report.secondClosest[row]) vs \(d2[row])")
            #expect(abs(report.closestHoldout[row] - dh[row]) < 1e-5, "row \(row): holdout \(report.closestHoldout[row]) vs \(dh[row])")
        }
        #expect(abs(report.medianDCR - (reference["median"] as! Double)) < 1e-5)
        #expect(abs(report.nndrTenthPercentile - (reference["nndr10"] as! Double)) < 1e-4)
        // Float rounding could flip a near tie; allow one row of slack.
        #expect(abs(report.dcrShare - (reference["share"] as! Double)) <= 1.0 / 300)
        #expect(report.exactMatchRate == 5.0 / 300)
    }

    @Test func dcrAgreesWithSDMetricsWhereTheDefinitionsCoincide() throws {
        let real = TabularFixtures.table(rows: 300, seed: 11)
        let synthetic = TabularFixtures.table(rows: 250, seed: 12, shift: 0.3)
        let holdout = TabularFixtures.table(rows: 300, seed: 13)
        let tables = try TableAlignment.align(real, [synthetic, holdout], labels: ["real", "synthetic", "holdout"])
        let folder = try Processes.temporaryFolder()
        let names = ["real", "synthetic", "holdout"].map { folder + "/\($0).csv" }
        for (table, path) in zip(tables, names) { try TabularFixtures.writeCSV(table, to: path) }
        let report = try PrivacyReport(real: tables[0], synthetic: tables[1], holdout: tables[2])
        let output = try Processes.python(
            """
            import sys, warnings, pandas as pd
            warnings.filterwarnings("ignore")
            from sdmetrics.single_table import DCRBaselineProtection, DCROverfittingProtection
            real, syn, hold = (pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sys.argv[1:4])
            for df in (real, syn, hold):
                df["joined"] = pd.to_datetime(df["joined"])
                df["active"] = df["active"].astype(str)
            meta = {"columns": {"age": {"sdtype": "numerical"}, "income": {"sdtype": "numerical"}, "visits": {"sdtype": "numerical"},
                    "joined": {"sdtype": "datetime"}, "region": {"sdtype": "categorical"}, "active": {"sdtype": "boolean"}}}
            base = DCRBaselineProtection.compute_breakdown(real, syn, meta, None)
            over = DCROverfittingProtection.compute_breakdown(real, syn, hold, meta, None)
            print(base["median_DCR_to_real_data"]["synthetic_data"], over["synthetic_data_percentages"]["closer_to_training"])
            """, names)
        let figures = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(figures.count == 2)
        #expect(abs(report.medianDCR - figures[0]) < 1e-5, "median DCR \(report.medianDCR) vs SDMetrics \(figures[0])")
        #expect(abs(report.dcrShare - figures[1]) <= 1.0 / 250, "DCR share \(report.dcrShare) vs SDMetrics \(figures[1])")
    }

    @Test func kAnonymityCountsGroupsOfEqualQuasiIdentifiers() throws {
        let real = Table(columns: [
            Column(name: "zip", kind: .categorical, strings: ["a", "a", "b", "b", "b", "c"]),
            Column(name: "age", kind: .integer, numbers: [30, 30, 40, 40, 40, 50]),
        ])
        let synthetic = Table(columns: [
            Column(name: "zip", kind: .categorical, strings: ["a", "a", "a", "b"]),
            Column(name: "age", kind: .integer, numbers: [30, 30, 31, 40]),
        ])
        let tables = try TableAlignment.align(real, [synthetic], labels: ["real", "synthetic"])
        let k = try KAnonymity(synthetic: tables[1], real: tables[0], columns: ["zip", "age"], k: 2)
        #expect(k.realMinimum == 1)
        #expect(k.realShareBelowK == 1.0 / 6)
        #expect(k.syntheticMinimum == 1)
        #expect(k.syntheticShareBelowK == 0.5)
    }
}
