import SynthCore

/// Computes MinHash signatures: for each of `permutations` hash functions, the least value over a
/// text's 32-bit shingle hashes.
///
/// The chance that two signatures agree at one position is the Jaccard index of the two shingle
/// sets, so the fraction of agreeing positions estimates it with standard error
/// `sqrt(J(1 − J) / permutations)` (about 0.035 at J = 0.8 with 128 permutations). The functions
/// come from `seed` through `SeededRandom`, so signatures are the same on every run and machine.
///
/// Each function is multiply-add-shift, `h(x) = ((a·x + b) mod 2^64) >> 32` with `a` and `b`
/// drawn uniformly from 64 bits: for 32-bit keys it is strongly universal (pairwise independent)
/// into 32 bits (Dietzfelbinger 1996; Thorup, "High Speed Hashing for Integers and Strings"), the
/// same independence as the `(a·x + b) mod p` functions of datasketch and most MinHash code, at the
/// cost of one 64-bit multiply and add. Pairwise independence alone can bias a minimum on keys
/// with arithmetic structure, such as runs of consecutive integers; the keys here are shingle
/// hashes already scrambled by a 64-bit finaliser, which leaves no such structure, and the tests
/// check the estimate against the true Jaccard index over several seeds.
public struct MinHasher: Sendable, Hashable {
    /// The number of hash functions, and of values in a signature.
    public let permutations: Int
    /// How texts are cut into shingles.
    public let shingling: Shingling
    /// The seed the hash functions are drawn from.
    public let seed: UInt64
    /// Each function's `a`.
    let multipliers: [UInt64]
    /// Each function's `b`.
    let offsets: [UInt64]

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
            a.append(random.next())
            b.append(random.next())
        }
        multipliers = a
        offsets = b
    }

    /// The signature of `text`, or nil when it has no shingles (no words or characters).
    public func signature(of text: String) -> MinHashSignature? {
        let shingles = shingling.hashes(in: text)
        if shingles.isEmpty { return nil }
        let values = [UInt32](unsafeUninitializedCapacity: permutations) { out, initialized in
            multipliers.withUnsafeBufferPointer { a in
                offsets.withUnsafeBufferPointer { b in
                    shingles.withUnsafeBufferPointer { x in
                        // Two functions at a time over all shingles: two independent minimum chains
                        // keep the multiplier busy where one would wait on each comparison (about
                        // 15% faster), and each shingle is loaded once for both.
                        var i = 0
                        while i + 2 <= a.count {
                            var m0 = UInt64.max
                            var m1 = UInt64.max
                            let a0 = a[i]
                            let a1 = a[i + 1]
                            let b0 = b[i]
                            let b1 = b[i + 1]
                            for shingle in x {
                                let v = UInt64(shingle)
                                m0 = min(m0, a0 &* v &+ b0)
                                m1 = min(m1, a1 &* v &+ b1)
                            }
                            out[i] = Self.high(m0)
                            out[i + 1] = Self.high(m1)
                            i += 2
                        }
                        if i < a.count {
                            var m = UInt64.max
                            for shingle in x { m = min(m, a[i] &* UInt64(shingle) &+ b[i]) }
                            out[i] = Self.high(m)
                        }
                    }
                }
            }
            initialized = permutations
        }
        return MinHashSignature(values: values)
    }

    /// The high 32 bits: `h(x)` for the least `a·x + b`, since dropping low bits keeps the order.
    @inline(__always) private static func high(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v >> 32) }

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
