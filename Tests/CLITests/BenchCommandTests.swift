import Foundation
import SynthTesting
import Testing

/// `synthforge bench` modes as a user runs them: figures printed, pairs and scores written. No timing assertions.
@Suite struct BenchCommandTests {
    /// 40 documents of 200 random words, then a copy of line 5 with one word changed (true Jaccard
    /// of 5-word shingles 191/201) and an exact copy of line 9.
    private static func corpus() -> String {
        var state: UInt64 = 42
        func word() -> String {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "w\((state >> 33) % 2_000)"
        }
        var documents = (0..<40).map { _ in (0..<200).map { _ in word() } }
        var edited = documents[4]
        edited[100] = "changed"
        documents += [edited, documents[8]]
        return documents.map { "{\"text\": \"\($0.joined(separator: " "))\"}\n" }.joined()
    }

    @Test func storeBenchTimesEachStepAndLeavesNoDatasetBehind() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/notes.jsonl"
        let db = folder + "/bench.db"
        let made = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "clinical-notes", "--count", "500", "--out", input, "-q")
        #expect(made.status == 0, "\(made.stderr)")
        let result = try Processes.synthforge("bench", "store", "--input", input, "--db", db, "--edit-every", "50", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(figures["records"] as? Int == 500)
        #expect(figures["changed"] as? Int == 10)
        let phases = try #require(figures["phases"] as? [[String: Any]])
        #expect(
            phases.compactMap { $0["name"] as? String } == [
                "insert (read, hash, commit)", "commit 1 in 50 changed", "diff of the two versions", "diff reading every chunk",
                "export jsonl", "export parquet",
            ])
        #expect(phases.allSatisfy { ($0["wall_seconds"] as? Double ?? -1) >= 0 })
        #expect(try Processes.synthforge("dataset", "list", "--db", db).stdout.hasPrefix("No datasets in "))
    }

    @Test func nearDupFindsThePlantedPairsAndWritesThem() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.corpus().write(toFile: folder + "/docs.jsonl", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge(
            "bench", "near-dup", "--input", folder + "/docs.jsonl", "--pairs-out", folder + "/pairs.tsv")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "near-dup: 42 documents (5-word shingles, 128 permutations, 14 bands × 9 rows; threshold 0.8, confirmed at 0.765)")
        for figure in ["read:", "signatures:", "LSH:", "total:"] {
            #expect(lines.contains { $0.hasPrefix(figure) && $0.contains(" s wall, ") && $0.contains(" s CPU") })
        }
        #expect(lines.contains { $0.hasPrefix("peak RSS:") && $0.hasSuffix(" MB") })
        #expect(lines.contains("near-duplicate pairs: 2"))
        #expect(lines.contains("clusters:             2 (2 documents to drop)"))
        #expect(lines.last == "Pairs: \(folder)/pairs.tsv")

        // The pairs file: a header, then the two planted pairs by line number, confirmed; the exact copy agrees everywhere.
        let pairs = try String(contentsOfFile: folder + "/pairs.tsv", encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t").map(String.init)
        }
        #expect(pairs.first == ["first_line", "second_line", "estimated_jaccard", "near_duplicate"])
        let confirmed = pairs.dropFirst().filter { $0[3] == "1" }
        #expect(confirmed.map { [$0[0], $0[1]] } == [["5", "41"], ["9", "42"]])
        #expect(confirmed.last?[2] == "1.0")
        #expect(confirmed.first.flatMap { Double($0[2]) }.map { $0 > 0.85 && $0 < 1 } == true)
    }

    @Test func textMetricsPrintsScoresThatMatchSacrebleuAndRougeScore() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let references = [
            "The cat sat on the mat.", "It's 3.5 miles to the station, isn't it?", "Prices rose by 12% in 2025.",
            "A quick brown fox jumps over the lazy dog.",
        ]
        let hypotheses = [
            "The cat sat on the mat.", "It is 3.5 miles to a station?", "Prices fell 12% in 2025!", "A fast brown fox jumped.",
        ]
        try (hypotheses.joined(separator: "\n") + "\n").write(toFile: folder + "/hyp.txt", atomically: true, encoding: .utf8)
        try (references.joined(separator: "\n") + "\n").write(toFile: folder + "/ref.txt", atomically: true, encoding: .utf8)

        let text = try Processes.synthforge(
            "bench", "text-metrics", "--hypotheses", folder + "/hyp.txt", "--references", folder + "/ref.txt")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("text-metrics: 4 hypothesis–reference pairs\ncorpus BLEU:"))
        #expect(text.stdout.contains("sentence BLEU ×4:") && text.stdout.contains("ROUGE-1/2/L ×4:"))

        let json = try Processes.synthforge(
            "bench", "text-metrics", "--hypotheses", folder + "/hyp.txt", "--references", folder + "/ref.txt", "--scores-out",
            folder + "/scores.tsv", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        try json.stdout.write(toFile: folder + "/figures.json", atomically: true, encoding: .utf8)
        // The printed corpus BLEU and every written score against the reference packages.
        let check = try Processes.python(
            """
            import json, sys
            from sacrebleu.metrics import BLEU
            from rouge_score import rouge_scorer
            folder = sys.argv[1]
            hyp = open(folder + "/hyp.txt").read().splitlines()
            ref = open(folder + "/ref.txt").read().splitlines()
            figures = json.load(open(folder + "/figures.json"))
            rows = [list(map(float, l.split("\\t"))) for l in open(folder + "/scores.tsv").read().splitlines()[1:]]
            scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
            expected = []
            for h, r in zip(hyp, ref):
                s = scorer.score(r, h)
                expected.append([BLEU(effective_order=True).sentence_score(h, [r]).score]
                                + [getattr(s[v], x) for v in ("rouge1", "rouge2", "rougeL") for x in ("precision", "recall", "fmeasure")])
            diff = max(abs(a - b) for row, want in zip(rows, expected) for a, b in zip(row, want))
            print(figures["pairs"], len(rows), abs(figures["corpus_bleu"] - BLEU().corpus_score(hyp, [ref]).score) < 1e-9, diff < 1e-9,
                  abs(rows[0][0] - 100) < 1e-9 and rows[0][1:] == [1.0] * 9)
            """, [folder])
        #expect(check == "4 4 True True True\n")
    }

    @Test func generationIsStillTheDefault() throws {
        let result = try Processes.synthforge("bench", "--count", "300", "--workers", "1")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("benchmark: medical/clinical-notes, 300 records, seed 7, 1 workers\nwall time:"))
    }

    @Test(arguments: [
        (["near-dup", "--input", "/no/such.jsonl"], "synthforge: error: cannot read '/no/such.jsonl': no such file or not readable\n"),
        (
            ["near-dup", "--input", "/dev/null", "--threshold", "1.5"],
            "synthforge: error: --threshold must lie strictly between 0 and 1, got 1.5\n"
        ),
        (
            ["text-metrics", "--hypotheses", "DIR/one.txt", "--references", "DIR/empty.txt"],
            "synthforge: error: 'DIR/one.txt' and 'DIR/empty.txt' differ in length (1 and 0 lines): give one reference line per hypothesis line\n"
        ),
        (
            ["text-metrics", "--hypotheses", "DIR/empty.txt", "--references", "DIR/empty.txt"],
            "synthforge: error: 'DIR/empty.txt' is empty: there is nothing to score\n"
        ),
    ])
    func badInputFailsWithOneLine(arguments: [String], message: String) throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "one line\n".write(toFile: folder + "/one.txt", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/empty.txt", atomically: true, encoding: .utf8)
        let result = try Processes.run(Processes.synthforge, ["bench"] + arguments.map { $0.replacingOccurrences(of: "DIR", with: folder) })
        #expect(result.status != 0)
        #expect(result.stderr == message.replacingOccurrences(of: "DIR", with: folder))
    }
}
