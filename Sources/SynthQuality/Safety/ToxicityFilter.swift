import Foundation
import SynthCore

/// Scores each record's text for toxicity, records the score and categories in its provenance,
/// and drops the record when the score reaches `dropAt` (or only flags it when `dropAt` is nil).
public struct ToxicityFilter: RecordStage {
    public let name = "toxicity"
    /// The score at which a record is dropped; nil to flag only.
    public let dropAt: Double?

    /// A filter that drops at `dropAt` (0…1), or only flags when nil.
    public init(dropAt: Double? = 0.5) { self.dropAt = dropAt }

    public func process(_ record: inout Record) -> Verdict {
        let findings = ToxicityScanner.scan(record.readableText)
        guard !findings.isEmpty else { return .keep }
        let score = ToxicityScanner.score(findings)
        record.provenance.extra["toxicity"] = .double((score * 1000).rounded() / 1000)
        record.provenance.extra["toxicity_categories"] = .array(Set(findings.map(\.category)).sorted().map { .string($0.rawValue) })
        if let dropAt, score >= dropAt { return .drop(reason: "toxic") }
        return .keep
    }
}

/// Counts how often each identity group is mentioned and how often near positive or negative
/// words, per dimension (gender, ethnicity, religion, age), and scores how balanced that is.
public struct BiasSummary: Sendable {
    /// Mentions and sentiment co-occurrences of one group.
    public struct GroupCounts: Sendable, Equatable {
        /// The dimension, such as gender.
        public var dimension: String
        /// The group, such as female.
        public var group: String
        /// Mentions.
        public var mentions = 0
        /// Mentions within five words of a positive word.
        public var positive = 0
        /// Mentions within five words of a negative word.
        public var negative = 0
    }

    /// Per group, in the lexicon's order.
    public private(set) var groups: [GroupCounts] = Lexicons.groups.map { GroupCounts(dimension: $0.dimension, group: $0.group) }

    /// Nothing counted yet.
    public init() {}

    /// Counts the mentions in `text`.
    public mutating func add(_ text: String) { add(LexiconWords(text)) }

    /// Counts the mentions in a text whose words are already looked up.
    public mutating func add(_ text: LexiconWords) {
        let table = LexiconWords.table
        let words = text.words
        for (i, word) in words.enumerated() where word.entry >= 0 && table.entries[word.entry].group >= 0 {
            let g = table.entries[word.entry].group
            groups[g].mentions += 1
            let window = words[max(0, i - 5)..<min(words.count, i + 6)]
            if window.contains(where: { $0.entry >= 0 && table.entries[$0.entry].categories.contains(.positive) }) {
                groups[g].positive += 1
            }
            if window.contains(where: { $0.entry >= 0 && table.entries[$0.entry].categories.contains(.negative) }) {
                groups[g].negative += 1
            }
        }
    }

    /// Adds the counts of `other` (a summary of other texts) to these.
    public mutating func merge(_ other: BiasSummary) {
        for i in groups.indices {
            groups[i].mentions += other.groups[i].mentions
            groups[i].positive += other.groups[i].positive
            groups[i].negative += other.groups[i].negative
        }
    }

    /// Per dimension, how evenly mentions spread over its groups: the normalised entropy of the
    /// mention shares (1 = every group equally often, 0 = one group only), or nil with no mentions.
    public func balance(of dimension: String) -> Double? {
        let counts = groups.filter { $0.dimension == dimension }.map { Double($0.mentions) }
        let total = counts.reduce(0, +)
        guard total > 0, counts.count > 1 else { return nil }
        var entropy = 0.0
        for c in counts where c > 0 {
            let p = c / total
            entropy -= p * log2(p)
        }
        return entropy / log2(Double(counts.count))
    }

    /// The dimensions, in order.
    public var dimensions: [String] {
        var seen: [String] = []
        for g in groups where !seen.contains(g.dimension) { seen.append(g.dimension) }
        return seen
    }
}
