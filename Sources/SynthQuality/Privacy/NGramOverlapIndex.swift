/// The word n-grams and whole-text fingerprints of a set of texts, to find out how much of a new
/// text copies them: the reference data a synthetic set must not memorise, or an evaluation set it
/// must not contain.
///
/// Words are `WordTokens` (runs of letters and digits, lower-cased), so case, punctuation and
/// spacing do not hide a copy. Each n-gram is kept as a 64-bit hash in one flat table (8 bytes
/// per slot, at most 0.7 full): a million reference texts of 100 words, 88 million distinct
/// 13-grams, took a 1.1 GB table and 1.6 GB at peak while it grew. With 64-bit hashes, a text of 1,000 n-grams checked against 100 million
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
    /// base^(n − 1), the weight of the word that leaves the rolling window.
    private let leadingPower: UInt64

    /// An empty index of `n`-word grams (13 by default, as GPT-3's decontamination used), with room
    /// for `expectedNGrams` distinct n-grams before its table grows.
    public init(n: Int = 13, expectedNGrams: Int = 0) {
        precondition(n >= 1, "an n-gram needs at least one word")
        self.n = n
        grams = HashSet64(capacity: expectedNGrams)
        var power: UInt64 = 1
        for _ in 1..<n { power = power &* Self.base }
        leadingPower = power
    }

    /// The number of distinct n-grams held.
    public var ngramCount: Int { grams.count }

    /// The bytes the index's tables take.
    public var byteCount: Int { grams.byteCount + fingerprints.byteCount }

    /// Adds the n-grams and the fingerprint of `text`. A text with no words adds nothing.
    public mutating func add(_ text: String) {
        textCount += 1
        let words = Self.words(of: text)
        guard !words.isEmpty else { return }
        fingerprints.insert(TextFingerprint.of(text))
        var hashes: [UInt64] = []
        hashes.reserveCapacity(max(0, words.count - n + 1))
        forEachGram(of: words) { hashes.append($0) }
        grams.insert(contentsOf: hashes)
    }

    /// How much of `text` the index holds.
    public func overlap(of text: String) -> NGramOverlap {
        let words = Self.words(of: text)
        guard !words.isEmpty else { return NGramOverlap(ngrams: 0, matched: 0, exact: false, passage: nil) }
        let exact = fingerprints.contains(TextFingerprint.of(text))
        guard words.count >= n else {
            return NGramOverlap(ngrams: 1, matched: exact ? 1 : 0, exact: exact, passage: exact ? text : nil)
        }
        var matched = 0
        var position = 0
        var run = 0
        var longest = (start: 0, count: 0)
        forEachGram(of: words) { hash in
            if grams.contains(hash) {
                matched += 1
                run += 1
                if run > longest.count { longest = (position - run + 1, run) }
            } else {
                run = 0
            }
            position += 1
        }
        let passage = longest.count == 0 ? nil : Self.passage(of: text, words: longest.start..<longest.start + longest.count + n - 1)
        return NGramOverlap(ngrams: words.count - n + 1, matched: matched, exact: exact, passage: passage)
    }

    /// The hashes of the words of `text`.
    private static func words(of text: String) -> [UInt64] {
        var words: [UInt64] = []
        WordTokens.forEachHash(in: text) { words.append($0) }
        return words
    }

    /// Calls `body` with the hash of each n-gram of `words`, in order.
    ///
    /// An n-gram's hash is the polynomial Σ wᵢ·Bⁿ⁻¹⁻ⁱ of its word hashes (mod 2⁶⁴), rolled one
    /// word along at a time so each n-gram costs the same whatever n is, then mixed.
    private func forEachGram(of words: [UInt64], _ body: (UInt64) -> Void) {
        guard words.count >= n else { return }
        var h: UInt64 = 0
        for word in words[..<n] { h = h &* Self.base &+ word }
        body(TextFingerprint.finalize(h))
        for i in n..<words.count {
            h = (h &- words[i - n] &* leadingPower) &* Self.base &+ words[i]
            body(TextFingerprint.finalize(h))
        }
    }

    /// The text of the words in `range` as written in `text`, from the first word's first byte to
    /// the last word's last.
    private static func passage(of text: String, words range: Range<Int>) -> String {
        var bytes = 0..<0
        var word = 0
        WordTokens.forEachSpan(in: text) { _, span in
            if word == range.lowerBound { bytes = span }
            if word == range.upperBound - 1 { bytes = bytes.lowerBound..<span.upperBound }
            word += 1
        }
        let utf8 = text.utf8
        return String(
            text[utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)])
    }

    /// The polynomial's base: odd, so multiplying by it loses no bits.
    private static let base: UInt64 = 0x9E37_79B9_7F4A_7C15
}
