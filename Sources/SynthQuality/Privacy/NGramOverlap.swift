/// How much of one text an `NGramOverlapIndex` already holds.
public struct NGramOverlap: Sendable, Hashable {
    /// The text's n-grams: words − n + 1; 1 for a text of 1 to n − 1 words, which counts as one
    /// whole-text gram; 0 for a text with no words.
    public var ngrams: Int
    /// How many of the text's n-grams occur in the index, repeats counted; a text shorter than n
    /// words matches its one gram when it is an exact match.
    public var matched: Int
    /// True when the whole text, normalised as `TextFingerprint` does, equals an indexed text.
    public var exact: Bool
    /// The longest run of the text covered by consecutive matched n-grams, as written in the text
    /// (the whole text for an exact match of a short text); nil when nothing matched.
    public var passage: String?

    /// Makes an overlap.
    public init(ngrams: Int, matched: Int, exact: Bool, passage: String?) {
        self.ngrams = ngrams
        self.matched = matched
        self.exact = exact
        self.passage = passage
    }

    /// Matched n-grams over the text's n-grams, 0–1 (0 for a text with no words).
    public var fraction: Double { ngrams == 0 ? 0 : Double(matched) / Double(ngrams) }
}
