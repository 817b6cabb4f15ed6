/// Undoes the usual disguises of offensive words before matching: case, look-alike digits and
/// symbols ("1d10t", "@ss"), stretched letters ("stuuupid") and letters spelled out one by one
/// with dots, dashes, stars or spaces between them ("i.d.i.o.t", "i d i o t").
public enum TextNormalizer {
    /// A word of the text after normalising, with the Unicode scalar range it came from.
    public struct Word: Sendable, Equatable {
        /// The normalised word.
        public var text: String
        /// Where it starts in the original text.
        public var start: Int
        /// Where it ends in the original text.
        public var end: Int
    }

    /// The normalised words of `text`, in order.
    ///
    /// Works on UTF-8 bytes: ASCII letters, digits and look-alike symbols make words, and any
    /// non-ASCII character counts as a letter (as `WordTokens` does), so it runs at memory speed.
    public static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        forEachWord(in: text) { bytes, start, end in
            words.append(Word(text: String(decoding: bytes, as: UTF8.self), start: start, end: end))
        }
        return words
    }

    /// A run of word bytes in the text: its byte range, its scalar range and the byte after it.
    private struct Token {
        var from: Int
        var to: Int
        var start: Int
        var end: Int
        /// The byte that ends the token, or −1 at the end of the text.
        var separator: Int
    }

    /// Calls `body` with each normalised word's bytes and the scalar range it came from, in order,
    /// building no strings (the bytes are only valid during the call).
    static func forEachWord(in text: String, _ body: (UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var tokens: [Token] = []
            tokens.reserveCapacity(utf8.count / 4 + 1)
            var from = -1
            var start = 0
            var scalar = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                if byte >= 0x80 || isWordByte(byte) {
                    if from < 0 {
                        from = i
                        start = scalar
                    }
                } else if from >= 0 {
                    tokens.append(Token(from: from, to: i, start: start, end: scalar, separator: Int(byte)))
                    from = -1
                }
                if byte & 0xC0 != 0x80 { scalar += 1 }
            }
            if from >= 0 { tokens.append(Token(from: from, to: utf8.count, start: start, end: scalar, separator: -1)) }

            // Merged letters go to the first half of the scratch space, normalised words to the second.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * utf8.count) { scratch in
                let joined = UnsafeMutableBufferPointer(rebasing: scratch[0..<utf8.count])
                let normal = UnsafeMutableBufferPointer(rebasing: scratch[utf8.count...])
                var k = 0
                while k < tokens.count {
                    // Merge three or more single characters split by the same one separator ("l.o.s.e.r").
                    var j = k
                    let separator = tokens[k].separator
                    if separator >= 0 && isSeparatorByte(UInt8(separator)) {
                        while j + 1 < tokens.count, tokens[j].to - tokens[j].from == 1, tokens[j + 1].to - tokens[j + 1].from == 1,
                            tokens[j + 1].start - tokens[j].end == 1, tokens[j].separator == separator
                        {
                            j += 1
                        }
                    }
                    let count: Int
                    if j - k >= 2 {
                        for m in k...j { joined[m - k] = utf8[tokens[m].from] }
                        count = normalize(UnsafeBufferPointer(rebasing: joined[0...(j - k)]), into: normal)
                    } else {
                        j = k
                        count = normalize(UnsafeBufferPointer(rebasing: utf8[tokens[k].from..<tokens[k].to]), into: normal)
                    }
                    body(UnsafeBufferPointer(rebasing: normal[0..<count]), tokens[k].start, tokens[j].end)
                    k = j + 1
                }
            }
        }
    }

    /// Writes a word's bytes lower-cased, with look-alikes mapped and runs of three or more cut to
    /// one, to `out` (as long as `bytes` or longer), and returns how many it wrote.
    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        while i < bytes.count {
            let c = mapped(bytes[i])
            var j = i
            while j + 1 < bytes.count, mapped(bytes[j + 1]) == c { j += 1 }
            let run = j - i + 1
            for _ in 0..<(run >= 3 && c < 0x80 ? 1 : run) {
                out[n] = c
                n += 1
            }
            i = j + 1
        }
        return n
    }

    @inline(__always) private static func mapped(_ b: UInt8) -> UInt8 {
        switch b {
        case 0x41...0x5A: return b | 0x20
        case UInt8(ascii: "0"): return UInt8(ascii: "o")
        case UInt8(ascii: "1"), UInt8(ascii: "|"): return UInt8(ascii: "i")
        case UInt8(ascii: "3"): return UInt8(ascii: "e")
        case UInt8(ascii: "4"), UInt8(ascii: "@"): return UInt8(ascii: "a")
        case UInt8(ascii: "5"), UInt8(ascii: "$"): return UInt8(ascii: "s")
        case UInt8(ascii: "7"), UInt8(ascii: "+"): return UInt8(ascii: "t")
        default: return b
        }
    }

    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "@")
            || b == UInt8(ascii: "$") || b == UInt8(ascii: "|") || b == UInt8(ascii: "+")
    }

    @inline(__always) private static func isSeparatorByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "*") || b == 0x20
    }
}
