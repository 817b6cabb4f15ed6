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
    public static func words(_ text: String) -> [Word] {
        let scalars = Array(text.unicodeScalars)
        // Raw tokens: runs of letters, digits and look-alike symbols.
        var tokens: [Word] = []
        var i = 0
        while i < scalars.count {
            guard isWordish(scalars[i]) else {
                i += 1
                continue
            }
            let start = i
            var raw = String.UnicodeScalarView()
            while i < scalars.count, isWordish(scalars[i]) {
                raw.append(scalars[i])
                i += 1
            }
            tokens.append(Word(text: String(raw), start: start, end: i))
        }
        // Merge three or more single characters split by one separator each into one word.
        var merged: [Word] = []
        var k = 0
        while k < tokens.count {
            // The same separator all the way ("a l.o.s.e.r" spells "loser", not "aloser").
            var j = k
            let separator = tokens[k].end < scalars.count ? scalars[tokens[k].end] : " "
            while j + 1 < tokens.count, tokens[j].text.count == 1, tokens[j + 1].text.count == 1,
                tokens[j + 1].start - tokens[j].end == 1, scalars[tokens[j].end] == separator, isSeparator(separator)
            {
                j += 1
            }
            if j - k >= 2 {
                merged.append(Word(text: tokens[k...j].map(\.text).joined(), start: tokens[k].start, end: tokens[j].end))
                k = j + 1
            } else {
                merged.append(tokens[k])
                k += 1
            }
        }
        return merged.map { Word(text: normalize($0.text), start: $0.start, end: $0.end) }
    }

    /// One word lower-cased, with look-alikes mapped and letters repeated three or more times cut to one.
    public static func normalize(_ word: String) -> String {
        var chars = word.lowercased().map { lookAlikes[$0] ?? $0 }
        // Trailing "!" or "1" are more often emphasis than letters ("idiot!!" was split already).
        var out: [Character] = []
        var i = 0
        while i < chars.count {
            var j = i
            while j + 1 < chars.count, chars[j + 1] == chars[i] { j += 1 }
            let run = j - i + 1
            out.append(contentsOf: Array(repeating: chars[i], count: run >= 3 ? 1 : run))
            i = j + 1
        }
        chars = out
        return String(chars)
    }

    private static func isWordish(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s) || "@$|+".unicodeScalars.contains(s)
    }

    private static func isSeparator(_ s: Unicode.Scalar) -> Bool { ".-_* ".unicodeScalars.contains(s) }
}
