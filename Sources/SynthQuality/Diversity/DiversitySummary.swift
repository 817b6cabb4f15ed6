import SynthCore

/// Measures lexical diversity of the kept records: distinct-1, distinct-2 and distinct-3 (distinct n-grams over
/// all n-grams, on lower-cased word tokens) and text length. Keeps every record.
public struct DiversitySummary: StreamStage {
    public let name = "diversity"
    private var unigrams = DistinctCounter()
    private var bigrams = DistinctCounter()
    private var trigrams = DistinctCounter()
    private var tokenCount = 0
    private var bigramCount = 0
    private var trigramCount = 0
    private var records = 0
    private var totalChars = 0
    private var minChars = Int.max
    private var maxChars = 0

    /// An empty summary.
    public init() {}

    public mutating func process(_ record: inout Record) -> Verdict {
        add(record.readableText)
        return .keep
    }

    /// Counts the n-grams and length of one record's readable text.
    public mutating func add(_ text: String) {
        records += 1
        // Unicode scalars, counted as the UTF-8 bytes that start one (faster than walking the scalars).
        var utf8 = text
        let chars = utf8.withUTF8 { $0.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }
        totalChars += chars
        minChars = min(minChars, chars)
        maxChars = max(maxChars, chars)
        var previous: UInt64? = nil
        var previousPair: UInt64? = nil
        WordTokens.forEachHash(in: text) { hash in
            tokenCount += 1
            unigrams.insert(hash)
            if let pair = previousPair {
                trigramCount += 1
                trigrams.insert(TextFingerprint.finalize((pair &+ 0x632B_E59B_D9B4_E019) &* 0x9E37_79B9_7F4A_7C15 ^ hash))
            }
            if let p = previous {
                bigramCount += 1
                let pair = p &* 0x9E37_79B9_7F4A_7C15 ^ hash
                bigrams.insert(TextFingerprint.finalize(pair))
                previousPair = pair
            }
            previous = hash
        }
    }

    /// Adds the counts of `other` (a summary of other records) to these, as if this had seen its records too.
    public mutating func merge(_ other: DiversitySummary) {
        unigrams.merge(other.unigrams)
        bigrams.merge(other.bigrams)
        trigrams.merge(other.trigrams)
        tokenCount += other.tokenCount
        bigramCount += other.bigramCount
        trigramCount += other.trigramCount
        records += other.records
        totalChars += other.totalChars
        minChars = min(minChars, other.minChars)
        maxChars = max(maxChars, other.maxChars)
    }

    /// Distinct unigrams over all unigrams.
    public var distinct1: Double { tokenCount == 0 ? 0 : Double(unigrams.count) / Double(tokenCount) }
    /// Distinct bigrams over all bigrams (bigrams do not cross records).
    public var distinct2: Double { bigramCount == 0 ? 0 : Double(bigrams.count) / Double(bigramCount) }
    /// Distinct trigrams over all trigrams (trigrams do not cross records).
    public var distinct3: Double { trigramCount == 0 ? 0 : Double(trigrams.count) / Double(trigramCount) }

    public func report() -> StageReport {
        StageReport(
            stage: name,
            figures: [
                ("distinct-1", distinct1), ("distinct-2", distinct2), ("distinct-3", distinct3),
                ("exact", unigrams.isExact && bigrams.isExact && trigrams.isExact ? 1 : 0),
                ("tokens", Double(tokenCount)),
                ("mean-chars", records == 0 ? 0 : Double(totalChars) / Double(records)),
                ("min-chars", records == 0 ? 0 : Double(minChars)), ("max-chars", Double(maxChars)),
            ]
        )
    }
}

/// Word tokens: maximal runs of letters and digits (any non-ASCII byte counts as a letter),
/// ASCII lower-cased.
public enum WordTokens {
    /// Calls `body` with the hash of each token of `text`, in order.
    public static func forEachHash(in text: String, _ body: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var h: UInt64 = 0
            var inWord = false
            for var byte in utf8 {
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if isWordByte(byte) {
                    if !inWord {
                        h = 0xcbf2_9ce4_8422_2325
                        inWord = true
                    }
                    h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                } else if inWord {
                    body(TextFingerprint.finalize(h))
                    inWord = false
                }
            }
            if inWord { body(TextFingerprint.finalize(h)) }
        }
    }

    /// The tokens of `text`, lower-cased.
    public static func tokens(in text: String) -> [String] {
        var out: [String] = []
        var text = text
        text.withUTF8 { utf8 in
            var start = -1
            var upper = false
            for i in 0...utf8.count {
                let byte = i < utf8.count ? utf8[i] : 0x20
                if byte >= 0x41 && byte <= 0x5A {
                    upper = true
                } else if !isWordByte(byte) {
                    if start >= 0 {
                        let token = UnsafeBufferPointer(rebasing: utf8[start..<i])
                        out.append(
                            upper
                                ? String(decoding: token.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
                                : String(decoding: token, as: UTF8.self))
                        start = -1
                        upper = false
                    }
                    continue
                }
                if start < 0 { start = i }
            }
        }
        return out
    }

    /// Letters and digits (ASCII lower-case) and every byte of a non-ASCII character.
    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
}
