/// Dataset-level figures of how much a set of records copies the reference: exact-match rate,
/// mean overlap, the share the memorization check would drop, and the records that copy most.
///
/// Summaries of consecutive batches merge, so records can be checked on all cores.
public struct MemorizationSummary: Sendable {
    /// One record among those that copy most.
    public struct Copy: Sendable, Hashable {
        /// The record's position among the records added (its line, for a file).
        public var record: Int
        /// Its overlap with the reference.
        public var overlap: NGramOverlap
    }

    /// The rule that says which records are memorised.
    public let check: MemorizationCheck
    /// How many of the worst records to keep.
    public let keep: Int
    /// Records added.
    public private(set) var records = 0
    /// Records whose text equals a reference text.
    public private(set) var exactMatches = 0
    /// Records the check would drop: exact matches and records above the limit.
    public private(set) var memorized = 0
    /// Records with at least one word, which have an overlap fraction.
    public private(set) var measured = 0
    private var fractionSum = 0.0
    /// The records with the largest overlap fraction (ties by position), largest first; at most
    /// `keep`, and only records with some overlap.
    public private(set) var worst: [Copy] = []

    /// An empty summary under `check`'s rule, keeping the `keep` worst records.
    public init(check: MemorizationCheck, keep: Int = 10) {
        self.check = check
        self.keep = keep
    }

    /// Checks the text of record number `record` and counts it.
    public mutating func add(_ text: String, record: Int) {
        add(check.index.overlap(of: text), record: record)
    }

    /// Counts the overlap of record number `record`.
    public mutating func add(_ overlap: NGramOverlap, record: Int) {
        records += 1
        if overlap.exact { exactMatches += 1 }
        if check.isMemorized(overlap) { memorized += 1 }
        if overlap.ngrams > 0 {
            measured += 1
            fractionSum += overlap.fraction
        }
        if overlap.matched > 0 || overlap.exact { insertWorst(Copy(record: record, overlap: overlap)) }
    }

    /// Adds the counts and worst records of `other`, a summary of other records.
    public mutating func merge(_ other: MemorizationSummary) {
        records += other.records
        exactMatches += other.exactMatches
        memorized += other.memorized
        measured += other.measured
        fractionSum += other.fractionSum
        for copy in other.worst { insertWorst(copy) }
    }

    /// Exact matches over records, 0–1.
    public var exactMatchRate: Double { records == 0 ? 0 : Double(exactMatches) / Double(records) }
    /// Memorised records over records, 0–1: the share the check would drop.
    public var memorizedRate: Double { records == 0 ? 0 : Double(memorized) / Double(records) }
    /// The mean overlap fraction of the records with words, 0–1 (a record shorter than n words
    /// counts 1 when it is an exact match, else 0).
    public var meanOverlap: Double { measured == 0 ? 0 : fractionSum / Double(measured) }

    private mutating func insertWorst(_ copy: Copy) {
        let position = worst.firstIndex { Self.ranksBefore(copy, $0) } ?? worst.count
        guard position < keep else { return }
        worst.insert(copy, at: position)
        if worst.count > keep { worst.removeLast() }
    }

    private static func ranksBefore(_ a: Copy, _ b: Copy) -> Bool {
        a.overlap.fraction != b.overlap.fraction ? a.overlap.fraction > b.overlap.fraction : a.record < b.record
    }
}
