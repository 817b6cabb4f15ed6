import Foundation

/// Counts distinct 64-bit hashes: exactly while few, then by HyperLogLog in fixed memory.
///
/// Exact up to `exactLimit` distinct values, so small datasets get exact figures; past that it
/// switches to a HyperLogLog of 2^14 registers (16 KB, standard error about 0.8%), so memory stays
/// flat however many records stream through.
public struct DistinctCounter: Sendable {
    private var exact: Set<UInt64>? = []
    private var registers: [UInt8] = []
    private let exactLimit: Int
    private static let precision = 14

    /// A counter that is exact up to `exactLimit` distinct values.
    public init(exactLimit: Int = 200_000) { self.exactLimit = exactLimit }

    /// True while the count is exact.
    public var isExact: Bool { exact != nil }

    /// Adds one hash.
    public mutating func insert(_ hash: UInt64) {
        if exact != nil {
            exact!.insert(hash)
            if exact!.count > exactLimit {
                registers = [UInt8](repeating: 0, count: 1 << Self.precision)
                for h in exact! { addToSketch(h) }
                exact = nil
            }
        } else {
            addToSketch(hash)
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
        if let exact { return exact.count }
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
