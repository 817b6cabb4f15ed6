import SynthCore

/// Drops a record whose readable text is a near duplicate of one already kept: estimated Jaccard
/// index of their shingle sets at least the finder's threshold (0.8 by default; confirmed at `confirmAt`).
///
/// The first record of each cluster in plan order is kept. Holds one MinHash signature and its
/// band links per kept record (under 1 KB with 128 permutations), never text.
public struct NearDedup: StreamStage {
    public let name = "near-dedup"
    /// How near duplicates are found.
    public let finder: NearDuplicateFinder
    private var index: BandIndex
    /// Whether each kept record has had a near duplicate dropped.
    private var hasDuplicates: [Bool] = []
    private var dropped = 0
    private var clusters = 0

    /// A stage with nothing seen yet, sized for `expected` records.
    public init(finder: NearDuplicateFinder = NearDuplicateFinder(), expected: Int = 0) {
        self.finder = finder
        index = BandIndex(banding: finder.banding, permutations: finder.hasher.permutations, expected: expected)
    }

    public mutating func process(_ record: inout Record) -> Verdict {
        guard let signature = finder.hasher.signature(of: record.readableText) else { return .keep }
        let keys = index.keys(of: signature)
        for item in index.candidates(of: keys) where index.estimatedJaccard(signature, item: item) >= finder.confirmAt {
            dropped += 1
            if !hasDuplicates[item] {
                hasDuplicates[item] = true
                clusters += 1
            }
            return .drop(reason: "near duplicate")
        }
        index.insert(signature, keys: keys)
        hasDuplicates.append(false)
        return .keep
    }

    public func report() -> StageReport {
        StageReport(stage: name, figures: [("dropped", Double(dropped)), ("clusters", Double(clusters))])
    }
}
