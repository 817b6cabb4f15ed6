import Foundation

/// Counts distinct 64-bit hashes: exactly while few, then by HyperLogLog in fixed memory.
///
/// Exact up to `exactLimit` distinct values, so small datasets get exact figures; past that it
/// switches to a HyperLogLog of 2^14 registers (16 KB, standard error about 0.8%), so memory stays
/// flat however many records stream through.
public struct DistinctCounter: Sendable {
    /// The distinct hashes while the count is exact, by open addressing (0 marks an empty slot,
    /// so a hash of 0 is noted in `hasZero`); empty once the sketch has taken over.
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var stored = 0
    private var hasZero = false
    private var registers: [UInt8] = []
    private let exactLimit: Int
    private static let precision = 14

    /// A counter that is exact up to `exactLimit` distinct values.
    public init(exactLimit: Int = 200_000) { self.exactLimit = exactLimit }

    /// True while the count is exact.
    public var isExact: Bool { registers.isEmpty }

    /// Adds one hash.
    public mutating func insert(_ hash: UInt64) {
        guard isExact else {
            addToSketch(hash)
            return
        }
        if hash == 0 {
            hasZero = true
        } else if Self.insert(hash, into: &slots) {
            stored += 1
            if stored * 2 > slots.count { grow() }
        }
        if stored + (hasZero ? 1 : 0) > exactLimit {
            registers = [UInt8](repeating: 0, count: 1 << Self.precision)
            for h in slots where h != 0 { addToSketch(h) }
            if hasZero { addToSketch(0) }
            slots = []
        }
    }

    /// Puts `hash` (not 0) in the first free slot of its probe sequence; false if it is there already.
    private static func insert(_ hash: UInt64, into slots: inout [UInt64]) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 {
            if slots[i] == hash { return false }
            i = (i + 1) & mask
        }
        slots[i] = hash
        return true
    }

    private mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        for h in slots where h != 0 { _ = Self.insert(h, into: &bigger) }
        slots = bigger
    }

    /// Adds the hashes `other` counted, as if they had been inserted here.
    public mutating func merge(_ other: DistinctCounter) {
        if other.isExact {
            if other.hasZero { insert(0) }
            for h in other.slots where h != 0 { insert(h) }
            return
        }
        if isExact {
            registers = other.registers
            for h in slots where h != 0 { addToSketch(h) }
            if hasZero { addToSketch(0) }
            slots = []
        } else {
            for i in registers.indices { registers[i] = max(registers[i], other.registers[i]) }
        }
    }

    private mutating func addToSketch(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// The number of distinct hashes seen (exact, or estimated once past the exact limit).
    public var count: Int {
        if isExact { return stored + (hasZero ? 1 : 0) }
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let estimate = alpha * m * m / sum
        if estimate <= 2.5 * m && zeros > 0 { return Int((m * log(m / Double(zeros))).rounded()) }
        return Int(estimate.rounded())
    }
}
