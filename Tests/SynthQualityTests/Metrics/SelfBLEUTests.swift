import Foundation
import SynthCore
import Testing

@testable import SynthQuality

@Suite struct SelfBLEUTests {
    static let program = """
        import sys, json, sacrebleu
        texts = json.loads(sys.argv[1])
        scores = [sacrebleu.sentence_bleu(h, texts[:i] + texts[i + 1:]).score for i, h in enumerate(texts)]
        print(json.dumps({"mean": sum(scores) / len(scores), "scores": scores}))
        """

    /// Texts whose n-grams recur across several texts with tied and untied counts, so the largest
    /// count over the other texts comes from the first, the second or a tie.
    static let repeats = [
        "the cat sat on the mat", "the cat sat on the mat", "the the the cat", "the cat the cat the cat sat",
        "a dog sat on the mat , the dog", "on the mat on the mat on the mat", "cat", "sat sat sat sat sat",
    ]

    func expectMatchesSacrebleu(_ texts: [String]) throws {
        let reference = try #require(try MetricsCorpus.reference(Self.program, texts) as? [String: Any])
        let expected = try #require(reference["scores"] as? [Double])
        let scores = SelfBLEU.scores(of: texts)
        #expect(scores.count == expected.count)
        for (i, (mine, theirs)) in zip(scores, expected).enumerated() {
            #expect(abs(mine - theirs) < 1e-6, "text \(i): \(mine) vs \(theirs)")
        }
        let mean = try #require(SelfBLEU.score(of: texts))
        #expect(close(mean, reference["mean"]), "mean \(mean) vs \(reference["mean"] ?? "nil")")
    }

    @Test func matchesSacrebleuOnHandWrittenTexts() throws {
        try expectMatchesSacrebleu(MetricsCorpus.hypotheses + MetricsCorpus.references + Self.repeats)
    }

    @Test func matchesSacrebleuOnLongTexts() throws {
        let (hypotheses, references) = MetricsCorpus.longPairs
        try expectMatchesSacrebleu(Array(hypotheses.prefix(20) + references.prefix(20)))
    }

    @Test func identicalTextsScoreOneHundredAndTooFewTextsNone() {
        #expect(SelfBLEU.score(of: ["same words here", "same words here", "same words here"]).map { abs($0 - 100) < 1e-9 } == true)
        #expect(SelfBLEU.score(of: ["only one"]) == nil)
        #expect(SelfBLEU().score() == nil)
    }

    @Test func theSampleIsASeededReservoir() {
        let texts = (0..<500).map { "text \($0)" }
        func sample(_ size: Int, _ seed: UInt64) -> [String] {
            var selfBLEU = SelfBLEU(sampleSize: size, seed: seed)
            for text in texts { selfBLEU.add(text) }
            return selfBLEU.sample
        }
        #expect(sample(600, 1) == texts)
        let drawn = sample(50, 1)
        #expect(drawn.count == 50 && Set(drawn).count == 50 && Set(drawn).isSubset(of: texts))
        #expect(sample(50, 1) == drawn)
        #expect(sample(50, 2) != drawn)
        // Late texts get in as often as early ones: over many seeds, about 10% of each half.
        var late = 0
        for seed in 0..<200 { late += sample(50, UInt64(seed)).filter { Int($0.dropFirst(5))! >= 250 }.count }
        #expect(abs(Double(late) / (200 * 50) - 0.5) < 0.03)
    }
}
