import Foundation
import SynthTesting
import Testing

@Suite(.serialized) struct TabularCommandTests {
    /// sdmetrics' QualityReport score of `synthetic` against `real`: the demo's own metadata for the
    /// students table, every column numerical for `fair`.
    static func qualityScore(real: String, synthetic: String) throws -> Double {
        let header = try rows(real)[0]
        let metadata =
            header.contains("student_id")
            ? try PublicTables.studentMetadata()
            : "{\"columns\": {" + header.map { "\"\($0)\": {\"sdtype\": \"numerical\"}" }.joined(separator: ", ") + "}}"
        return try PublicTables.qualityScore(real: real, synthetic: synthetic, metadata: metadata)
    }

    static func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test(arguments: ["students", "fair", "students with constraints"])
    func fitThenSampleScoresAtLeast090OnSDMetricsQualityReport(table: String) throws {
        let folder = try Processes.temporaryFolder()
        try PublicTables.export(to: folder)
        let real = "\(folder)/\(table.hasPrefix("students") ? "students" : table).csv"
        var schema: [String] = []
        if table.hasSuffix("constraints") {
            try "constraints:\n  - inequality: {low: start_date, high: end_date}\n  - positive: salary\n"
                .write(toFile: "\(folder)/s.yaml", atomically: true, encoding: .utf8)
            schema = ["--schema", "\(folder)/s.yaml"]
        }
        let fit = try Processes.synthforge(arguments: ["fit", "--data", real, "--out", "\(folder)/m.sfm", "--seed", "3"] + schema)
        #expect(fit.status == 0, "\(fit.stderr)")
        let count = table == "fair" ? "6366" : "1000"
        let sample = try Processes.synthforge("sample", "--model", "\(folder)/m.sfm", "--count", count, "--out", "\(folder)/syn.csv")
        #expect(sample.status == 0, "\(sample.stderr)")
        let score = try Self.qualityScore(real: real, synthetic: "\(folder)/syn.csv")
        #expect(score >= 0.90, "QualityReport \(score) on \(table)")
    }

    @Test func studentsKeepTheirConstraintsAndConditionsAndLeakNoKeys() throws {
        let folder = try Processes.temporaryFolder()
        try PublicTables.export(to: folder)
        try """
        constraints:
          - inequality: {low: start_date, high: end_date}
          - positive: salary
        """.write(toFile: "\(folder)/s.yaml", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge(
            "tabular", "--data", "\(folder)/students.csv", "--schema", "\(folder)/s.yaml", "--count", "5000",
            "--where", "high_perc >= 70 and gender = 'F' and start_date between '2020-01-01' and '2020-03-31'", "--out", "\(folder)/syn.csv"
        )
        #expect(result.status == 0, "\(result.stderr)")
        let real = try Self.rows("\(folder)/students.csv")
        let out = try Self.rows("\(folder)/syn.csv")
        let header = out[0]
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        #expect(out.count == 5001)
        let ids = out.dropFirst().map { $0[col("student_id")] }
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids).isDisjoint(with: real.dropFirst().map { $0[0] }))
        for row in out.dropFirst() {
            #expect(Double(row[col("high_perc")])! >= 70)
            #expect(row[col("gender")] == "F")
            let start = row[col("start_date")]
            #expect(start >= "2020-01-01" && start <= "2020-03-31", "\(row)")
            let end = row[col("end_date")]
            if !end.isEmpty { #expect(end > start, "\(row)") }
            if let salary = Double(row[col("salary")]) { #expect(salary > 0) }
        }
    }

    @Test func parquetOutputHoldsTheSameRowsAsCSV() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try PublicTables.export(to: folder)
        let model = folder + "/m.sfm"
        #expect(try Processes.synthforge("fit", "--data", folder + "/students.csv", "--out", model, "-q").status == 0)
        for out in ["s.parquet", "s.csv"] {
            let sampled = try Processes.synthforge(
                "sample", "--model", model, "--count", "3000", "--seed", "4", "--out", folder + "/" + out)
            #expect(sampled.status == 0, "\(sampled.stderr)")
        }
        // pyarrow reads the file; every cell equals the CSV's (numbers as numbers, booleans as booleans, dates as ISO text).
        let verdict = try Processes.python(
            """
            import sys, pandas as pd, pyarrow.parquet as pq
            t = pq.read_table(sys.argv[1] + "/s.parquet")
            p, c = t.to_pandas(), pd.read_csv(sys.argv[1] + "/s.csv", dtype=str, keep_default_na=False)
            assert list(p.columns) == list(c.columns), (list(p.columns), list(c.columns))
            def text(v):
                if v is None or (isinstance(v, float) and v != v): return ""
                if isinstance(v, bool): return "true" if v else "false"
                if isinstance(v, float) and v == int(v): return str(int(v))
                return str(v)
            bad = [(col, i) for col in c.columns for i, (a, b) in enumerate(zip(p[col].tolist(), c[col].tolist())) if text(a) != b]
            print(len(p), dict((f.name, str(f.type)) for f in t.schema)["placed"], bad[:3])
            """, [folder])
        #expect(verdict == "3000 bool []\n")
    }

    @Test func sameSeedGivesTheSameModelFileAndSampleBytes() throws {
        let folder = try Processes.temporaryFolder()
        try PublicTables.export(to: folder)
        for run in ["a", "b"] {
            _ = try Processes.synthforge("fit", "--data", "\(folder)/students.csv", "--seed", "9", "--out", "\(folder)/\(run).sfm")
            _ = try Processes.synthforge(
                "sample", "--model", "\(folder)/\(run).sfm", "--count", "70000", "--seed", "4", "--out", "\(folder)/\(run).jsonl")
        }
        #expect(FileManager.default.contents(atPath: "\(folder)/a.sfm") == FileManager.default.contents(atPath: "\(folder)/b.sfm"))
        #expect(FileManager.default.contents(atPath: "\(folder)/a.jsonl") == FileManager.default.contents(atPath: "\(folder)/b.jsonl"))
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var csv: String
        var arguments: [String]
        var message: String
        var testDescription: String { message }
    }

    static let badInputs: [BadInput] = [
        BadInput(csv: "a,b\n1,2\n3\n", arguments: [], message: "t.csv:3"),
        BadInput(csv: "a,b\n1,x\n", arguments: [], message: "the copula needs at least 2 rows to learn from; the table has 1"),
        BadInput(csv: "a,b\n1,x\n2,y\n", arguments: ["--model", "gan"], message: "unknown model 'gan'; models are: copula"),
        BadInput(csv: "a,b\n1,x\n2,y\n", arguments: ["--epsilon", "1"], message: "the copula model is not differentially private"),
        BadInput(csv: "a,b\n1,x\n2,y\n", arguments: ["--epsilon", "0"], message: "--epsilon must be a positive number"),
        BadInput(csv: "a,b\n1,x\n2,y\n", arguments: ["--epsilon=-1"], message: "--epsilon must be a positive number"),
        BadInput(
            csv: "a,b\n1,x\n2,y\n", arguments: ["--where", "a > 5"],
            message: "no value of 'a' can meet the condition; its values lie within 1…2"),
        BadInput(csv: "a,b\n1,x\n2,x\n3,y\n", arguments: ["--where", "b = 'z'"], message: "column 'b' never holds 'z'"),
        BadInput(
            csv: "a,b\n1,x\n2,y\n", arguments: ["--where", "a = 1 or b = 'x'"], message: "--where, character 7: 'or' is not supported"),
    ]

    @Test(arguments: badInputs)
    func badInputGivesOneClearErrorLine(_ c: BadInput) throws {
        let folder = try Processes.temporaryFolder()
        try c.csv.write(toFile: "\(folder)/t.csv", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge(
            arguments: ["tabular", "--data", "\(folder)/t.csv", "--count", "10", "--out", "\(folder)/o.csv"] + c.arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("synthforge: error: ") && result.stderr.contains(c.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/o.csv"))
    }

    @Test func mixedTypesAndManyLevelsAreDocumentedChoices() throws {
        let folder = try Processes.temporaryFolder()
        // A column of numbers and words is read as labels; 100k distinct labels are modelled as keys;
        // 50k labels seen twice each are modelled, with a note.
        var csv = "mixed,code,n,town\n"
        for i in 0..<100_000 { csv += "\(i % 3 == 0 ? "x" : String(i % 7)),k\(i * 7919 % 1_000_003),\(i % 50),town \(i % 50_000)\n" }
        try csv.write(toFile: "\(folder)/t.csv", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("tabular", "--data", "\(folder)/t.csv", "--count", "1000", "--out", "\(folder)/o.csv")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: column 'town' has 50000 labels; each is sampled at its share"), "\(result.stderr)")
        let out = try Self.rows("\(folder)/o.csv")
        #expect(Set(out.dropFirst().map { $0[0] }).isSubset(of: ["x", "0", "1", "2", "3", "4", "5", "6"]))
        let codes = out.dropFirst().map { $0[1] }
        #expect(Set(codes).count == codes.count)
    }
}
