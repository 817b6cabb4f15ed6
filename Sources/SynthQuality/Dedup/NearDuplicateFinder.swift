/// Finds near-duplicate texts: MinHash signatures, LSH bands to find candidate pairs, and the
/// estimated Jaccard index (signature agreement) to confirm them.
///
/// A text is a near duplicate when its estimated Jaccard index with an earlier kept text is at
/// least `confirmAt`; it joins the cluster of the earliest such text. A text with no shingles is
/// never a near duplicate.
///
/// `confirmAt` sits one standard error of the estimate below `threshold` (0.765 for 0.8 with 128
/// permutations): confirming at the threshold itself would miss half the pairs whose true Jaccard
/// is exactly the threshold, since the estimate is as likely to fall below it as above.
public struct NearDuplicateFinder: Sendable, Hashable {
    /// The least estimated Jaccard index at which two texts are near duplicates.
    public let threshold: Double
    /// How signatures are computed.
    public let hasher: MinHasher
    /// How signatures are cut into bands.
    public let banding: LSHBanding
    /// The least estimated Jaccard index that confirms a candidate pair.
    public var confirmAt: Double {
        let k = Double(hasher.permutations)
        return threshold - (threshold * (1 - threshold) / k).squareRoot()
    }

    /// A finder for `threshold`, with the banding that best separates texts above it from those below.
    ///
    /// The banding weighs a missed pair nine times a spurious candidate (14 bands of 9 rows for 0.8
    /// and 128 permutations, against datasketch's 9 × 13): every candidate is confirmed by its
    /// estimate, so a spurious one costs one signature comparison, while a missed one is lost.
    public init(threshold: Double = 0.8, permutations: Int = 128, shingling: Shingling = .standard, seed: UInt64 = 1) {
        self.init(
            threshold: threshold, hasher: MinHasher(permutations: permutations, shingling: shingling, seed: seed),
            banding: .optimal(threshold: threshold, permutations: permutations, falsePositiveWeight: 0.1, falseNegativeWeight: 0.9))
    }

    /// A finder with an explicit hasher and banding.
    public init(threshold: Double, hasher: MinHasher, banding: LSHBanding) {
        precondition(banding.bands * banding.rows <= hasher.permutations, "the banding needs more values than a signature has")
        self.threshold = threshold
        self.hasher = hasher
        self.banding = banding
    }

    /// The near-duplicate clusters and LSH candidate pairs of `texts`, signatures computed on all cores.
    public func find(in texts: [String]) async -> NearDuplicateReport {
        find(signatures: await hasher.signatures(of: texts))
    }

    /// The near-duplicate clusters and LSH candidate pairs of texts with these signatures (nil for a
    /// text with no shingles), which must come from `hasher`.
    public func find(signatures: [MinHashSignature?]) -> NearDuplicateReport {
        var index = BandIndex(banding: banding, permutations: hasher.permutations, expected: signatures.count)
        var textOfItem: [Int] = []
        var isKept = [Bool](repeating: true, count: signatures.count)
        var members: [Int: [Int]] = [:]
        var candidates: [CandidatePair] = []
        for (text, signature) in signatures.enumerated() {
            guard let signature else { continue }
            let keys = index.keys(of: signature)
            var owner: Int? = nil
            for item in index.candidates(of: keys) {
                let earlier = textOfItem[item]
                let estimate = index.estimatedJaccard(signature, item: item)
                candidates.append(CandidatePair(first: earlier, second: text, estimatedJaccard: estimate))
                if owner == nil && isKept[earlier] && estimate >= confirmAt { owner = earlier }
            }
            if let owner {
                isKept[text] = false
                members[owner, default: [owner]].append(text)
            }
            // Every text is indexed, so pairs between two dropped texts are reported too.
            index.insert(signature, keys: keys)
            textOfItem.append(text)
        }
        return NearDuplicateReport(clusters: members.values.sorted { $0[0] < $1[0] }, candidates: candidates)
    }
}

/// What `NearDuplicateFinder` found in a corpus.
public struct NearDuplicateReport: Sendable, Hashable {
    /// Groups of near-duplicate texts by index, ascending; the first is the one kept. Only groups of
    /// two or more, in the order of their first text.
    public var clusters: [[Int]]
    /// Every pair of texts that share an LSH band, ordered by the later text then the earlier, with
    /// their estimated Jaccard index (below the threshold too: candidates, not confirmed). A cluster
    /// of n texts gives up to n(n − 1)/2 pairs, so exact copies are best dropped first.
    public var candidates: [CandidatePair]

    /// Makes a report.
    public init(clusters: [[Int]], candidates: [CandidatePair]) {
        self.clusters = clusters
        self.candidates = candidates
    }

    /// The number of texts that are near duplicates of a kept text.
    public var dropped: Int { clusters.reduce(0) { $0 + $1.count - 1 } }
}

/// Two texts that share an LSH band.
public struct CandidatePair: Sendable, Hashable {
    /// The earlier text's index.
    public var first: Int
    /// The later text's index.
    public var second: Int
    /// The fraction of signature values the two texts share.
    public var estimatedJaccard: Double

    /// Makes a pair.
    public init(first: Int, second: Int, estimatedJaccard: Double) {
        self.first = first
        self.second = second
        self.estimatedJaccard = estimatedJaccard
    }
}
