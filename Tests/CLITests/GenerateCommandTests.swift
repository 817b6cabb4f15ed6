import Foundation
import SynthTesting
import Testing

@Suite struct GenerateCommandTests {
    @Test func writesTheFileAndSummarisesOnStandardError() throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/notes.jsonl"
        let result = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "clinical-notes", "--count", "500", "--seed", "7", "--out", out)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Wrote 500 medical/clinical-notes records to \(out) (jsonl, seed 7)"))
        #expect(result.stderr.contains("Dropped and replaced: none."))
        #expect(result.stderr.contains("Distinct-2 "))
        // Python's json module reads every line, and every record carries its provenance.
        let check = try Processes.python(
            """
            import json, sys
            rows = [json.loads(l) for l in open(sys.argv[1])]
            p = rows[0]["provenance"]
            print(len(rows), len({r["id"] for r in rows}), p["domain"], p["task"], p["seed"], p["source"], p["shape"], p["version"])
            """, [out])
        #expect(check == "500 500 medical clinical-notes 7 builtin document 1.0\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["notes.jsonl"])
    }

    @Test func streamsToStandardOutput() throws {
        let result = try Processes.synthforge("generate", "--domain", "medical", "--task", "chart-qa", "--count", "20", "--out", "-")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"id\":\"medical-chart-qa-42-") })
        #expect(result.stderr.contains("to standard output"))
    }

    @Test func theSummarysDistinct2MatchesAPythonReference() throws {
        let out = try Processes.temporaryFolder() + "/t.jsonl"
        let result = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "specialty-triage", "--count", "3000", "--out", out)
        let printed = try #require(result.stderr.firstMatch(of: /Distinct-2 ([0-9.]+)/)).1
        let reference = try Processes.python(
            """
            import json, re, sys
            toks = [re.findall(r"[a-z0-9\\u0080-\\U0010ffff]+", json.loads(l)["text"].lower()) for l in open(sys.argv[1])]
            bi = [(t[i], t[i+1]) for t in toks for i in range(len(t) - 1)]
            print(len(set(bi)) / len(bi))
            """, [out])
        // The summary rounds; it must equal the reference to the digits it shows.
        let shown = Double(printed)!
        let decimals = printed.split(separator: ".").last!.count
        let exact = Double(reference.trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(abs(shown - exact) <= 0.5 * pow(10, -Double(decimals)) + 1e-12, "shown \(printed), reference \(exact)")
        #expect(decimals >= 3)
    }

    @Test func csvIsReadByPythonsCsvModule() throws {
        let out = try Processes.temporaryFolder() + "/triage.csv"
        let result = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "specialty-triage", "--count", "300", "--out", out)
        #expect(result.status == 0 && result.stderr.contains("(csv, seed 42)"))
        let check = try Processes.python(
            """
            import csv, sys
            rows = list(csv.DictReader(open(sys.argv[1], newline="")))
            print(len(rows), ",".join(rows[0].keys()), all(r["label"] and r["text"] for r in rows))
            """, [out])
        #expect(check == "300 id,text,label,metadata,source,domain,task,version,seed,shard,index True\n")
    }

    @Test func aSpecFileGivesTheSameBytesAsTheFlags() throws {
        let folder = try Processes.temporaryFolder()
        try """
        # the same run as the flags below
        domain: medical
        task: diagnostic-reports
        count: 120
        seed: 11
        out: \(folder)/from-spec.jsonl
        """.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
        let fromSpec = try Processes.synthforge("generate", "--spec", folder + "/spec.yaml")
        let fromFlags = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "diagnostic-reports", "--count", "120", "--seed", "11", "--out",
            folder + "/from-flags.jsonl")
        #expect(fromSpec.status == 0 && fromFlags.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/from-spec.jsonl"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/from-flags.jsonl"))
        #expect(a == b && !a.isEmpty)
    }

    @Test func showsABarOnATerminalAndLinesOtherwise() throws {
        let out = try Processes.temporaryFolder() + "/bar.jsonl"
        // `script` gives the command a pseudo-terminal, as a person at a shell would have.
        let tty = try Processes.run(
            "script",
            ["-qec", "\(Processes.synthforge) generate --domain medical --task clinical-notes --count 5000 --out \(out)", "/dev/null"])
        #expect(tty.status == 0)
        #expect(tty.stdout.contains("█") && tty.stdout.contains("100%") && tty.stdout.contains("rec/s"))
        let piped = try Processes.synthforge("generate", "--domain", "medical", "--task", "clinical-notes", "--count", "5000", "--out", out)
        #expect(!piped.stderr.contains("█") && !piped.stderr.contains("\r"))
    }

    @Test func quietPrintsNothing() throws {
        let out = try Processes.temporaryFolder() + "/q.jsonl"
        let result = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "chart-qa", "--count", "10", "--out", out, "--quiet")
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty)
    }

    @Test func helpTeachesWithExamples() throws {
        let result = try Processes.synthforge("generate", "--help")
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                "synthforge generate --domain medical --task clinical-notes \\\n      --count 10000 --seed 7 --out notes.jsonl"))
        #expect(result.stdout.contains("--spec <file>") && result.stdout.contains("--format <format>"))
    }
}

@Suite struct ShippedSpecTests {
    /// The repository root, where users run the README's commands.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: ["specs/support.yaml", "specs/medical-notes.yaml"])
    func shippedSpecsRun(spec: String) throws {
        let result = try Processes.synthforge("generate", "--spec", spec, "--count", "25", "--out", "-", directory: Self.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 25)
    }
}
