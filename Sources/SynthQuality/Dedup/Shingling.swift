/// How a text is cut into the overlapping pieces (shingles) whose sets MinHash compares.
///
/// Two texts' similarity is the Jaccard index of their shingle sets: shared shingles over all
/// distinct shingles. A text shorter than one shingle has a single shingle, the whole text.
public enum Shingling: Sendable, Hashable {
    /// Runs of `n` consecutive word tokens (`WordTokens`: letters and digits, ASCII lower-cased).
    case words(Int)
    /// Runs of `k` consecutive Unicode scalars, after ASCII lower-casing and collapsing runs of
    /// whitespace to one space.
    case characters(Int)

    /// Five-word shingles, the usual choice for near-duplicate documents.
    public static let standard = Shingling.words(5)

    /// The number of tokens or characters in one shingle.
    public var width: Int {
        switch self {
        case .words(let n): n
        case .characters(let k): k
        }
    }

    /// Calls `body` with a 32-bit hash of each shingle of `text`, in order (repeats included).
    ///
    /// The hash is fixed by the shingle's content alone, so it is the same on every run and machine.
    public func forEachHash(in text: String, _ body: (UInt32) -> Void) {
        for hash in hashes(in: text) { body(hash) }
    }

    /// The 32-bit hash of each shingle of `text`, in order (repeats included).
    func hashes(in text: String) -> [UInt32] {
        precondition(width > 0, "a shingle needs at least one token or character")
        switch self {
        case .words(let n):
            // Every token but the last is followed by a byte that is not part of a token, so a
            // text of b bytes has at most (b + 1) / 2 of them: room enough without appending.
            let tokens = [UInt64](unsafeUninitializedCapacity: (text.utf8.count + 1) / 2) { out, count in
                WordTokens.forEachHash(in: text) { token in
                    precondition(count < out.count, "more word tokens than a text of this length can hold")
                    out[count] = token
                    count += 1
                }
            }
            return Self.windowHashes(tokens, width: n)
        case .characters(let k):
            return Self.windowHashes(Self.normalisedScalars(text), width: k)
        }
    }

    /// The distinct shingles of `text`, as text: words joined by single spaces, or characters.
    public func shingles(in text: String) -> Set<String> {
        switch self {
        case .words(let n):
            let tokens = WordTokens.tokens(in: text)
            if tokens.isEmpty { return [] }
            if tokens.count < n { return [tokens.joined(separator: " ")] }
            return Set((0...(tokens.count - n)).map { tokens[$0..<($0 + n)].joined(separator: " ") })
        case .characters(let k):
            let scalars = Self.normalisedScalars(text).map { Character(Unicode.Scalar($0)!) }
            if scalars.isEmpty { return [] }
            if scalars.count < k { return [String(scalars)] }
            return Set((0...(scalars.count - k)).map { String(scalars[$0..<($0 + k)]) })
        }
    }

    /// The hash of each run of `width` consecutive items, or of all the items when there are fewer.
    private static func windowHashes<Item: FixedWidthInteger>(_ items: [Item], width: Int) -> [UInt32] {
        if items.isEmpty { return [] }
        let count = max(1, items.count - width + 1)
        return [UInt32](unsafeUninitializedCapacity: count) { out, initialized in
            items.withUnsafeBufferPointer { items in
                for start in 0..<count { out[start] = hash(UnsafeBufferPointer(rebasing: items[start..<min(start + width, items.count)])) }
            }
            initialized = count
        }
    }

    /// Folds the items, in order, into the high 32 bits of a mixed hash.
    @inline(__always) private static func hash<Item: FixedWidthInteger>(_ window: UnsafeBufferPointer<Item>) -> UInt32 {
        var h: UInt64 = 0x1319_8A2E_0370_7344
        for item in window { h = TextFingerprint.mix(h ^ UInt64(truncatingIfNeeded: item)) }
        return UInt32(truncatingIfNeeded: TextFingerprint.finalize(h) >> 32)
    }

    private static func normalisedScalars(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var v = scalar.value
            if v == 0x20 || (v >= 0x09 && v <= 0x0D) {
                pendingSpace = !out.isEmpty
                continue
            }
            if v >= 0x41 && v <= 0x5A { v |= 0x20 }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(v)
        }
        return out
    }
}
