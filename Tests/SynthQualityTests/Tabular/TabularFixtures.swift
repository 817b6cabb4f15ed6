import Foundation
import SynthCore
import SynthTesting

/// Small mixed tables for the evaluation tests, and a CSV writer the reference Python reads.
enum TabularFixtures {
    /// A mixed table: numbers (one with missing values, one constant-free integer), a datetime, labels with a missing value, a boolean.
    static func table(rows: Int, seed: UInt64, shift: Double = 0) -> Table {
        var random = SeededRandom(seed: seed)
        var age: [Double] = []
        var income: [Double] = []
        var visits: [Double] = []
        var joined: [Double] = []
        var region: [String?] = []
        var active: [Double] = []
        let regions = ["north", "south", "east", "west"]
        for _ in 0..<rows {
            let a = random.normal(mean: 0, sd: 1) + shift
            age.append((40 + 12 * a).rounded())
            income.append(random.chance(0.05) ? .nan : (30_000 + 9_000 * (0.6 * a + 0.8 * random.normal(mean: 0, sd: 1))).rounded())
            visits.append(Double(random.int(in: 0, 6)))
            joined.append(1_600_000_000 + 86_400 * Double(random.below(400)))
            region.append(random.chance(0.03) ? nil : regions[min(Int(abs(a) * 1.5), 3)])
            active.append(a + 0.5 * random.normal(mean: 0, sd: 1) > 0.2 ? 1 : 0)
        }
        return Table(columns: [
            Column(name: "age", kind: .integer, numbers: age),
            Column(name: "income", kind: .float, numbers: income),
            Column(name: "visits", kind: .integer, numbers: visits),
            Column(name: "joined", kind: .datetime, numbers: joined),
            Column(name: "region", kind: .categorical, strings: region),
            Column(name: "active", kind: .boolean, numbers: active),
        ])
    }

    /// Writes `table` as CSV (missing cells empty) to `path`.
    static func writeCSV(_ table: Table, to path: String) throws {
        var text = table.names.joined(separator: ",") + "\n"
        for row in 0..<table.rowCount {
            text += table.columns.map { $0.text(at: row) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
