import Foundation

/// A fast, seedable random generator (xoshiro256**), seeded through SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the same seed must give the
/// same bytes on every machine, so generation draws only from this type.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole stream is fixed by `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<n` (n > 0), without modulo bias.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(_:) needs a positive bound")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A uniform integer in `lo...hi`.
    public mutating func int(in lo: Int, _ hi: Int) -> Int {
        hi <= lo ? lo : lo + below(hi - lo + 1)
    }

    /// A uniform double in `[0, 1)`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A normal draw (Box–Muller).
    public mutating func normal(mean: Double, sd: Double) -> Double {
        var u = unit()
        while u == 0 { u = unit() }
        let v = unit()
        return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// An index drawn with probability proportional to `cumulative` weights' increments.
    ///
    /// `cumulative` must be non-decreasing with a positive last element.
    public mutating func index(cumulative: [Double]) -> Int {
        let target = unit() * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

@inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// SplitMix64: used to expand seeds and to derive independent child seeds.
public struct SplitMix64: Sendable {
    /// The current state.
    public var state: UInt64

    /// A generator at `state`.
    public init(state: UInt64) { self.state = state }

    /// The next output.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mixes several numbers into one well-spread seed.
    public static func derive(_ parts: UInt64...) -> UInt64 {
        var sm = SplitMix64(state: 0x5EED_F0F9_E5EE_D000)
        var out: UInt64 = 0
        for part in parts {
            sm.state ^= part
            out = sm.next()
        }
        return out
    }
}

/// A hash of text that is the same on every run and machine (FNV-1a, 64-bit).
///
/// Swift's `Hasher` is randomly seeded per process, so it cannot derive seeds.
public func stableHash<S: StringProtocol>(_ text: S) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h &*= 0x0000_0100_0000_01B3
    }
    return h
}
