import Foundation
import SynthTesting
import Testing

@Suite struct EvaluateCommandTests {
    /// Runs SDMetrics' QualityReport and DiagnosticReport on the same files, with metadata built
    /// from the kinds our report lists, and prints "name sdmetrics ours" per score.
    static let sdmetricsComparison = """
        import json, sys, warnings
        import pandas as pd
        warnings.filterwarnings("ignore")
        from sdmetrics.reports import QualityReport, DiagnosticReport
        real_path, syn_path, ours_path = sys.argv[1:4]
        ours = json.load(open(ours_path))
        sdtypes = {"integer": "numerical", "float": "numerical", "datetime": "datetime", "boolean": "boolean",
                   "categorical": "categorical", "identifier": "id", "text": "text"}
        real, syn = pd.read_csv(real_path), pd.read_csv(syn_path)
        columns, key = {}, None
        for c in ours["columns"]:
            columns[c["name"]] = {"sdtype": sdtypes[c["kind"]]}
            if c["kind"] == "datetime":
                real[c["name"]] = pd.to_datetime(real[c["name"]]); syn[c["name"]] = pd.to_datetime(syn[c["name"]])
            if c["kind"] == "identifier" and key is None:
                key = c["name"]
        table = {"columns": columns}
        if key:
            table["primary_key"] = key
        metadata = {"tables": {"t": table}}
        q = QualityReport(); q.generate({"t": real}, {"t": syn}, metadata, verbose=False)
        d = DiagnosticReport(); d.generate({"t": real}, {"t": syn}, metadata, verbose=False)
        def show(name, theirs, mine):
            print(name.replace(" ", "_"), theirs, "nan" if mine is None else mine)
        show("overall", q.get_score(), ours["quality"]["score"])
        for _, row in q.get_properties().iterrows():
            show(row["Property"], row["Score"], ours["quality"]["properties"][row["Property"]])
        show("diagnostic", d.get_score(), ours["diagnostic"]["score"])
        # Constraint Validity is skipped without constraints (NaN); the other two are ours.
        for name in ["Data Validity", "Data Structure"]:
            row = d.get_properties().set_index("Property").loc[name]
            show(name, row["Score"], ours["diagnostic"]["properties"][name])
        for _, row in q.get_details("Column Shapes").iterrows():
            mine = [s for s in ours["quality"]["column_shapes"] if s["column"] == row["Column"]][0]
            show("shape:" + row["Column"], row["Score"], mine["score"])
        for _, row in q.get_details("Column Pair Trends").iterrows():
            mine = [s for s in ours["quality"]["column_pair_trends"] if s["column_1"] == row["Column 1"] and s["column_2"] == row["Column 2"]][0]
            meets = False if pd.isna(row["Meets Threshold?"]) else bool(row["Meets Threshold?"])
            show("counts:" + row["Column 1"] + "/" + row["Column 2"], float(meets), float(mine["meets_threshold"]))
            if meets:
                show("pair:" + row["Column 1"] + "/" + row["Column 2"], row["Score"], mine["score"])
        for _, row in d.get_details("Data Validity").iterrows():
            mine = [s for s in ours["diagnostic"]["data_validity"] if s["column"] == row["Column"] and s["metric"] == row["Metric"]]
            show("validity:" + row["Column"] + ":" + row["Metric"], row["Score"], mine[0]["score"] if mine else float("nan"))
        """

    private func expectSDMetricsAgreement(real: String, synthetic: String, folder: String) throws {
        let json = folder + "/report.json"
        let html = folder + "/report.html"
        let result = try Processes.synthforge("evaluate", "--real", real, "--synthetic", synthetic, "--json", json, "--report", html)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Quality (SDMetrics)"))
        let output = try Processes.python(Self.sdmetricsComparison, [real, synthetic, json])
        var compared = 0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let theirs = Double(parts[1]), let ours = Double(parts[2]) else {
                Issue.record("unexpected line: \(line)")
                continue
            }
            compared += 1
            let agree = (theirs.isNaN && ours.isNaN) || abs(theirs - ours) < 0.01
            #expect(agree, "\(parts[0]): SDMetrics \(theirs), ours \(ours)")
        }
        #expect(compared > 10)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg"))
        #expect(page.contains("Correlation, real"))
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("<link"))
    }

    @Test func matchesSDMetricsOnItsStudentPlacementsDemo() throws {
        let folder = try Processes.temporaryFolder()
        let demos = try Processes.python(
            "import os, sdmetrics; print(os.path.join(os.path.dirname(sdmetrics.__file__), 'demos', 'single_table'))"
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        try expectSDMetricsAgreement(
            real: demos + "/student_placements_real.csv", synthetic: demos + "/student_placements_synthetic.csv", folder: folder)
    }

    @Test func matchesSDMetricsOnAPerturbedStatsmodelsTable() throws {
        let folder = try Processes.temporaryFolder()
        _ = try Processes.python(
            """
            import sys, numpy as np, statsmodels.api as sm
            out = sys.argv[1]
            df = sm.datasets.fair.load_pandas().data
            df["occupation"] = df["occupation"].map({1: "student", 2: "farming", 3: "white-collar", 4: "teacher", 5: "professional", 6: "business"})
            df["children"] = df["children"].round().astype(int)
            df["age"] = df["age"].round().astype(int)
            df["affair"] = df["affairs"] > 0
            rng = np.random.default_rng(5)
            syn = df.sample(frac=1.0, random_state=3).reset_index(drop=True)
            syn["yrs_married"] = (syn["yrs_married"] + rng.normal(0, 2, len(syn))).round(1)
            syn["affairs"] = syn["affairs"] * rng.uniform(0.5, 1.5, len(syn))
            syn["age"] = (syn["age"] + rng.integers(-3, 4, len(syn))).astype(int)
            flip = rng.random(len(syn)) < 0.2
            syn.loc[flip, "occupation"] = rng.choice(["student", "farming", "white-collar", "teacher", "professional", "business"], flip.sum())
            syn.loc[rng.random(len(syn)) < 0.1, "affair"] = ~syn["affair"]
            syn["educ"] = syn["educ"].astype(float)
            syn.loc[rng.random(len(syn)) < 0.03, "educ"] = np.nan
            df.loc[rng.random(len(df)) < 0.02, "religious"] = np.nan
            # Missing labels and booleans on both sides.
            syn = syn.astype({"affair": object})
            syn.loc[rng.random(len(syn)) < 0.02, "occupation"] = np.nan
            syn.loc[rng.random(len(syn)) < 0.02, "affair"] = np.nan
            df = df.astype({"affair": object})
            df.loc[rng.random(len(df)) < 0.01, "occupation"] = np.nan
            df.loc[rng.random(len(df)) < 0.03, "affair"] = np.nan
            df.to_csv(out + "/real.csv", index=False)
            syn.to_csv(out + "/synthetic.csv", index=False)
            """, [folder])
        try expectSDMetricsAgreement(real: folder + "/real.csv", synthetic: folder + "/synthetic.csv", folder: folder)
    }

    @Test func holdoutQuasiIdentifiersAndTargetAreReported() throws {
        let folder = try Processes.temporaryFolder()
        _ = try Processes.python(
            """
            import sys, statsmodels.api as sm
            df = sm.datasets.fair.load_pandas().data.head(1500)
            df["occupation"] = df["occupation"].astype(int).astype(str)
            df.iloc[:600].to_csv(sys.argv[1] + "/train.csv", index=False)
            df.iloc[600:1100].to_csv(sys.argv[1] + "/holdout.csv", index=False)
            df.iloc[1100:].to_csv(sys.argv[1] + "/synthetic.csv", index=False)
            """, [folder])
        // Occupation codes read as integers unless the schema says they are labels.
        try "columns:\n  occupation:\n    type: categorical\nquasi_identifiers: [age]\n".write(
            toFile: folder + "/schema.yaml", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge(
            "evaluate", "--real", folder + "/train.csv", "--synthetic", folder + "/synthetic.csv", "--holdout", folder + "/holdout.csv",
            "--schema", folder + "/schema.yaml", "--quasi-identifiers", "occupation", "--target", "rate_marriage", "--json",
            folder + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("DCR share (0.5 ideal)"))
        #expect(result.stdout.contains("Utility: rate_marriage (R²)"))
        let check = try Processes.python(
            """
            import json, sys
            r = json.load(open(sys.argv[1]))
            p, u = r["privacy"], r["utility"]
            kinds = {c["name"]: c["kind"] for c in r["columns"]}
            print(0.3 < p["dcr_share"] < 0.7, p["k_anonymity"]["quasi_identifiers"], u["task"], u["train_rows"], u["test_rows"], sum(p["dcr_histogram"]["counts"]), kinds["occupation"])
            """, [folder + "/r.json"])
        #expect(check == "True ['age', 'occupation'] regression 600 500 400 categorical\n")
        // Same files, same bytes: the multi-threaded search does not change a figure.
        let again = try Processes.synthforge(
            "evaluate", "--real", folder + "/train.csv", "--synthetic", folder + "/synthetic.csv", "--holdout", folder + "/holdout.csv",
            "--schema", folder + "/schema.yaml", "--quasi-identifiers", "occupation", "--target", "rate_marriage", "--json",
            folder + "/again.json")
        #expect(again.status == 0)
        #expect(FileManager.default.contents(atPath: folder + "/again.json") == FileManager.default.contents(atPath: folder + "/r.json"))
    }

    @Test func badInputFailsWithOneLineNamingTheFileAndColumn() throws {
        let folder = try Processes.temporaryFolder()
        try "a,b\n1,x\n2,y\n".write(toFile: folder + "/real.csv", atomically: true, encoding: .utf8)
        try "a,c\n1,x\n".write(toFile: folder + "/other.csv", atomically: true, encoding: .utf8)
        try "a,b\n".write(toFile: folder + "/empty.csv", atomically: true, encoding: .utf8)
        try "a,b\n1,x\nlate,y\n".write(toFile: folder + "/typed.csv", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--synthetic", folder + "/nope.csv"], "cannot read '\(folder)/nope.csv'"),
            (["--synthetic", folder + "/other.csv"], "\(folder)/other.csv has column 'c', which \(folder)/real.csv does not have"),
            (["--synthetic", folder + "/empty.csv"], "\(folder)/empty.csv holds no rows"),
            (["--synthetic", folder + "/typed.csv"], "\(folder)/typed.csv:3: column 'a' is integer but holds 'late'"),
            (["--synthetic", folder + "/real.csv", "--target", "z"], "--target 'z' is not a column of \(folder)/real.csv"),
        ]
        for (arguments, message) in cases {
            let result = try Processes.synthforge(arguments: ["evaluate", "--real", folder + "/real.csv"] + arguments)
            #expect(result.status != 0)
            #expect(result.stderr.hasPrefix("synthforge: error: \(message)"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func benchDCRTimesGeneratedTables() throws {
        let result = try Processes.synthforge("bench", "dcr", "--rows", "2000")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("DCR over 2000 synthetic × 2000 real rows, 10 columns"))
        #expect(result.stdout.contains("synthetic → holdout:"))
    }
}
