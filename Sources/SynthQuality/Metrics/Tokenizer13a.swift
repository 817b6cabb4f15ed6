/// sacrebleu's default `13a` tokenizer (mteval-v13a), done on UTF-8 bytes: the same tokens as
/// `Tokenizer13a()(line.rstrip())`, turned into interned ids.
struct Tokenizer13a {
    // The line is rewritten back and forth between two buffers; `length` bytes of `a` are valid.
    private var a: [UInt8] = []
    private var b: [UInt8] = []
    private var length = 0

    /// Appends the ids of the tokens of `text` to `ids`.
    mutating func appendTokens(of text: String, to ids: inout [UInt32], interner: inout TokenInterner) {
        var text = text
        text.withUTF8 { load($0) }
        rstrip()
        if a[..<length].contains(where: { $0 == 0x3C || $0 == 0x0A || $0 == 0x26 }) { replaceMarkup() }
        // `f' {line} '`, then the four regular expressions, each a single left-to-right pass like re.sub.
        var hasPeriodOrComma = false
        var hasDash = false
        rewrite(growth: 3) { line, out in
            var n = 0
            out[n] = 0x20
            n += 1
            for c in line {
                // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> " \1 ": ASCII punctuation but ' , - .
                if Self.isIsolatedPunctuation(c) {
                    out[n] = 0x20
                    out[n + 1] = c
                    out[n + 2] = 0x20
                    n += 3
                } else {
                    if c == 0x2E || c == 0x2C { hasPeriodOrComma = true }
                    if c == 0x2D { hasDash = true }
                    out[n] = c
                    n += 1
                }
            }
            out[n] = 0x20
            return n + 1
        }
        if hasPeriodOrComma {
            // ([^0-9])([\.,]) -> "\1 \2 "
            pass(spaceFirst: false) { c, next in !Self.isDigit(c) && (next == 0x2E || next == 0x2C) }
            // ([\.,])([^0-9]) -> " \1 \2"
            pass(spaceFirst: true) { c, next in (c == 0x2E || c == 0x2C) && !Self.isDigit(next) }
        }
        // ([0-9])(-) -> "\1 \2 "
        if hasDash { pass(spaceFirst: false) { c, next in Self.isDigit(c) && next == 0x2D } }
        split(&ids, &interner)
    }

    private mutating func load(_ buffer: UnsafeBufferPointer<UInt8>) {
        if a.count < buffer.count { a = [UInt8](repeating: 0, count: buffer.count * 2) }
        a.withUnsafeMutableBufferPointer { a in _ = a.initialize(fromContentsOf: buffer) }
        length = buffer.count
    }

    /// Rewrites the line into the other buffer: `body` writes at most `growth` bytes per input byte,
    /// plus two, and returns how many it wrote.
    private mutating func rewrite(
        growth: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Int
    ) {
        let needed = length * growth + 2
        if b.count < needed { b = [UInt8](repeating: 0, count: needed * 2) }
        let n = length
        length = a.withUnsafeBufferPointer { line in
            b.withUnsafeMutableBufferPointer { out in body(UnsafeBufferPointer(rebasing: line[..<n]), out.baseAddress!) }
        }
        swap(&a, &b)
    }

    /// Python's `str.rstrip()`: drops trailing Unicode whitespace.
    private mutating func rstrip() {
        let line = a[..<length]
        var end = length
        while end > 0 {
            if Self.whitespaceLength(line, end - 1) == 1 {
                end -= 1
            } else if end >= 2 && Self.whitespaceLength(line, end - 2) == 2 {
                end -= 2
            } else if end >= 3 && Self.whitespaceLength(line, end - 3) == 3 {
                end -= 3
            } else {
                break
            }
        }
        length = end
    }

    /// The language-independent part: `<skipped>`, hyphenated line ends, newlines and four entities.
    private mutating func replaceMarkup() {
        replace(Array("<skipped>".utf8), with: [])
        replace([0x2D, 0x0A], with: [])
        replace([0x0A], with: [0x20])
        if a[..<length].contains(0x26) {
            replace(Array("&quot;".utf8), with: [0x22])
            replace(Array("&amp;".utf8), with: [0x26])
            replace(Array("&lt;".utf8), with: [0x3C])
            replace(Array("&gt;".utf8), with: [0x3E])
        }
    }

    /// `str.replace`: every non-overlapping occurrence, left to right (`replacement` is never longer).
    private mutating func replace(_ pattern: [UInt8], with replacement: [UInt8]) {
        rewrite(growth: 1) { line, out in
            var n = 0
            var i = 0
            while i < line.count {
                if line[i] == pattern[0] && i + pattern.count <= line.count && line[i..<(i + pattern.count)].elementsEqual(pattern) {
                    for c in replacement {
                        out[n] = c
                        n += 1
                    }
                    i += pattern.count
                } else {
                    out[n] = line[i]
                    n += 1
                    i += 1
                }
            }
            return n
        }
    }

    /// One `re.sub` pass of a two-character pattern, replacing a match `xy` by `x y ` or, with
    /// `spaceFirst`, by ` x y`.
    private mutating func pass(spaceFirst: Bool, _ matches: (UInt8, UInt8) -> Bool) {
        rewrite(growth: 2) { line, out in
            var n = 0
            var i = 0
            while i < line.count {
                if i + 1 < line.count && matches(line[i], line[i + 1]) {
                    if spaceFirst {
                        out[n] = 0x20
                        n += 1
                    }
                    out[n] = line[i]
                    out[n + 1] = 0x20
                    out[n + 2] = line[i + 1]
                    n += 3
                    if !spaceFirst {
                        out[n] = 0x20
                        n += 1
                    }
                    i += 2
                } else {
                    out[n] = line[i]
                    n += 1
                    i += 1
                }
            }
            return n
        }
    }

    /// Python's `str.split()`: tokens between runs of Unicode whitespace.
    private func split(_ ids: inout [UInt32], _ interner: inout TokenInterner) {
        let n = length
        a.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[..<n])
            var i = 0
            var start = -1
            while i < buffer.count {
                let space = Self.whitespaceLength(buffer, i)
                if space > 0 {
                    if start >= 0 {
                        ids.append(interner.id(of: UnsafeBufferPointer(rebasing: buffer[start..<i])))
                        start = -1
                    }
                    i += space
                } else {
                    if start < 0 { start = i }
                    i += 1
                }
            }
            if start >= 0 { ids.append(interner.id(of: UnsafeBufferPointer(rebasing: buffer[start...]))) }
        }
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) private static func isIsolatedPunctuation(_ c: UInt8) -> Bool {
        (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) || (c >= 0x28 && c <= 0x2B)
            || (c >= 0x3A && c <= 0x40) || c == 0x2F
    }

    /// The length in bytes of the whitespace character (`str.isspace`) starting at `i`, or 0.
    @inline(__always) static func whitespaceLength<C: RandomAccessCollection<UInt8>>(_ s: C, _ i: Int) -> Int
    where C.Index == Int {
        // `i` is an index of `s` (slices keep their base's indices).
        let c = s[i]
        if c < 0x80 { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) ? 1 : 0 }
        let n = s.endIndex
        if c == 0xC2 { return i + 1 < n && (s[i + 1] == 0x85 || s[i + 1] == 0xA0) ? 2 : 0 }
        guard i + 2 < n else { return 0 }
        let c1 = s[i + 1]
        let c2 = s[i + 2]
        switch c {
        case 0xE1: return c1 == 0x9A && c2 == 0x80 ? 3 : 0
        case 0xE2:
            if c1 == 0x80 { return (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0 }
            return c1 == 0x81 && c2 == 0x9F ? 3 : 0
        case 0xE3: return c1 == 0x80 && c2 == 0x80 ? 3 : 0
        default: return 0
        }
    }
}
