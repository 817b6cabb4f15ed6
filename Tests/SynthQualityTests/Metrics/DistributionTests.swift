import Foundation
import SynthQuality
import Testing

@Suite struct DistributionTests {
    static let samples: [[[Double]]] = [
        [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]],
        [[1, 2, 2, 3, 10, 10, 11], [2, 3, 3, 3, 4, 12]],
        [[0.5, 7.25, 3, 3, 3, 9], [100, 101, 102]],
        [[5], [1, 2, 3, 4, 5, 6, 7, 8, 9]],
        [[12, 40, 33, 17, 25, 25, 61, 8, 19, 30, 22, 27], [15, 38, 33, 20, 26, 29, 70, 11, 18]],
    ]

    @Test func ksAndWassersteinMatchScipy() throws {
        let program = """
            import sys, json
            from scipy import stats
            d = json.loads(sys.argv[1])
            print(json.dumps([[float(stats.ks_2samp(a, b).statistic), float(stats.wasserstein_distance(a, b))] for a, b in d]))
            """
        let expected = try #require(try MetricsCorpus.reference(program, Self.samples) as? [[Double]])
        for (sample, reference) in zip(Self.samples, expected) {
            let ks = DistributionDistance.kolmogorovSmirnov(sample[0], sample[1])
            let w = DistributionDistance.wasserstein(sample[0], sample[1])
            #expect(close(ks, reference[0]), "KS \(ks) vs \(reference[0]) for \(sample)")
            #expect(close(w, reference[1]), "Wasserstein \(w) vs \(reference[1]) for \(sample)")
        }
    }

    @Test func lengthStatisticsMatchNumpy() throws {
        let program = """
            import sys, json
            import numpy as np
            d = json.loads(sys.argv[1])
            print(json.dumps([[float(np.mean(a)), float(np.std(a))] + [float(np.percentile(a, p)) for p in (0, 10, 25, 50, 90, 99, 100)]
                              for a in d]))
            """
        let values = Self.samples.flatMap { $0 }
        let expected = try #require(try MetricsCorpus.reference(program, values) as? [[Double]])
        for (sample, reference) in zip(values, expected) {
            let statistics = LengthStatistics(sample)
            let mine = [statistics.mean, statistics.standardDeviation] + [0, 10, 25, 50, 90, 99, 100].map { statistics.percentile($0) }
            for (a, b) in zip(mine, reference) { #expect(close(a, b), "\(mine) vs \(reference) for \(sample)") }
        }
    }

    @Test func wordCountStatisticsCountWordTokens() {
        let statistics = LengthStatistics(wordCountsOf: ["one two three", "", "a-b c"])
        #expect(statistics.sorted == [0, 3, 3])
        #expect(statistics.median == 3 && statistics.minimum == 0 && statistics.maximum == 3 && statistics.count == 3)
    }

    @Test func totalVariationIsHalfTheL1DistanceOfFrequencies() {
        // p = (1/2, 1/4, 1/4, 0), q = (1/3, 2/3, 0, 0): (1/6 + 5/12 + 1/4) / 2 = 5/12.
        #expect(abs(DistributionDistance.totalVariation(["x", "x", "y", "z"], ["x", "y", "y"]) - 5.0 / 12) < 1e-12)
        #expect(DistributionDistance.totalVariation(["a", "b"], ["b", "a", "a", "b"]) == 0)
        #expect(DistributionDistance.totalVariation(["a", "a"], ["b"]) == 1)
        #expect(abs(DistributionDistance.totalVariation(counts: ["a": 3, "b": 1], ["a": 1, "b": 1]) - 0.25) < 1e-12)
    }

    @Test func vocabularyEntropyIsShannonBitsOfWordFrequencies() {
        #expect(abs(VocabularyEntropy(texts: ["a b c d"]).bits - 2) < 1e-12)
        #expect(VocabularyEntropy(texts: ["same same", "SAME"]).bits == 0)
        // Counts 2, 1, 1 over 4 words: 1/2·1 + 2·(1/4·2) = 1.5 bits.
        let entropy = VocabularyEntropy(texts: ["Cat, cat!", "dog bird"])
        #expect(abs(entropy.bits - 1.5) < 1e-12 && entropy.vocabularySize == 3)
        #expect(VocabularyEntropy().bits == 0)
        var merged = VocabularyEntropy(texts: ["Cat, cat!"])
        merged.merge(VocabularyEntropy(texts: ["dog bird"]))
        #expect(merged.bits == entropy.bits && merged.vocabularySize == 3)
    }
}
