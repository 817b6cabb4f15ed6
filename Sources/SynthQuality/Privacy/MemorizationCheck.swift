import SynthCore

/// Drops a record that copies the reference data: its text equals a reference text, or more than
/// `limit` of its word n-grams occur in the reference.
///
/// The check is read-only on a shared index, so shard workers run it in parallel. A record with
/// any overlap gets it in provenance `extra["memorization"]`: the fraction of its n-grams found in
/// the reference, to three decimals.
///
/// The default limit, 0.2, drops a record when roughly a fifth of it or more is copied, and keeps
/// one that shares a stock phrase: a 20-word sentence taken whole gives 8 matching 13-grams, 9% of
/// a 100-word record. Exact copies are dropped at any length, which is the only way a record
/// shorter than n words is caught.
public struct MemorizationCheck: RecordStage {
    public let name = "memorization"
    /// The default share of n-grams above which a record is memorised.
    public static let defaultLimit = 0.2
    /// The reference texts.
    public let index: NGramOverlapIndex
    /// The share of a record's n-grams, 0–1, above which it is memorised.
    public let limit: Double

    /// A check against the reference texts in `index`.
    public init(index: NGramOverlapIndex, limit: Double = MemorizationCheck.defaultLimit) {
        self.index = index
        self.limit = limit
    }

    /// True when a record with this overlap copies the reference: an exact match, or more than
    /// `limit` of its n-grams matched.
    public func isMemorized(_ overlap: NGramOverlap) -> Bool { overlap.exact || overlap.fraction > limit }

    public func process(_ record: inout Record) -> Verdict {
        let overlap = index.overlap(of: record.readableText)
        guard overlap.matched > 0 || overlap.exact else { return .keep }
        record.provenance.extra["memorization"] = .double((overlap.fraction * 1000).rounded() / 1000)
        return isMemorized(overlap) ? .drop(reason: "memorized") : .keep
    }
}
