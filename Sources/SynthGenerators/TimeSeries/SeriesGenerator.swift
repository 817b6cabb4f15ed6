import Foundation
import SynthCore

/// Draws the series of a ``SeriesSchema``, a group of entities per batch, each entity from its
/// own derived seed, so the same seed gives the same bytes however the entities are batched.
public struct SeriesGenerator: Sendable {
    /// Steps drawn and thrown away before each series, so AR noise starts from its stationary state.
    static let burnIn = 500

    /// The series schema.
    public let schema: SeriesSchema
    /// The number of entities.
    public let entities: Int
    private let seed: UInt64
    private let perBatch: Int
    private let times: [Double]

    /// A generator of `entities` series of `schema` from `seed`.
    public init(schema: SeriesSchema, entities: Int, seed: UInt64) {
        self.schema = schema
        self.entities = entities
        self.seed = seed
        perBatch = max(1, FeatureGenerator.batchSize / schema.length)
        times = (0..<schema.length).map { Self.time(step: $0, start: schema.start, frequency: schema.frequency) }
    }

    /// The number of batches.
    public var batchCount: Int { (entities + perBatch - 1) / perBatch }

    /// The rows written: entities × steps.
    public var rowCount: Int { entities * schema.length }

    /// Batch `index`: the long-format rows of its entities.
    public func batch(_ index: Int) -> Table {
        let first = index * perBatch
        let last = min(entities, first + perBatch)
        let length = schema.length
        let rows = (last - first) * length
        var codes: [Int32] = []
        var stamps: [Double] = []
        codes.reserveCapacity(rows)
        stamps.reserveCapacity(rows)
        var columns = [[Double]](repeating: [], count: schema.values.count)
        let width = String(entities).count
        var names: [String] = []
        for entity in first..<last {
            let digits = String(entity + 1)
            names.append(schema.entityColumn + "-" + String(repeating: "0", count: width - digits.count) + digits)
            codes += repeatElement(Int32(entity - first), count: length)
            stamps += times
            var random = SeededRandom(seed: SplitMix64.derive(seed, UInt64(entity)))
            for (v, value) in schema.values.enumerated() {
                columns[v] += Self.series(value, length: length, random: &random)
            }
        }
        var table = [
            Column(name: schema.entityColumn, kind: .identifier, codes: codes, levels: names),
            Column(name: schema.timeColumn, kind: .datetime, numbers: stamps, format: ColumnFormat(dateLayout: schema.layout)),
        ]
        for (v, value) in schema.values.enumerated() {
            table.append(Column(name: value.name, kind: .float, numbers: columns[v], format: ColumnFormat(decimals: value.decimals)))
        }
        return Table(columns: table)
    }

    /// One entity's values: its level, the trend, the seasonal waves and AR noise.
    static func series(_ value: SeriesSchema.Value, length: Int, random: inout SeededRandom) -> [Double] {
        let level = value.levelSD > 0 ? random.normal(mean: value.level, sd: value.levelSD) : value.level
        let p = value.ar.count
        var history = [Double](repeating: 0, count: p)
        var out: [Double] = []
        out.reserveCapacity(length)
        for step in -burnIn..<length {
            var x = value.noise > 0 ? random.normal(mean: 0, sd: value.noise) : 0
            for i in 0..<p { x += value.ar[i] * history[i] }
            if p > 0 {
                for i in stride(from: p - 1, to: 0, by: -1) { history[i] = history[i - 1] }
                history[0] = x
            }
            guard step >= 0 else { continue }
            let t = Double(step)
            var y = level + value.trend * t + x
            for season in value.seasons { y += season.amplitude * sin(2 * Double.pi * (t + season.phase) / season.period) }
            out.append(y)
        }
        return out
    }

    /// The time of step `step`: fixed seconds apart, or calendar months (the day clamped to the month's last).
    static func time(step: Int, start: Double, frequency: SeriesSchema.Frequency) -> Double {
        if let seconds = frequency.seconds { return start + Double(step) * seconds }
        let text = DateLayout.dateTimeSpace.text(seconds: start)
        let year = Int(text.prefix(4))!
        let month = Int(text.dropFirst(5).prefix(2))!
        var day = Int(text.dropFirst(8).prefix(2))!
        let clock = text.dropFirst(10)
        let months = year * 12 + (month - 1) + step
        let y = months / 12
        let m = months % 12 + 1
        let prefix = String(y) + "-" + (m < 10 ? "0" : "") + String(m) + "-"
        while day > 28, DateLayout.parse(Substring(prefix + String(day) + clock)) == nil { day -= 1 }
        return DateLayout.parse(Substring(prefix + (day < 10 ? "0" : "") + String(day) + clock))!.seconds
    }
}
