import Foundation
import SynthCore
import SynthQuality

extension Evaluation {
    /// What `synthforge bench dcr` measured.
    public struct DCRBench: Sendable {
        /// Rows in each table (real, synthetic, holdout).
        public var rows: Int
        /// Columns that count in the distance.
        public var columns: Int
        /// Building the real table's index and finding every synthetic row's two closest real rows.
        public var dcr: Timing
        /// The same against the holdout (closest row only is used).
        public var holdout: Timing
        /// The resulting figures, to show the work was done.
        public var medianDCR: Double
        /// The share of synthetic rows closer to the real rows than to the holdout.
        public var dcrShare: Double
        /// Peak resident memory of the process, in bytes.
        public var peakMemory: Int

        /// The figures as text.
        public var summary: String {
            func s(_ t: Timing) -> String { String(format: "%.2f s wall, %.2f s CPU", t.wall, t.cpu) }
            return """
                DCR over \(rows) synthetic × \(rows) real rows, \(columns) columns (6 numeric, 4 categorical), \(ProcessInfo.processInfo.activeProcessorCount) cores
                  synthetic → real (two closest): \(s(dcr))
                  synthetic → holdout:            \(s(holdout))
                  total:                          \(s(dcr + holdout))
                  median DCR \(String(format: "%.4f", medianDCR)), DCR share \(String(format: "%.3f", dcrShare)), peak memory \(peakMemory / 1_048_576) MB
                """
        }
    }

    /// Times DCR and DCR share on generated mixed tables of `rows` rows each (real, synthetic, holdout from one distribution).
    public static func benchDCR(rows: Int, seed: UInt64 = 1) -> DCRBench {
        let real = benchTable(rows: rows, seed: SplitMix64.derive(seed, 1))
        let synthetic = benchTable(rows: rows, seed: SplitMix64.derive(seed, 2))
        let holdout = benchTable(rows: rows, seed: SplitMix64.derive(seed, 3))
        var clock = Stopwatch()
        let (closest, _) = PrivacyReport.distances(synthetic, to: real)
        let dcr = clock.elapsed
        clock = Stopwatch()
        let (toHoldout, _) = PrivacyReport.distances(synthetic, to: holdout)
        let holdoutTime = clock.elapsed
        let share = Double(zip(closest, toHoldout).filter { $0 < $1 }.count) / Double(max(rows, 1))
        return DCRBench(
            rows: rows, columns: real.columns.count, dcr: dcr, holdout: holdoutTime, medianDCR: ColumnStatistics.percentile(closest, 50),
            dcrShare: share, peakMemory: MemoryStatus.read("VmHWM") ?? 0)
    }

    /// A mixed table: correlated normal, skewed and integer columns, and labels that depend on them.
    static func benchTable(rows: Int, seed: UInt64) -> Table {
        var random = SeededRandom(seed: seed)
        var numbers = [[Double]](repeating: [], count: 6)
        var labels = [[String?]](repeating: [], count: 4)
        let regions = ["north", "south", "east", "west", "centre"]
        let plans = ["free", "basic", "plus", "pro", "team", "enterprise", "edu", "trial"]
        for _ in 0..<rows {
            let a = random.normal(mean: 0, sd: 1)
            let b = 0.7 * a + 0.7 * random.normal(mean: 0, sd: 1)
            let c = random.normal(mean: 0, sd: 1)
            numbers[0].append(40 + 12 * a)
            numbers[1].append((30_000 * exp(0.5 * b)).rounded())
            numbers[2].append(Double(random.int(in: 0, 10)))
            numbers[3].append(c)
            numbers[4].append(1_600_000_000 + 86_400 * Double(random.below(1000)))
            numbers[5].append(random.chance(0.05) ? .nan : 100 + 15 * (0.5 * a + c))
            labels[0].append(a + 0.3 * random.normal(mean: 0, sd: 1) > 0 ? "yes" : "no")
            labels[1].append(regions[min(Int(abs(b) * 2), regions.count - 1)])
            labels[2].append(plans[random.below(plans.count)])
            labels[3].append(random.chance(0.02) ? nil : "segment-\(random.below(20))")
        }
        let numeric: [(String, ColumnKind)] = [
            ("age", .float), ("income", .integer), ("visits", .integer), ("score", .float), ("joined", .datetime), ("balance", .float),
        ]
        var columns = numeric.enumerated().map { Column(name: $1.0, kind: $1.1, numbers: numbers[$0]) }
        for (i, name) in ["active", "region", "plan", "segment"].enumerated() {
            columns.append(Column(name: name, kind: .categorical, strings: labels[i]))
        }
        return Table(columns: columns)
    }
}
