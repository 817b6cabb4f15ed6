import Foundation

/// Latencies counted in buckets two percent wide, from 0.1 ms to an hour, so percentiles of a run
/// of any length take a fixed, small amount of memory.
struct LatencyHistogram: Sendable, Hashable {
    private static let smallest = 1e-4
    private static let ratio = 1.02
    private static let bucketCount = Int((log(3600 / smallest) / log(ratio)).rounded(.up))
    private var buckets = [Int](repeating: 0, count: bucketCount)
    private(set) var count = 0

    /// Counts one latency.
    mutating func add(_ latency: Duration) {
        let (s, atto) = latency.components
        let seconds = Double(s) + Double(atto) * 1e-18
        let index = seconds <= Self.smallest ? 0 : Int(log(seconds / Self.smallest) / log(Self.ratio))
        buckets[min(index, Self.bucketCount - 1)] += 1
        count += 1
    }

    /// The latency below which `fraction` (0…1) of the counted ones lie, to within two percent;
    /// nil when none was counted.
    func percentile(_ fraction: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (index, n) in buckets.enumerated() {
            seen += n
            if seen >= rank { return .seconds(Self.smallest * pow(Self.ratio, Double(index + 1))) }
        }
        return .seconds(3600)
    }
}
