import Foundation
import SynthTesting
import Testing

@Suite struct FeaturesCommandTests {
    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/features").path
    }

    @Test func writesTheExampleAndPrintsTheReadinessReport() throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/train.csv"
        let result = try Processes.synthforge(
            "features", "--schema", Self.examples + "/prompt-quality.yaml", "--count", "3000", "--out", out, "--validate")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "ML-readiness of 3,000 rows: all guarantees hold")
        #expect(lines.contains("  PASS  share high       0.2500  (required 0.25 ± 0.01)"))
        #expect(lines.contains { $0.hasPrefix("  PASS  separability     0.") })
        #expect(
            lines.last
                == "Wrote 3,000 rows (domain, clarity, specificity, length, examples, politeness, quality_tier, quality_score) to \(out).")
        let check = try Processes.python(
            """
            import sys
            import pandas as pd
            d = pd.read_csv(sys.argv[1])
            print(len(d), d.isna().sum().sum(), sorted(d.domain.unique()), d.quality_tier.value_counts().to_dict())
            """, [out])
        #expect(check == "3000 0 ['analysis', 'code', 'support', 'writing'] {'medium': 1500, 'high': 750, 'low': 750}\n")
    }

    @Test func theSameSeedGivesTheSameBytesAndJSONLHoldsTheSameRows() throws {
        let folder = try Processes.temporaryFolder()
        let schema = Self.examples + "/prompt-quality.yaml"
        for (name, seed) in [("a.csv", "7"), ("b.csv", "7"), ("c.csv", "8"), ("a.jsonl", "7")] {
            let result = try Processes.synthforge(
                "features", "--schema", schema, "--count", "10000", "--seed", seed, "--out", folder + "/" + name)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.csv"))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: folder + "/b.csv"))))
        #expect(a != (try Data(contentsOf: URL(fileURLWithPath: folder + "/c.csv"))))
        let same = try Processes.python(
            """
            import sys
            import pandas as pd
            c = pd.read_csv(sys.argv[1])
            j = pd.read_json(sys.argv[2], lines=True, precise_float=True)
            print(list(c.columns) == list(j.columns), (c.quality_tier == j.quality_tier).all(), float((c.clarity - j.clarity).abs().max()))
            """, [folder + "/a.csv", folder + "/a.jsonl"])
        #expect(same == "True True 0.0\n")
    }

    @Test func jsonReportsEachGuaranteeForMachines() throws {
        let result = try Processes.synthforge("features", "--schema", Self.examples + "/prompt-quality.yaml", "--count", "1000", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Processes.python(
            """
            import sys, json
            r = json.loads(sys.argv[1])
            print(r["passed"], r["rows"], [c["name"] for c in r["checks"]][:3], all(c["passed"] for c in r["checks"]))
            """, [result.stdout])
        #expect(check == "True 1000 ['samples', 'finite', 'std clarity'] True\n")
    }

    @Test func aGuaranteeThatFailsLeavesNoFileAndSaysWhy() throws {
        let folder = try Processes.temporaryFolder()
        let schema = folder + "/weak.yaml"
        try """
        features:
          - {name: signal, type: uniform, min: 0, max: 1}
        target:
          name: label
          noise: 5
          weights: {signal: 0.1}
          classes:
            - {label: "yes", share: 0.5}
            - {label: "no", share: 0.5}
        guarantees:
          separability_margin: 0.2
        """.write(toFile: schema, atomically: true, encoding: .utf8)
        let out = folder + "/weak.csv"
        let result = try Processes.synthforge("features", "--schema", schema, "--count", "2000", "--out", out, "--validate")
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL  separability"))
        #expect(result.stderr.hasPrefix("synthforge: error: guarantees failed, nothing written: separability is 0."))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func writesTimeSeriesFromASeriesSchema() throws {
        let out = try Processes.temporaryFolder() + "/sales.csv"
        let result = try Processes.synthforge("features", "--schema", Self.examples + "/store-sales.yaml", "--count", "3", "--out", out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Wrote 1,098 rows (store, date, sales, visitors) to \(out).\n")
        let check = try Processes.python(
            """
            import sys
            import pandas as pd
            d = pd.read_csv(sys.argv[1], parse_dates=["date"])
            print(sorted(d.store.unique()), d.date.min().date(), d.date.max().date(), d.groupby("store").size().tolist())
            """, [out])
        #expect(check == "['store-1', 'store-2', 'store-3'] 2024-01-01 2024-12-31 [366, 366, 366]\n")
    }

    @Test(arguments: [
        (["--count", "10", "--out", "x.csv"], "synthforge: error: 10 rows are fewer than the schema's min_samples 500; raise --count\n"),
        (["--out", "x.csv"], "synthforge: error: --count is required: how many rows to generate from '{schema}'\n"),
        (
            ["--count", "10"],
            "synthforge: error: give --out FILE to write the data, or --validate / --json to only check the schema's guarantees\n"
        ),
        (["--count", "ten", "--validate"], "synthforge: error: --count must be a positive whole number, got 'ten'\n"),
    ])
    func badInvocationsFailWithOneLine(arguments: [String], message: String) throws {
        let schema = Self.examples + "/prompt-quality.yaml"
        let folder = try Processes.temporaryFolder()
        let result = try Processes.run(Processes.synthforge, ["features", "--schema", schema] + arguments, directory: folder)
        #expect(result.status == 2)
        #expect(result.stderr == message.replacingOccurrences(of: "{schema}", with: schema))
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.csv"))
    }

    @Test func aBadSchemaNamesTheFileAndLine() throws {
        let folder = try Processes.temporaryFolder()
        let schema = folder + "/bad.yaml"
        try "features:\n  - name: a\n    type: normal\n    mean: 0\n    sd: -1\n".write(toFile: schema, atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("features", "--schema", schema, "--count", "10", "--validate")
        #expect(result.status == 2)
        #expect(result.stderr == "synthforge: error: \(schema):2: feature 'a': 'sd' must be above 0, got -1.0\n")
    }

    @Test func aRepairedCorrelationMatrixIsNotedAndSmallCountsMeetSharesToARow() throws {
        let folder = try Processes.temporaryFolder()
        let schema = folder + "/repaired.yaml"
        try """
        features:
          - {name: a, type: uniform, min: 0, max: 1}
          - {name: b, type: uniform, min: 0, max: 1}
          - {name: c, type: uniform, min: 0, max: 1}
        correlations:
          a: {b: 0.9, c: 0.9}
          b: {c: -0.9}
        target:
          weights: {a: 1}
          classes:
            - {label: high, share: 0.25}
            - {label: low, share: 0.75}
        guarantees:
          separability_margin: 0
        """.write(toFile: schema, atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("features", "--schema", schema, "--count", "42", "--validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix(
                "synthforge: note: \(schema):6: the correlations are not positive definite (no data can have them all at once); using the nearest valid matrix"
            ))
        // 10.5 rows cannot be high: 11 are, within one row (1/42) of the declared share.
        #expect(result.stdout.contains("  PASS  share high    0.2619  (required 0.25 ± 0.02381)"))
    }
}
