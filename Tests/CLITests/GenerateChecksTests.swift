import Foundation
import SynthTesting
import Testing

/// `generate` with the quality and privacy checks on, as a user runs it.
@Suite struct GenerateChecksTests {
    @Test func privacyLevelMediumPseudonymizesPersonalDataConsistently() throws {
        let folder = try Processes.temporaryFolder()
        let plain = folder + "/plain.jsonl"
        let pseudonymized = folder + "/private.jsonl"
        let base = ["generate", "--domain", "real-estate", "--task", "agent-chats", "--count", "200", "--seed", "5"]
        #expect(try Processes.synthforge(arguments: base + ["--out", plain]).status == 0)
        let result = try Processes.synthforge(arguments: base + ["--out", pseudonymized, "--privacy-level", "medium"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("action pseudonymize"))
        // The same records (by id), but no original phone number or agent name is left, and the
        // agent's fake name appears exactly as often as the real one did: replacements are consistent.
        let check = try Processes.python(
            """
            import json, re, sys
            phone = re.compile(r"\\(\\d{3}\\) \\d{3}-\\d{4}")
            agent = re.compile(r"^You are ([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)+),")
            def rows(p): return {r["id"]: r for r in map(json.loads, open(p))}
            plain, private = rows(sys.argv[1]), rows(sys.argv[2])
            shared = phones = kept_phone = names = same_count = with_counts = 0
            for id, r in private.items():
                if id not in plain: continue
                shared += 1
                before = "\\n".join(m["content"] for m in plain[id]["messages"])
                after = "\\n".join(m["content"] for m in r["messages"])
                if phone.search(before):
                    phones += 1
                    if set(phone.findall(before)) & set(phone.findall(after)): kept_phone += 1
                a, b = agent.match(before), agent.match(after)
                if a and b and a.group(1) != b.group(1):
                    names += 1
                    if before.count(a.group(1)) == after.count(b.group(1)) and a.group(1) not in after: same_count += 1
                if "pii" in r["provenance"]: with_counts += 1
            print(shared, phones, kept_phone, names, same_count, with_counts)
            """, [plain, pseudonymized])
        let figures = check.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        #expect(figures[0] >= 190, "\(check)")  // near dedup may replace a few records
        #expect(figures[1] > 20, "\(check)")
        #expect(figures[2] == 0, "\(check)")
        #expect(figures[3] >= figures[0] * 9 / 10, "\(check)")
        #expect(figures[4] == figures[3], "\(check)")
        #expect(figures[5] == figures[0], "\(check)")
    }

    @Test func aQualityThresholdDropsLowScoresAndTheRejectsAndReportSayWhy() throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/logs.jsonl"
        let rejects = folder + "/rejects.jsonl"
        let report = folder + "/report.json"
        let result = try Processes.synthforge(
            "generate", "--domain", "cybersecurity", "--task", "security-logs", "--count", "300", "--quality-threshold", "0.99",
            "--out", out, "--rejects", rejects, "--report", report)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("low quality"))
        #expect(result.stderr.contains("Quality score: mean "))
        let check = try Processes.python(
            """
            import json, sys
            out = [json.loads(l) for l in open(sys.argv[1])]
            rejects = [json.loads(l) for l in open(sys.argv[2])]
            report = json.load(open(sys.argv[3]))
            assert len(out) == 300, len(out)
            assert all(r["provenance"]["quality"] >= 0.99 for r in out)
            assert rejects, "nothing rejected"
            assert all(r["provenance"]["dropped"] == "low quality" for r in rejects)
            assert all(r["provenance"]["quality"] < 0.99 and r["provenance"]["quality_issues"] for r in rejects)
            assert report["generation"]["dropped"]["low quality"] == len(rejects), report["generation"]
            assert report["generation"]["written"] == 300
            assert report["generation"]["generated"] >= 300 + len(rejects)
            q = report["metrics"]["quality"]
            assert q["threshold"] == 0.99 and q["below_threshold"] == 0, q
            print("ok", len(rejects))
            """, [out, rejects, report])
        #expect(check.hasPrefix("ok "))
    }

    @Test func anHTMLReportListsWhatWasDropped() throws {
        let folder = try Processes.temporaryFolder()
        let result = try Processes.synthforge(
            "generate", "--domain", "cybersecurity", "--task", "alert-triage", "--count", "200", "--quality-threshold", "0.99",
            "--out", folder + "/a.jsonl", "--report", folder + "/a.html")
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: folder + "/a.html", encoding: .utf8)
        #expect(html.contains("Generation report"))
        #expect(html.contains("What the run dropped"))
        #expect(html.contains("low quality"))
        #expect(html.contains("repetitive: "))
        #expect(html.contains("Quality score"))
    }

    @Test func aPDFReportIsPrintedWhenTheNameEndsInPDF() throws {
        let folder = try Processes.temporaryFolder()
        let result = try Processes.synthforge(
            "generate", "--domain", "legal", "--task", "clause-types", "--count", "150", "--out", folder + "/c.jsonl", "--report",
            folder + "/c.pdf", "-q")
        #expect(result.status == 0, "\(result.stderr)")
        let text = try Processes.python(
            """
            import sys, pypdf
            print(" ".join(page.extract_text() for page in pypdf.PdfReader(sys.argv[1]).pages))
            """, [folder + "/c.pdf"])
        #expect(text.contains("Generation report"))
        #expect(text.contains("What the run dropped"))
        #expect(text.contains("legal/clause-types, 150 records"))
    }

    @Test func aMissingChromiumIsSaidBeforeTheRun() throws {
        let folder = try Processes.temporaryFolder()
        let result = try Processes.run(
            Processes.synthforge,
            [
                "generate", "--domain", "medical", "--task", "clinical-notes", "--count", "50", "--out", folder + "/n.jsonl", "--report",
                folder + "/n.pdf",
            ],
            environment: ["SYNTHFORGE_CHROMIUM": folder + "/chromium"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("SYNTHFORGE_CHROMIUM is '\(folder)/chromium', which is not an executable file"))
        #expect(!result.stderr.contains("Wrote "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func badCheckSettingsAreClearErrors() throws {
        let base = ["generate", "--domain", "medical", "--task", "clinical-notes", "--count", "10"]
        let cases: [([String], String)] = [
            (["--pii", "wipe"], "--pii must be one of report, redact, mask, hash, pseudonymize, got 'wipe'"),
            (["--privacy-level", "max"], "--privacy-level must be one of off, low, medium, high, got 'max'"),
            (["--toxicity", "yes"], "--toxicity must be one of off, flag, drop, got 'yes'"),
            (["--quality-threshold", "85"], "--quality-threshold must be a number from 0 to 1, such as 0.85, got '85'"),
            (["--privacy-level", "high", "--out", "x.jsonl"], "privacy-level high checks records for memorized text"),
            (["--report", "r.html"], "report checks the output file after the run"),
            (["--near-threshold", "0.3"], "--near-threshold must be a Jaccard index from 0.5 to 1, got 0.3"),
            (["--permutations", "5"], "--permutations must be a whole number from 16 to 1024, got 5"),
        ]
        for (flags, message) in cases {
            let result = try Processes.synthforge(arguments: base + flags)
            #expect(result.status == 2, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }

    @Test func aSpecFileSetsTheChecks() throws {
        let folder = try Processes.temporaryFolder()
        let spec = folder + "/spec.yaml"
        try """
        domain: support
        task: ticket-triage
        count: 50
        pii: redact
        toxicity: flag
        bias: flag
        near-dedup: true
        near-threshold: 0.9
        out: \(folder)/t.jsonl
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("generate", "--spec", spec)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("action redact"))
        #expect(result.stderr.contains("Toxic language in 0 kept records"))
        let bad = folder + "/bad.yaml"
        try "domain: support\ntask: ticket-triage\npii: erase\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try Processes.synthforge("generate", "--spec", bad)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("bad.yaml:3"))
        #expect(failed.stderr.contains("'pii' must be one of report, redact"))
    }
}
