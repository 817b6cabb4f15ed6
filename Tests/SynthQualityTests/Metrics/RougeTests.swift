import Foundation
import SynthQuality
import Testing

@Suite struct RougeTests {
    @Test(arguments: [false, true])
    func rougeMatchesRougeScoreOnEveryPair(useStemmer: Bool) throws {
        let program = """
            import sys, json
            from rouge_score import rouge_scorer
            d = json.loads(sys.argv[1])
            scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=d["stem"])
            pairs = [scorer.score(t, p) for t, p in zip(d["targets"], d["predictions"])]
            out = {"pairs": [{k: [s[k].precision, s[k].recall, s[k].fmeasure] for k in s} for s in pairs]}
            for k in ["rouge1", "rouge2", "rougeL"]:
                out["mean-" + k] = sum(s[k].fmeasure for s in pairs) / len(pairs)
            print(json.dumps(out))
            """
        let long = MetricsCorpus.longPairs
        let targets = MetricsCorpus.references + MetricsCorpus.hypotheses + long.references
        let predictions = MetricsCorpus.hypotheses + MetricsCorpus.secondReferences + long.hypotheses
        let expected = try #require(
            try MetricsCorpus.reference(program, ["targets": targets, "predictions": predictions, "stem": useStemmer] as [String: Any])
                as? [String: Any])
        let result = Rouge(useStemmer: useStemmer).corpusScores(targets: targets, predictions: predictions)
        let pairs = try #require(expected["pairs"] as? [[String: [Double]]])
        #expect(pairs.count == result.pairs.count)
        for (i, (mine, theirs)) in zip(result.pairs, pairs).enumerated() {
            for (name, score) in [("rouge1", mine.rouge1), ("rouge2", mine.rouge2), ("rougeL", mine.rougeL)] {
                let reference = theirs[name] ?? []
                #expect(
                    reference.count == 3 && close(score.precision, reference[0]) && close(score.recall, reference[1])
                        && close(score.fMeasure, reference[2]),
                    "pair \(i) \(name): \(score) vs \(reference) for \(targets[i].debugDescription) / \(predictions[i].debugDescription)")
            }
        }
        #expect(close(result.meanRouge1F, expected["mean-rouge1"]))
        #expect(close(result.meanRouge2F, expected["mean-rouge2"]))
        #expect(close(result.meanRougeLF, expected["mean-rougeL"]))
    }

    @Test func singlePairScoreAgreesWithCorpusScore() {
        let single = Rouge().score(target: "The cat sat on the mat.", prediction: "the cat is on the mat")
        // 5 of 6 unigrams, 3 of 5 bigrams, LCS "the cat on the mat" of length 5.
        #expect(abs(single.rouge1.fMeasure - 5.0 / 6) < 1e-12)
        #expect(abs(single.rouge2.fMeasure - 3.0 / 5) < 1e-12)
        #expect(abs(single.rougeL.fMeasure - 5.0 / 6) < 1e-12)
    }
}
