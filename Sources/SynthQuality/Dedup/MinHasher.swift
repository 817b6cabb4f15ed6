import SynthCore

/// Computes MinHash signatures: for each of `permutations` universal hash functions
/// `h(x) = (a·x + b) mod (2^61 − 1)`, the least value over a text's shingle hashes, kept to 32 bits.
///
/// The chance that two signatures agree at one position is the Jaccard index of the two shingle
/// sets, so the fraction of agreeing positions estimates it with standard error
/// `sqrt(J(1 − J) / permutations)` (about 0.035 at J = 0.8 with 128 permutations). The functions
/// come from `seed` through `SeededRandom`, so signatures are the same on every run and machine.
public struct MinHasher: Sendable, Hashable {
    /// The number of hash functions, and of values in a signature.
    public let permutations: Int
    /// How texts are cut into shingles.
    public let shingling: Shingling
    /// The seed the hash functions are drawn from.
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let offsets: [UInt64]

    /// The Mersenne prime 2^61 − 1 the hash functions work modulo.
    static let prime: UInt64 = (1 << 61) - 1

    /// A hasher with `permutations` hash functions drawn from `seed`.
    public init(permutations: Int = 128, shingling: Shingling = .standard, seed: UInt64 = 1) {
        precondition(permutations > 0, "MinHash needs at least one permutation")
        self.permutations = permutations
        self.shingling = shingling
        self.seed = seed
        var random = SeededRandom(seed: seed)
        var a: [UInt64] = []
        var b: [UInt64] = []
        for _ in 0..<permutations {
            a.append(1 + UInt64(random.below(Int(Self.prime - 1))))
            b.append(UInt64(random.below(Int(Self.prime))))
        }
        multipliers = a
        offsets = b
    }

    /// The signature of `text`, or nil when it has no shingles (no words or characters).
    public func signature(of text: String) -> MinHashSignature? {
        var values = [UInt32](repeating: .max, count: permutations)
        var any = false
        multipliers.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { b in
                values.withUnsafeMutableBufferPointer { v in
                    shingling.forEachHash(in: text) { shingle in
                        any = true
                        let x = UInt64(shingle)
                        for i in 0..<v.count {
                            let h = Self.permute(x, a[i], b[i])
                            if h < v[i] { v[i] = h }
                        }
                    }
                }
            }
        }
        return any ? MinHashSignature(values: values) : nil
    }

    /// The signatures of `texts`, in order, computed on all cores.
    public func signatures(of texts: [String]) async -> [MinHashSignature?] {
        // Many more chunks than cores, so a chunk of long texts does not leave a core idle at the end.
        let chunkSize = max(1, min(512, (texts.count + 63) / 64))
        let chunks = stride(from: 0, to: texts.count, by: chunkSize).map { $0..<min($0 + chunkSize, texts.count) }
        return await withTaskGroup(of: (Int, [MinHashSignature?]).self) { group in
            for (n, range) in chunks.enumerated() {
                group.addTask { (n, range.map { signature(of: texts[$0]) }) }
            }
            var parts = [[MinHashSignature?]](repeating: [], count: chunks.count)
            for await (n, part) in group { parts[n] = part }
            return parts.flatMap { $0 }
        }
    }

    /// `(a·x + b) mod (2^61 − 1)`, low 32 bits, for `x` below 2^32 and `a`, `b` below the prime.
    @inline(__always) static func permute(_ x: UInt64, _ a: UInt64, _ b: UInt64) -> UInt32 {
        let (high, low) = a.multipliedFullWidth(by: x)
        // a·x = (high·2^3 + low >> 61)·2^61 + (low & p), and 2^61 ≡ 1 (mod p).
        var v = (low & prime) &+ ((high << 3) | (low >> 61)) &+ b
        v = (v & prime) &+ (v >> 61)
        if v >= prime { v &-= prime }
        return UInt32(truncatingIfNeeded: v)
    }
}

/// A MinHash signature: one least hash value per permutation.
public struct MinHashSignature: Sendable, Hashable {
    /// The least hash value under each permutation.
    public let values: [UInt32]

    /// A signature with these values.
    public init(values: [UInt32]) { self.values = values }

    /// The fraction of positions where the two signatures agree: an estimate of the Jaccard index
    /// of the two texts' shingle sets. Both must come from the same `MinHasher`.
    public func estimatedJaccard(with other: MinHashSignature) -> Double {
        precondition(values.count == other.values.count, "signatures from different hashers")
        return values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in MinHashSignature.agreement(a, b) }
        }
    }

    static func agreement(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Double {
        var same = 0
        for i in 0..<a.count where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }
}
