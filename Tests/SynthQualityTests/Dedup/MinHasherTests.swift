import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthQuality

@Suite struct MinHasherTests {
    /// Two texts of distinct one-word shingles whose true Jaccard index is `shared / (shared + 2·own)`.
    private func pair(shared: Int, own: Int) -> (String, String) {
        let common = (0..<shared).map { "c\($0)" }
        return (
            (common + (0..<own).map { "a\($0)" }).joined(separator: " "),
            (common + (0..<own).map { "b\($0)" }).joined(separator: " ")
        )
    }

    @Test(arguments: [(200, 400), (300, 150), (400, 50), (450, 25), (500, 0)])
    func estimateIsWithinFourStandardErrorsOfTheTrueJaccard(shared: Int, own: Int) {
        let (a, b) = pair(shared: shared, own: own)
        let truth = Double(shared) / Double(shared + 2 * own)
        let tolerance = max(4 * (truth * (1 - truth) / 128).squareRoot(), 1e-12)
        for seed: UInt64 in 1...5 {
            let hasher = MinHasher(permutations: 128, shingling: .words(1), seed: seed)
            let estimate = hasher.signature(of: a)!.estimatedJaccard(with: hasher.signature(of: b)!)
            #expect(abs(estimate - truth) <= tolerance, "seed \(seed): estimated \(estimate), true \(truth)")
        }
    }

    /// Averaged over many seeds the estimate has no bias: the mean of 60 estimates lies within
    /// four of its standard errors (`sqrt(J(1 − J) / (128 · 60))`, 0.008 at J = 0.5) of the truth.
    @Test(arguments: [(200, 400), (300, 150), (400, 50)])
    func estimateIsUnbiasedOverSeeds(shared: Int, own: Int) {
        let (a, b) = pair(shared: shared, own: own)
        let truth = Double(shared) / Double(shared + 2 * own)
        let seeds = 60
        var sum = 0.0
        for seed in 1...seeds {
            let hasher = MinHasher(permutations: 128, shingling: .words(1), seed: UInt64(seed))
            sum += hasher.signature(of: a)!.estimatedJaccard(with: hasher.signature(of: b)!)
        }
        let mean = sum / Double(seeds)
        #expect(abs(mean - truth) <= 4 * (truth * (1 - truth) / Double(128 * seeds)).squareRoot(), "mean \(mean), true \(truth)")
    }

    /// Each signature value is `min over shingles x of ((a·x + b) mod 2^64) >> 32`, as Python's big
    /// integers compute it (an odd number of functions, as they are computed two at a time).
    @Test func signaturesMatchBigIntegerArithmetic() throws {
        let hasher = MinHasher(permutations: 17, seed: 5)
        let texts = [
            "the quick brown fox jumps over the lazy dog and runs far away",
            "Short text.",
            (0..<200).map { "w\($0 % 37)" }.joined(separator: " "),
        ]
        let input = texts.map { text in
            let shingles = Shingling.standard.hashes(in: text).map(String.init).joined(separator: " ")
            return shingles + "\n" + hasher.signature(of: text)!.values.map(String.init).joined(separator: " ")
        }
        let mismatches = try Processes.python(
            """
            import sys
            a = [int(v) for v in sys.argv[1].split()]
            b = [int(v) for v in sys.argv[2].split()]
            lines = sys.argv[3].split("\\n")
            for n in range(0, len(lines), 2):
                xs = [int(v) for v in lines[n].split()]
                ours = [int(v) for v in lines[n + 1].split()]
                theirs = [min(((ai * x + bi) % 2**64) >> 32 for x in xs) for ai, bi in zip(a, b)]
                if ours != theirs:
                    print(n // 2, ours, theirs)
            """,
            [
                hasher.multipliers.map(String.init).joined(separator: " "), hasher.offsets.map(String.init).joined(separator: " "),
                input.joined(separator: "\n"),
            ])
        #expect(mismatches.trimmingCharacters(in: .whitespacesAndNewlines) == "")
    }

    @Test func signaturesDependOnlyOnTheTextAndSeed() async {
        let corpus = NearDuplicateCorpus(originals: 300, copies: 50, words: 20...60, maxEdits: 3, seed: 4)
        let hasher = MinHasher(seed: 11)
        let parallel = await hasher.signatures(of: corpus.texts)
        #expect(parallel == corpus.texts.map { hasher.signature(of: $0) })
        #expect(parallel == (await MinHasher(seed: 11).signatures(of: corpus.texts)))
        #expect(parallel != (await MinHasher(seed: 12).signatures(of: corpus.texts)))
        // Pinned values: a change here changes every stored signature and every dedup decision.
        #expect(
            hasher.signature(of: "the quick brown fox jumps over the lazy dog")!.values.prefix(3) == [
                348_711_794, 999_565_397, 568_122_793,
            ])
    }

    @Test func shinglesFollowTheWordsOrCharactersOfTheText() {
        #expect(Shingling.words(2).shingles(in: "The cat, the CAT.") == ["the cat", "cat the"])
        #expect(Shingling.words(5).shingles(in: "too short") == ["too short"])
        #expect(Shingling.characters(3).shingles(in: "Ab  c\n") == ["ab ", "b c"])
        #expect(Shingling.words(5).shingles(in: " ,; ").isEmpty)
        #expect(MinHasher().signature(of: "...") == nil)
        var hashes: [UInt32] = []
        Shingling.words(2).forEachHash(in: "The cat, the CAT.") { hashes.append($0) }
        #expect(hashes.count == 3 && hashes[0] == hashes[2] && hashes[0] != hashes[1])
    }

    @Test(arguments: [(0.8, 128, 0.5), (0.5, 128, 0.5), (0.9, 256, 0.5), (0.7, 64, 0.5), (0.8, 128, 0.1)])
    func optimalBandingMatchesDatasketch(threshold: Double, permutations: Int, falsePositiveWeight: Double) throws {
        let ours = LSHBanding.optimal(
            threshold: threshold, permutations: permutations, falsePositiveWeight: falsePositiveWeight,
            falseNegativeWeight: 1 - falsePositiveWeight)
        let reference = try Processes.python(
            """
            import sys
            from datasketch.lsh import _optimal_param
            w = float(sys.argv[3])
            print(*_optimal_param(float(sys.argv[1]), int(sys.argv[2]), w, 1 - w))
            """, ["\(threshold)", "\(permutations)", "\(falsePositiveWeight)"])
        #expect(reference.trimmingCharacters(in: .whitespacesAndNewlines) == "\(ours.bands) \(ours.rows)")
    }
}
