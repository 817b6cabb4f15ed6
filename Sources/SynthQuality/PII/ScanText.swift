/// A text as an array of Unicode scalars, so offsets agree with NER spans, plus the small
/// character tests every detector needs.
struct ScanText {
    let scalars: [Unicode.Scalar]
    /// The scalars with ASCII letters lowercased, for context words.
    let lower: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        lower = scalars.map { s in (s.value >= 65 && s.value <= 90) ? Unicode.Scalar(s.value + 32)! : s }
    }

    var count: Int { scalars.count }

    subscript(i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    func string(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    func match(_ type: PIIType, _ start: Int, _ end: Int) -> PIIMatch {
        PIIMatch(type: type, start: start, end: end, text: string(start, end))
    }

    func isDigit(_ i: Int) -> Bool { self[i].map(Self.isDigit) ?? false }
    func isLetter(_ i: Int) -> Bool { self[i].map(Self.isLetter) ?? false }
    func isUpper(_ i: Int) -> Bool { self[i].map { $0.properties.isUppercase } ?? false }
    func isAlnum(_ i: Int) -> Bool { isDigit(i) || isLetter(i) }
    func isSpace(_ i: Int) -> Bool { self[i].map { $0.properties.isWhitespace } ?? false }
    func has(_ i: Int, _ c: Unicode.Scalar) -> Bool { self[i] == c }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
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
            guard j < count, lower[j] == s else { return false }
            j += 1
        }
        return true
    }

    /// True when one of `words` occurs as a whole word in the lowercased text `window`
    /// scalars before `i` (and not after a sentence end in that window when `sameSentence`).
    func contextBefore(_ i: Int, window: Int, words: [String]) -> Bool {
        let lo = max(0, i - window)
        for word in words {
            let w = Array(word.unicodeScalars)
            guard w.count <= i - lo else { continue }
            var j = lo
            while j + w.count <= i {
                if lower[j] == w[0], hasLower(word, at: j), !isAlnum(j - 1) || !Self.isLetter(w[0]),
                    !isLetter(j + w.count) || !Self.isLetter(w[w.count - 1])
                {
                    return true
                }
                j += 1
            }
        }
        return false
    }
}
