/// Undoes the usual disguises of offensive words before matching: case, look-alike digits and
/// symbols ("1d10t", "@ss"), stretched letters ("stuuupid") and letters spelled out one by one
/// with dots, dashes, stars or spaces between them ("i.d.i.o.t", "i d i o t").
public enum TextNormalizer {
    private static let lookAlikes: [Character: Character] = [
        "0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t", "+": "t",
    ]

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
        var tokens: [(bytes: [UInt8], start: Int, end: Int, separatorAfter: UInt8?)] = []
        var current: [UInt8] = []
        var start = 0
        var scalar = 0
        var utf8 = Array(text.utf8)
        utf8.append(0x20)
        for (i, byte) in utf8.enumerated() {
            let isContinuation = byte & 0xC0 == 0x80
            let wordish = byte >= 0x80 || isWordByte(byte)
            if wordish {
                if current.isEmpty { start = scalar }
                current.append(byte)
            } else if !current.isEmpty {
                tokens.append((current, start, scalar, i < utf8.count - 1 ? byte : nil))
                current.removeAll(keepingCapacity: true)
            }
            if !isContinuation { scalar += 1 }
        }
        // Merge three or more single characters split by the same one separator ("l.o.s.e.r").
        var words: [Word] = []
        var k = 0
        while k < tokens.count {
            var j = k
            let separator = tokens[k].separatorAfter
            while j + 1 < tokens.count, tokens[j].bytes.count == 1, tokens[j + 1].bytes.count == 1,
                tokens[j + 1].start - tokens[j].end == 1, let sep = separator, tokens[j].separatorAfter == sep, isSeparatorByte(sep)
            {
                j += 1
            }
            if j - k >= 2 {
                words.append(Word(text: normalize(bytes: tokens[k...j].flatMap(\.bytes)), start: tokens[k].start, end: tokens[j].end))
                k = j + 1
            } else {
                words.append(Word(text: normalize(bytes: tokens[k].bytes), start: tokens[k].start, end: tokens[k].end))
                k += 1
            }
        }
        return words
    }

    /// A word's bytes lower-cased, with look-alikes mapped and runs of three or more cut to one.
    static func normalize(bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let c = mapped(bytes[i])
            var j = i
            while j + 1 < bytes.count, mapped(bytes[j + 1]) == c { j += 1 }
            let run = j - i + 1
            out.append(contentsOf: repeatElement(c, count: run >= 3 && c < 0x80 ? 1 : run))
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
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
