/// How near duplicates are found: the estimated Jaccard index of word-shingle sets at which two
/// records count as near duplicates, the shingle width, and the MinHash signature length.
public struct NearDuplicateSettings: Sendable, Equatable {
    /// Records whose shingle sets have at least this Jaccard index are near duplicates (0.5–1).
    public var threshold: Double
    /// Words per shingle.
    public var shingleWords: Int
    /// Hash functions per MinHash signature: more is slower and more exact.
    public var permutations: Int

    /// Settings; the defaults (0.8, 5-word shingles, 128 permutations) suit documents of a few
    /// sentences or more.
    public init(threshold: Double = 0.8, shingleWords: Int = 5, permutations: Int = 128) {
        self.threshold = threshold
        self.shingleWords = shingleWords
        self.permutations = permutations
    }

    /// Sets `key` (`near-threshold`, `shingle-words` or `permutations`) from its text, as a flag or
    /// a spec file gives it, and checks the result.
    public mutating func set(_ key: String, _ text: String) throws(SynthError) {
        switch key {
        case "near-threshold":
            guard let v = Double(text) else {
                throw SynthError(.invalidArgument, "near-threshold must be a number such as 0.8, got '\(text)'")
            }
            threshold = v
        case "shingle-words", "permutations":
            guard let v = Int(text) else { throw SynthError(.invalidArgument, "\(key) must be a whole number, got '\(text)'") }
            if key == "permutations" { permutations = v } else { shingleWords = v }
        default:
            throw SynthError(.invalidArgument, "'\(key)' is not a near-duplicate setting")
        }
        try validate()
    }

    /// The setting keys, as flags (with dashes) and spec-file keys.
    public static let keys = ["near-threshold", "shingle-words", "permutations"]

    /// Checks the values; errors name the flag (and spec key) a user sets.
    public func validate() throws(SynthError) {
        if !(0.5...1).contains(threshold) {
            throw SynthError(.invalidArgument, "near-threshold must be a Jaccard index from 0.5 to 1, got \(threshold)")
        }
        if !(1...50).contains(shingleWords) {
            throw SynthError(.invalidArgument, "shingle-words must be a whole number from 1 to 50, got \(shingleWords)")
        }
        if !(16...1024).contains(permutations) {
            throw SynthError(.invalidArgument, "permutations must be a whole number from 16 to 1024, got \(permutations)")
        }
    }
}
