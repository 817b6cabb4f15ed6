import Foundation
import SynthQuality
import Testing

@Suite struct BLEUTests {
    static let program = """
        import sys, json, sacrebleu
        d = json.loads(sys.argv[1])
        hyps, refs, refs2 = d["hyps"], d["refs"], d["refs2"]
        def pack(s):
            return {"score": s.score, "precisions": s.precisions, "bp": s.bp, "sys_len": s.sys_len,
                    "ref_len": s.ref_len, "counts": s.counts, "totals": s.totals}
        out = {}
        for m in ["exp", "floor", "add-k", "none"]:
            out["corpus-" + m] = pack(sacrebleu.corpus_bleu(hyps, [refs], smooth_method=m))
            out["sentence-" + m] = [pack(sacrebleu.sentence_bleu(h, [r], smooth_method=m)) for h, r in zip(hyps, refs)]
        out["corpus-floor-0.5"] = pack(sacrebleu.corpus_bleu(hyps, [refs], smooth_method="floor", smooth_value=0.5))
        out["sentence-add-k-2"] = [pack(sacrebleu.sentence_bleu(h, [r], smooth_method="add-k", smooth_value=2))
                                   for h, r in zip(hyps, refs)]
        out["corpus-multi"] = pack(sacrebleu.corpus_bleu(hyps, [refs, refs2]))
        out["sentence-multi"] = [pack(sacrebleu.sentence_bleu(h, [r, r2])) for h, r, r2 in zip(hyps, refs, refs2)]
        print(json.dumps(out))
        """

    static let smoothings: [(String, BLEUSmoothing)] = [
        ("exp", .exponential), ("floor", .floor(0.1)), ("add-k", .addK(1)), ("none", .unsmoothed),
    ]

    let expected: [String: Any]

    init() throws {
        let input = [
            "hyps": MetricsCorpus.hypotheses, "refs": MetricsCorpus.references, "refs2": MetricsCorpus.secondReferences,
        ]
        expected = try #require(try MetricsCorpus.reference(Self.program, input) as? [String: Any])
    }

    /// Expects `score` to match sacrebleu's figures in `reference`.
    func expectMatch(_ score: BLEUScore, _ reference: Any?, _ label: String, counts: Bool = true) {
        guard let reference = reference as? [String: Any] else {
            Issue.record("no reference for \(label)")
            return
        }
        #expect(close(score.score, reference["score"]), "\(label): score \(score.score) vs \(reference["score"] ?? "nil")")
        #expect(close(score.brevityPenalty, reference["bp"]), "\(label): brevity penalty")
        #expect(score.systemLength == reference["sys_len"] as? Int, "\(label): sys_len")
        #expect(score.referenceLength == reference["ref_len"] as? Int, "\(label): ref_len")
        let precisions = reference["precisions"] as? [Any] ?? []
        #expect(precisions.count == score.precisions.count, "\(label): precisions")
        for (mine, theirs) in zip(score.precisions, precisions) {
            #expect(close(mine, theirs), "\(label): precisions \(score.precisions) vs \(precisions)")
        }
        if counts {
            #expect(score.matches == reference["counts"] as? [Int], "\(label): counts")
            #expect(score.totals == reference["totals"] as? [Int], "\(label): totals")
        }
    }

    @Test func corpusBLEUMatchesSacrebleuForEachSmoothing() {
        for (name, smoothing) in Self.smoothings {
            let score = BLEU(smoothing: smoothing).corpusScore(
                hypotheses: MetricsCorpus.hypotheses, references: [MetricsCorpus.references])
            expectMatch(score, expected["corpus-" + name], "corpus \(name)", counts: name != "add-k")
        }
        let floor = BLEU(smoothing: .floor(0.5)).corpusScore(
            hypotheses: MetricsCorpus.hypotheses, references: [MetricsCorpus.references])
        expectMatch(floor, expected["corpus-floor-0.5"], "corpus floor 0.5")
    }

    @Test func corpusBLEUWithTwoReferenceStreamsMatchesSacrebleu() {
        let score = BLEU().corpusScore(
            hypotheses: MetricsCorpus.hypotheses, references: [MetricsCorpus.references, MetricsCorpus.secondReferences])
        expectMatch(score, expected["corpus-multi"], "corpus multi-reference")
    }

    @Test func sentenceBLEUMatchesSacrebleuForEachSmoothing() {
        for (name, smoothing) in Self.smoothings {
            let scores = BLEU.sentence(smoothing: smoothing).sentenceScores(
                hypotheses: MetricsCorpus.hypotheses, references: MetricsCorpus.references)
            let references = expected["sentence-" + name] as? [Any] ?? []
            #expect(references.count == scores.count)
            for (i, (score, reference)) in zip(scores, references).enumerated() {
                expectMatch(score, reference, "sentence \(name) #\(i)", counts: name != "add-k")
            }
        }
        let references = expected["sentence-add-k-2"] as? [Any] ?? []
        for (i, pair) in MetricsCorpus.pairs.enumerated() {
            let score = BLEU.sentence(smoothing: .addK(2)).sentenceScore(hypothesis: pair.hypothesis, references: [pair.reference])
            expectMatch(score, references[i], "sentence add-k 2 #\(i)", counts: false)
        }
    }

    @Test func sentenceBLEUWithTwoReferencesMatchesSacrebleu() {
        let references = expected["sentence-multi"] as? [Any] ?? []
        for (i, pair) in MetricsCorpus.pairs.enumerated() {
            let score = BLEU.sentence().sentenceScore(
                hypothesis: pair.hypothesis, references: [pair.reference, MetricsCorpus.secondReferences[i]])
            expectMatch(score, references[i], "sentence multi-reference #\(i)")
        }
    }

    @Test func longSegmentsMatchSacrebleu() throws {
        let (hypotheses, references) = MetricsCorpus.longPairs
        let program = """
            import sys, json, sacrebleu
            d = json.loads(sys.argv[1])
            c = sacrebleu.corpus_bleu(d["hyps"], [d["refs"]])
            print(json.dumps([c.score] + [sacrebleu.sentence_bleu(h, [r]).score for h, r in zip(d["hyps"], d["refs"])]))
            """
        let expected = try #require(try MetricsCorpus.reference(program, ["hyps": hypotheses, "refs": references]) as? [Double])
        #expect(close(BLEU().corpusScore(hypotheses: hypotheses, references: [references]).score, expected[0]))
        let sentences = BLEU.sentence().sentenceScores(hypotheses: hypotheses, references: references)
        for (i, score) in sentences.enumerated() { #expect(close(score.score, expected[i + 1]), "segment \(i)") }
    }

    @Test func identicalSentencesScoreOneHundredAndDisjointOnesZero() {
        let bleu = BLEU.sentence()
        #expect(abs(bleu.sentenceScore(hypothesis: "the cat sat on the mat", references: ["the cat sat on the mat"]).score - 100) < 1e-9)
        #expect(BLEU(smoothing: .unsmoothed).sentenceScore(hypothesis: "alpha beta", references: ["gamma delta"]).score == 0)
    }
}
