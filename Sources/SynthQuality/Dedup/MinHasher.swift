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
        var shingles: [UInt32] = []
        shingling.forEachHash(in: text) { shingles.append($0) }
        if shingles.isEmpty { return nil }
        // One permutation at a time over all shingles keeps a and b in registers and the minimum a
        // running reduction: faster than one shingle at a time over all permutations.
        let values = [UInt32](unsafeUninitializedCapacity: permutations) { out, initialized in
            multipliers.withUnsafeBufferPointer { a in
                offsets.withUnsafeBufferPointer { b in
                    shingles.withUnsafeBufferPointer { x in
                        for i in 0..<a.count { out[i] = Self.least(x, a[i], b[i]) }
                    }
                }
            }
            initialized = permutations
        }
        return MinHashSignature(values: values)
    }

    /// The least permuted value of the shingle hashes `x`.
    @inline(__always) private static func least(_ x: UnsafeBufferPointer<UInt32>, _ a: UInt64, _ b: UInt64) -> UInt32 {
        var least = UInt32.max
        for shingle in x {
            let h = permute(UInt64(shingle), a, b)
            if h < least { least = h }
        }
        return least
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
    ///
    /// Built from two 32 × 32-bit products rather than one 64 × 64 → 128-bit product, which is a
    /// third faster in the signature loop, where a's halves stay in registers.
    @inline(__always) static func permute(_ x: UInt64, _ a: UInt64, _ b: UInt64) -> UInt32 {
        // a·x = high·2^32 + low with high = (a >> 32)·x < 2^61 and low = (a & (2^32 − 1))·x < 2^64.
        // Modulo p = 2^61 − 1, 2^61 ≡ 1, so high·2^32 ≡ (high mod 2^29)·2^32 + high >> 29, and
        // low ≡ (low & p) + low >> 61. The five terms sum below 2^63.
        let high = (a >> 32) &* x
        let low = (a & 0xFFFF_FFFF) &* x
        let sum = ((high & 0x1FFF_FFFF) << 32) &+ (high >> 29) &+ (low & prime) &+ (low >> 61) &+ b
        var v = (sum & prime) &+ (sum >> 61)
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
