/// Texts to compare new texts against by ROUGE-L, each tokenized once when added.
///
/// Scores are `Rouge(useStemmer: false)`'s ROUGE-L F-measure, and so rouge-score's. Finding the
/// best match skips a text whose bound cannot beat the best so far: ROUGE-L's F-measure is
/// 2·LCS/(m+n), and the longest common subsequence is at most the clipped count of shared tokens,
/// which costs one pass instead of the m·n table.
public struct RougeLPool: Sendable {
    private var interner = TokenInterner()
    private var stems = StemCache()
    private var entries: [[UInt32]] = []
    private var token: [UInt8] = []
    private var query: [UInt32] = []
    // Per token id: how often the query holds it, and how many of those an entry has used.
    private var queryCounts: [Int32] = [0]
    private var used: [Int32] = [0]
    private var row: [Int32] = []

    /// A pool holding `texts`.
    public init(_ texts: [String] = []) {
        for text in texts { append(text) }
    }

    /// The number of texts in the pool.
    public var count: Int { entries.count }

    /// Adds `text` to the pool.
    public mutating func append(_ text: String) {
        var ids: [UInt32] = []
        RougeCounter.tokens(of: text, into: &ids, token: &token, interner: &interner, stems: &stems)
        entries.append(ids)
    }

    /// The highest ROUGE-L F-measure of `text` (as the prediction) against any text of the pool
    /// (as the target); 0 for an empty pool or a text without tokens.
    public mutating func highestF(_ text: String) -> Double {
        RougeCounter.tokens(of: text, into: &query, token: &token, interner: &interner, stems: &stems)
        guard !query.isEmpty else { return 0 }
        if queryCounts.count <= interner.count {
            queryCounts.append(contentsOf: repeatElement(0, count: interner.count + 1 - queryCounts.count))
            used.append(contentsOf: repeatElement(0, count: interner.count + 1 - used.count))
        }
        for id in query { queryCounts[Int(id)] += 1 }
        defer { for id in query { queryCounts[Int(id)] = 0 } }
        var best = 0.0
        for entry in entries where !entry.isEmpty {
            let total = Double(entry.count + query.count)
            guard 2 * Double(min(entry.count, query.count)) / total > best else { continue }
            var shared = 0
            for id in entry where used[Int(id)] < queryCounts[Int(id)] {
                used[Int(id)] += 1
                shared += 1
            }
            for id in entry { used[Int(id)] = 0 }
            guard 2 * Double(shared) / total > best else { continue }
            let length = Double(RougeCounter.lcsLength(entry, query, row: &row))
            best = max(best, RougeScore(precision: length / Double(query.count), recall: length / Double(entry.count)).fMeasure)
        }
        return best
    }
}
