import Foundation
import SynthTesting
import Testing

/// Memorization and contamination checks, in `validate` and during `generate`, checked against
/// an independent count in Python.
@Suite struct PrivacyChecksTests {
    /// A Python helper: the 13-grams of a text, tokenised as SynthForge tokenises words.
    private static let ngrams = """
        import json, re, sys, gzip
        word = re.compile(r"[A-Za-z0-9\\u0080-\\U0010FFFF]+")
        def grams(text, n=13):
            w = [t.lower() for t in word.findall(text)]
            return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
        def texts(path):
            out = []
            for l in open(path):
                r = json.loads(l)
                out.append(r["text"] if "text" in r else "\\n".join(m["content"] for m in r["messages"]))
            return out
        """

    private func writeLines(_ texts: [String], to path: String) throws {
        let lines = try texts.map { text -> String in
            let data = try JSONSerialization.data(withJSONObject: ["text": text])
            return String(decoding: data, as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    private let references = [
        "The quarterly audit found that three suppliers had invoiced the company twice for the same shipment of steel beams in March.",
        "Our new parental leave policy gives every employee twenty weeks of paid leave regardless of gender or length of service.",
        "Patients who missed two follow up appointments in a row will now receive a call from a nurse within one working day.",
    ]

    @Test func validateMeasuresCopiesOfTheReferenceAndContamination() throws {
        let folder = try Processes.temporaryFolder()
        let synthetic = [
            "A short original note about the weather in Lisbon being mild for the season this year.",
            references[0],  // an exact copy
            "In short, " + references[1] + " It starts in May.",  // a long passage copied
            "Entirely new words describing a river, a bridge and a small boat moving slowly downstream at dawn today.",
            references[2].uppercased(),  // a copy in other case is still a copy
        ]
        try writeLines(references, to: folder + "/real.jsonl")
        try writeLines(synthetic, to: folder + "/synthetic.jsonl")
        try writeLines([references[1]], to: folder + "/eval.jsonl")
        let result = try Processes.synthforge(
            "validate", "--synthetic", folder + "/synthetic.jsonl", "--reference", folder + "/real.jsonl", "--decontaminate",
            folder + "/eval.jsonl", "--metrics", "privacy,diversity", "--json", folder + "/report.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Memorization against"))
        #expect(result.stdout.contains("Contamination: 1 of 5 records"))
        let check = try Processes.python(
            Self.ngrams + "\n" + """
                report = json.load(open(sys.argv[1]))
                p = report["metrics"]["privacy"]
                c = report["metrics"]["contamination"]
                d = report["metrics"]["diversity"]
                real = set().union(*(grams(t) for t in texts(sys.argv[2])))
                syn = texts(sys.argv[3])
                fractions = [len(grams(t) & real) / len(grams(t)) for t in syn]
                assert p["exact_matches"] == 2, p
                assert p["memorized"] == sum(1 for f in fractions if f > 0.2), (p, fractions)
                assert abs(p["mean_overlap"] - sum(fractions) / len(fractions)) < 1e-9, (p, fractions)
                assert sorted(w["line"] for w in p["worst"]) == [2, 3, 5], p["worst"]
                assert c["contaminated"] == 1 and c["examples"][0]["line"] == 3, c
                data = "\\n".join(syn).encode()
                assert abs(d["compression_ratio"] - len(data) / len(gzip.compress(data, compresslevel=9, mtime=0))) < 1e-9, d
                print("ok")
                """, [folder + "/report.json", folder + "/real.jsonl", folder + "/synthetic.jsonl"])
        #expect(check == "ok\n")
    }

    @Test func privacyNeedsAReference() throws {
        let folder = try Processes.temporaryFolder()
        try writeLines(references, to: folder + "/s.jsonl")
        let result = try Processes.synthforge("validate", "--synthetic", folder + "/s.jsonl", "--metrics", "privacy")
        #expect(result.status == 2)
        #expect(result.stderr.contains("metric 'privacy' compares with real data: pass --reference FILE"))
    }

    @Test func generateDropsWhatCopiesTheReferenceOrTheEvaluationSet() throws {
        let folder = try Processes.temporaryFolder()
        // Real data and an evaluation set taken from the engine itself, so copies are certain.
        let base = ["generate", "--domain", "hr", "--task", "hr-request-triage", "--count", "40"]
        #expect(try Processes.synthforge(arguments: base + ["--seed", "1", "--out", folder + "/real.jsonl", "-q"]).status == 0)
        #expect(try Processes.synthforge(arguments: base + ["--seed", "9", "--out", folder + "/eval.jsonl", "-q"]).status == 0)
        let result = try Processes.synthforge(
            arguments: base + [
                "--count", "300", "--seed", "1", "--reference", folder + "/real.jsonl", "--decontaminate", folder + "/eval.jsonl",
                "--out", folder + "/out.jsonl", "--rejects", folder + "/rejects.jsonl",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("memorized"))
        let check = try Processes.python(
            Self.ngrams + "\n" + """
                real = texts(sys.argv[1]); evals = texts(sys.argv[2]); out = texts(sys.argv[3])
                real_grams = set().union(*(grams(t) for t in real))
                eval_grams = set().union(*(grams(t) for t in evals))
                assert len(out) == 300
                assert not set(out) & set(real), "an exact copy of a real record was kept"
                assert all(not (grams(t) & eval_grams) for t in out), "a contaminated record was kept"
                assert all(len(grams(t) & real_grams) <= 0.2 * len(grams(t)) for t in out if grams(t)), "a memorised record was kept"
                reasons = {json.loads(l)["provenance"]["dropped"] for l in open(sys.argv[4])}
                assert reasons <= {"memorized", "contaminated", "exact duplicate"} and "memorized" in reasons, reasons
                print("ok")
                """, [folder + "/real.jsonl", folder + "/eval.jsonl", folder + "/out.jsonl", folder + "/rejects.jsonl"])
        #expect(check == "ok\n")
    }

    @Test func nearDuplicateSettingsChangeWhatCountsAsNear() throws {
        let folder = try Processes.temporaryFolder()
        // Two texts sharing 7 of 13 distinct 3-word shingles (Jaccard 0.54) but 3 of 13 5-word ones (0.23).
        let words = (1...12).map { "word\($0)" }
        var changed = words
        changed[9] = "other"
        try writeLines([words.joined(separator: " "), changed.joined(separator: " "), references[0]], to: folder + "/d.jsonl")
        func near(_ flags: [String]) throws -> String {
            let result = try Processes.synthforge(
                arguments: ["validate", "--synthetic", folder + "/d.jsonl", "--metrics", "duplicates"] + flags)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").first { $0.hasPrefix("Near duplicates") }.map(String.init) ?? ""
        }
        #expect(try near([]) == "Near duplicates (estimated Jaccard of 5-word shingles ≥ 0.80): 0 in 0 clusters.")
        #expect(
            try near(["--near-threshold", "0.5", "--shingle-words", "3", "--permutations", "256"])
                == "Near duplicates (estimated Jaccard of 3-word shingles ≥ 0.50): 1 in 1 clusters.")
    }

    @Test func validateShowsProgressOnATerminalOnly() throws {
        let folder = try Processes.temporaryFolder()
        let input = folder + "/n.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "medical", "--task", "clinical-notes", "--count", "5000", "--out", input)
                .status == 0)
        let tty = try Processes.run(
            "script", ["-qec", "\(Processes.synthforge) validate --synthetic \(input) --metrics diversity", "/dev/null"])
        #expect(tty.status == 0)
        #expect(tty.stdout.contains("█") && tty.stdout.contains("100% 5,000 records") && tty.stdout.contains(" MB"))
        let piped = try Processes.synthforge("validate", "--synthetic", input, "--metrics", "diversity")
        #expect(!piped.stderr.contains("█") && !piped.stdout.contains("█"))
        let quiet = try Processes.run(
            "script", ["-qec", "\(Processes.synthforge) validate --synthetic \(input) --metrics diversity -q", "/dev/null"])
        #expect(!quiet.stdout.contains("█"))
    }
}
