/// A text as an array of Unicode scalars, so offsets agree with NER spans, plus the small
/// character tests every detector needs.
///
/// The tests are answered from a class byte per scalar, computed once: ASCII from a table and
/// other scalars from their Unicode properties, so the detectors' many look-ups cost an array read.
struct ScanText {
    let scalars: [Unicode.Scalar]
    /// Per scalar, the `digit`, `letter`, `upper` and `space` bits.
    private let classes: [UInt8]
    /// The number of ASCII digits, so detectors of numbers can skip texts without any.
    let digitCount: Int
    /// The number of colons, so the IPv6 detector can skip texts with fewer than two.
    let colonCount: Int
    /// The runs of ASCII letters that start a word (no letter or digit before them), with the key
    /// of their lower-cased letters: the only places a context word can start.
    let wordRuns: [(start: Int, key: UInt64)]

    private static let digit: UInt8 = 1
    private static let letter: UInt8 = 2
    private static let upper: UInt8 = 4
    private static let space: UInt8 = 8

    private static let asciiClasses: [UInt8] = (0..<128).map { v in
        let s = Unicode.Scalar(UInt8(v))
        return (v >= 48 && v <= 57 ? digit : 0) | (s.properties.isAlphabetic ? letter : 0) | (s.properties.isUppercase ? upper : 0)
            | (s.properties.isWhitespace ? space : 0)
    }

    init(_ text: String) {
        var text = text
        let capacity = text.utf8.count
        var classes: [UInt8] = []
        var digits = 0
        var colons = 0
        var runs: [(start: Int, key: UInt64)] = []
        let asciiClasses = Self.asciiClasses
        scalars = text.withUTF8 { utf8 in
            [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { out, initialized in
                classes = [UInt8](unsafeUninitializedCapacity: capacity) { classOut, classInitialized in
                    var n = 0
                    var i = 0
                    var runKey: UInt64 = 0
                    var runStart = 0
                    // 0 outside a run of ASCII letters, 1 in one that starts a word, 2 in one that does not.
                    var run = 0
                    while i < utf8.count {
                        let b = utf8[i]
                        let s: Unicode.Scalar
                        let c: UInt8
                        if b < 0x80 {
                            s = Unicode.Scalar(b)
                            c = asciiClasses[Int(b)]
                            if c & Self.digit != 0 { digits += 1 }
                            if b == UInt8(ascii: ":") { colons += 1 }
                            i += 1
                        } else {
                            var v = UInt32(b)
                            let width = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                            v &= width == 4 ? 0x07 : width == 3 ? 0x0F : 0x1F
                            for k in 1..<width { v = v << 6 | UInt32(utf8[i + k] & 0x3F) }
                            s = Unicode.Scalar(v)!
                            let p = s.properties
                            c = (p.isAlphabetic ? Self.letter : 0) | (p.isUppercase ? Self.upper : 0) | (p.isWhitespace ? Self.space : 0)
                            i += width
                        }
                        if b < 0x80 && c & Self.letter != 0 {
                            if run == 0 {
                                run = n == 0 || classOut[n - 1] & (Self.digit | Self.letter) == 0 ? 1 : 2
                                runStart = n
                                runKey = Self.keySeed
                            }
                            runKey = Self.key(runKey, b | 0x20)
                        } else if run != 0 {
                            if run == 1 { runs.append((runStart, runKey)) }
                            run = 0
                        }
                        out[n] = s
                        classOut[n] = c
                        n += 1
                    }
                    if run == 1 { runs.append((runStart, runKey)) }
                    initialized = n
                    classInitialized = n
                }
            }
        }
        self.classes = classes
        digitCount = digits
        colonCount = colons
        wordRuns = runs
    }

    static let keySeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// `key` extended by one lower-case ASCII letter (FNV-1a).
    @inline(__always) static func key(_ key: UInt64, _ letter: UInt8) -> UInt64 { (key ^ UInt64(letter)) &* 0x0000_0100_0000_01B3 }

    @inline(__always) static func isLowerASCIILetter(_ s: Unicode.Scalar) -> Bool { s.value >= 97 && s.value <= 122 }

    /// The scalar at `i` with ASCII letters lower-cased.
    @inline(__always) func lower(_ i: Int) -> Unicode.Scalar {
        classes[i] & Self.upper != 0 && scalars[i].value < 128 ? Unicode.Scalar(UInt8(scalars[i].value) | 0x20) : scalars[i]
    }

    var count: Int { scalars.count }

    subscript(i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    func string(_ start: Int, _ end: Int) -> String {
        var width = 0
        for k in start..<end { width += UTF8.width(scalars[k]) }
        return String(unsafeUninitializedCapacity: width) { out in
            var n = 0
            for k in start..<end {
                let s = scalars[k]
                if s.value < 0x80 {
                    out[n] = UInt8(s.value)
                    n += 1
                } else {
                    for byte in UTF8.encode(s)! {
                        out[n] = byte
                        n += 1
                    }
                }
            }
            return n
        }
    }

    func match(_ type: PIIType, _ start: Int, _ end: Int) -> PIIMatch {
        PIIMatch(type: type, start: start, end: end, text: string(start, end))
    }

    @inline(__always) private func classOf(_ i: Int) -> UInt8 { i >= 0 && i < classes.count ? classes[i] : 0 }

    func isDigit(_ i: Int) -> Bool { classOf(i) & Self.digit != 0 }
    func isLetter(_ i: Int) -> Bool { classOf(i) & Self.letter != 0 }
    func isUpper(_ i: Int) -> Bool { classOf(i) & Self.upper != 0 }
    func isAlnum(_ i: Int) -> Bool { classOf(i) & (Self.digit | Self.letter) != 0 }
    func isSpace(_ i: Int) -> Bool { classOf(i) & Self.space != 0 }
    func has(_ i: Int, _ c: Unicode.Scalar) -> Bool { i >= 0 && i < scalars.count && scalars[i] == c }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.value < 128 ? asciiClasses[Int(s.value)] & letter != 0 : s.properties.isAlphabetic
    }
    static func isHex(_ s: Unicode.Scalar) -> Bool {
        isDigit(s) || (s.value >= 65 && s.value <= 70) || (s.value >= 97 && s.value <= 102)
    }

    /// The digits in `start..<end`, as numbers.
    func digits(_ start: Int, _ end: Int) -> [Int] {
        scalars[start..<end].compactMap { Self.isDigit($0) ? Int($0.value - 48) : nil }
    }

    /// The end of the run of digits starting at `i`.
    func digitRunEnd(from i: Int) -> Int {
        var j = i
        while isDigit(j) { j += 1 }
        return j
    }

    /// The end of the word (letters, apostrophes, inner hyphens) starting at `i`.
    func wordEnd(from i: Int) -> Int {
        var j = i
        while j < count {
            if isLetter(j) {
                j += 1
            } else if (has(j, "'") || has(j, "-") || has(j, "\u{2019}")) && isLetter(j + 1) && j > i {
                j += 1
            } else {
                break
            }
        }
        return j
    }

    /// True when the lowercased text at `i` starts with `word`.
    func hasLower(_ word: String, at i: Int) -> Bool {
        var j = i
        for s in word.unicodeScalars {
            guard j < count, lower(j) == s else { return false }
            j += 1
        }
        return true
    }

    /// True when the lowercased text at `i` starts with word `w` of `list`.
    func hasLower(_ list: ContextWords, _ w: Int, at i: Int) -> Bool {
        let word = list.info[w]
        guard i >= 0, i + word.length <= count else { return false }
        for k in 0..<word.length where lower(i + k) != list.scalars[word.offset + k] { return false }
        return true
    }

    /// Calls `body` with each word of `list` (its position in `list.info`) and each place it may
    /// start: a word-start run of ASCII letters equal to the word's first run of letters.
    ///
    /// Every match of a context word is among these: a word starts with an ASCII letter, no letter
    /// or digit may precede it, and its first run of letters ends where the text's run ends (the
    /// word goes on with a non-letter, or ends and must not be followed by a letter).
    func forEachCandidate(of list: ContextWords, _ body: (_ word: Int, _ at: Int) -> Void) {
        precondition(list.startWithLetters, "context words found by their runs start with a lower-case ASCII letter")
        for run in wordRuns where list.mayStart(run.key) {
            for w in list.info.indices where list.info[w].key == run.key { body(w, run.start) }
        }
    }

    /// Where the words of `list` occur as whole words in the lowercased text.
    ///
    /// A word counts as whole when no letter or digit comes right before it (if it starts with a
    /// letter) and no letter right after it (if it ends with one).
    func occurrences(of list: ContextWords) -> [(start: Int, end: Int)] {
        var found: [(start: Int, end: Int)] = []
        forEachCandidate(of: list) { w, j in
            if isWhole(list, w, at: j) { found.append((j, j + list.info[w].length)) }
        }
        return found
    }

    /// True when word `w` of `list` occurs at `j` as a whole word (see `occurrences(of:)`).
    private func isWhole(_ list: ContextWords, _ w: Int, at j: Int) -> Bool {
        let word = list.info[w]
        return lower(j) == word.first && hasLower(list, w, at: j) && (!word.startsWithLetter || !isAlnum(j - 1))
            && (!word.endsWithLetter || !isLetter(j + word.length))
    }

    /// True when one of `list` occurs as a whole word in the lowercased text `window` scalars before `i`.
    func contextBefore(_ i: Int, window: Int, words list: ContextWords) -> Bool {
        let lo = max(0, i - window)
        for w in list.info.indices where list.info[w].length <= i - lo {
            for j in lo...(i - list.info[w].length) where isWhole(list, w, at: j) { return true }
        }
        return false
    }
}

/// Context words ("dob", "my name is") lower-cased as scalars, stored flat so that matching them
/// touches no nested arrays.
struct ContextWords: Sendable {
    /// Where a word's scalars are in `scalars`, and what its ends are.
    struct Info: Sendable {
        /// The word's position in the list it was made from.
        var index: Int
        var offset: Int
        var length: Int
        var first: Unicode.Scalar
        var startsWithLetter: Bool
        var endsWithLetter: Bool
        /// `ScanText.key` of the word's first run of ASCII letters.
        var key: UInt64
    }

    let info: [Info]
    /// Every word's scalars, one word after another.
    let scalars: [Unicode.Scalar]
    /// Bit `key % 64` is set for the key of each word, to pass over most runs with one test.
    private let keyBits: UInt64
    /// True when every word starts with a lower-case ASCII letter, so runs of letters find them all.
    let startWithLetters: Bool

    /// The words `words` (lower-case).
    init(_ words: [String]) {
        var info: [Info] = []
        var scalars: [Unicode.Scalar] = []
        for (index, word) in words.enumerated() {
            let w = Array(word.unicodeScalars)
            info.append(
                Info(
                    index: index, offset: scalars.count, length: w.count, first: w[0], startsWithLetter: ScanText.isLetter(w[0]),
                    endsWithLetter: ScanText.isLetter(w[w.count - 1]),
                    key: w.prefix(while: ScanText.isLowerASCIILetter).reduce(ScanText.keySeed) { ScanText.key($0, UInt8($1.value)) }))
            scalars += w
        }
        self.info = info
        self.scalars = scalars
        keyBits = info.reduce(0) { $0 | 1 << ($1.key % 64) }
        startWithLetters = info.allSatisfy { ScanText.isLowerASCIILetter($0.first) }
    }

    /// False when no word has first run `key`.
    @inline(__always) func mayStart(_ key: UInt64) -> Bool { keyBits & (1 << (key % 64)) != 0 }
}

/// Whole-word occurrences of context words in one text, found once and then asked about often.
struct ContextIndex {
    private let found: [(start: Int, end: Int)]

    init(_ text: ScanText, _ list: ContextWords) { found = text.occurrences(of: list) }

    /// True when the words occur anywhere.
    var any: Bool { !found.isEmpty }

    /// True when an occurrence lies wholly within the `window` scalars before `i`.
    func before(_ i: Int, window: Int) -> Bool {
        let lo = max(0, i - window)
        return found.contains { $0.start >= lo && $0.end <= i }
    }
}
