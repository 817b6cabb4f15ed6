/// The word n-grams and whole-text fingerprints of a set of texts, to find out how much of a new
/// text copies them: the reference data a synthetic set must not memorise, or an evaluation set it
/// must not contain.
///
/// Words are `WordTokens` (runs of letters and digits, lower-cased), so case, punctuation and
/// spacing do not hide a copy. Each n-gram is kept as a 64-bit hash in one flat table (8 bytes
/// per slot, at most 0.7 full): a million reference texts of 100 words, about 90 million distinct
/// 13-grams, take 1–2 GB. With 64-bit hashes, a text of 1,000 n-grams checked against 100 million
/// indexed ones falsely matches any of them with odds of about 1 in 200 million.
///
/// A text shorter than n words adds no n-grams, only its fingerprint: it can be found as an exact
/// match, never inside a longer text. A query text shorter than n words counts as one gram, matched
/// when the text is an exact match. Lower n (GPT-3 used the 5th percentile of an evaluation set's
/// lengths in words, kept between 8 and 13) when many indexed texts are short.
///
/// The index is a value: once built, copies share its storage and can be read from any number of
/// threads at once.
public struct NGramOverlapIndex: Sendable {
    /// The n-gram length in words.
    public let n: Int
    private var grams: HashSet64
    private var fingerprints = HashSet64()
    /// The number of texts added.
    public private(set) var textCount = 0

    /// An empty index of `n`-word grams (13 by default, as GPT-3's decontamination used), with room
    /// for `expectedNGrams` distinct n-grams before its table grows.
    public init(n: Int = 13, expectedNGrams: Int = 0) {
        precondition(n >= 1, "an n-gram needs at least one word")
        self.n = n
        grams = HashSet64(capacity: expectedNGrams)
    }

    /// The number of distinct n-grams held.
    public var ngramCount: Int { grams.count }

    /// The bytes the index's tables take.
    public var byteCount: Int { grams.byteCount + fingerprints.byteCount }

    /// Adds the n-grams and the fingerprint of `text`. A text with no words adds nothing.
    public mutating func add(_ text: String) {
        var words: [UInt64] = []
        WordTokens.forEachHash(in: text) { words.append($0) }
        textCount += 1
        guard !words.isEmpty else { return }
        fingerprints.insert(TextFingerprint.of(text))
        if words.count >= n {
            for start in 0...(words.count - n) { grams.insert(Self.hash(words[start..<start + n])) }
        }
    }

    /// How much of `text` the index holds.
    public func overlap(of text: String) -> NGramOverlap {
        var words: [UInt64] = []
        var spans: [Range<Int>] = []
        WordTokens.forEachSpan(in: text) { hash, bytes in
            words.append(hash)
            spans.append(bytes)
        }
        guard !words.isEmpty else { return NGramOverlap(ngrams: 0, matched: 0, exact: false, passage: nil) }
        let exact = fingerprints.contains(TextFingerprint.of(text))
        guard words.count >= n else {
            return NGramOverlap(ngrams: 1, matched: exact ? 1 : 0, exact: exact, passage: exact ? text : nil)
        }
        let ngrams = words.count - n + 1
        var matched = 0
        var run = 0
        var longest = (start: 0, count: 0)
        for start in 0..<ngrams {
            guard grams.contains(Self.hash(words[start..<start + n])) else {
                run = 0
                continue
            }
            matched += 1
            run += 1
            if run > longest.count { longest = (start - run + 1, run) }
        }
        var passage: String? = nil
        if longest.count > 0 {
            let bytes = spans[longest.start].lowerBound..<spans[longest.start + longest.count + n - 2].upperBound
            let utf8 = text.utf8
            passage = String(
                text[utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)])
        }
        return NGramOverlap(ngrams: ngrams, matched: matched, exact: exact, passage: passage)
    }

    /// The hash of one n-gram from its word hashes.
    @inline(__always) private static func hash(_ words: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x1319_8A2E_0370_7344
        for word in words { h = TextFingerprint.mix(h ^ word) }
        return TextFingerprint.finalize(h)
    }
}
