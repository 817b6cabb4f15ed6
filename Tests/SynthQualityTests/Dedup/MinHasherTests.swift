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

    @Test func permutationsMatchBigIntegerArithmetic() throws {
        var random = SeededRandom(seed: 9)
        let p = MinHasher.prime
        let cases = (0..<200).map { _ in (random.next() >> 32, random.next() % (p - 1) + 1, random.next() % p) }
        let ours = cases.map { String(MinHasher.permute($0.0, $0.1, $0.2)) }
        let reference = try Processes.python(
            """
            import sys
            nums = [int(v) for v in sys.argv[1].split()]
            p = (1 << 61) - 1
            print(" ".join(str(((a * x + b) % p) & 0xFFFFFFFF) for x, a, b in zip(nums[0::3], nums[1::3], nums[2::3])))
            """, [cases.map { "\($0.0) \($0.1) \($0.2)" }.joined(separator: " ")])
        #expect(reference.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } == ours)
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
                1_492_118_551, 163_284_567, 744_575_059,
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
