import SynthCore
import Yams

/// Per-entity time series: a timeline, and value columns each with a level, trend, seasonal
/// waves and AR(p) noise, written long (one row per entity and time).
public struct SeriesSchema: Sendable {
    /// The spacing of the timeline.
    public enum Frequency: String, Sendable, CaseIterable {
        case minute, hour, day, week, month

        /// The step in seconds (months are calendar months, stepped by date).
        var seconds: Double? {
            switch self {
            case .minute: return 60
            case .hour: return 3600
            case .day: return 86_400
            case .week: return 7 * 86_400
            case .month: return nil
            }
        }
    }

    /// A seasonal wave: `amplitude × sin(2π (t + phase) / period)`, with t in steps.
    public struct Season: Sendable {
        /// The period in steps (7 for a weekly cycle in daily data).
        public var period: Double
        /// The wave's height above the level.
        public var amplitude: Double
        /// The shift in steps.
        public var phase: Double
    }

    /// One value column.
    public struct Value: Sendable {
        /// The column name.
        public var name: String
        /// The mean level of an entity.
        public var level: Double
        /// The standard deviation of entities' levels around `level`.
        public var levelSD: Double
        /// The change per step.
        public var trend: Double
        /// The seasonal waves.
        public var seasons: [Season]
        /// AR coefficients φ₁…φₚ of the noise: xₜ = Σ φᵢ xₜ₋ᵢ + εₜ.
        public var ar: [Double]
        /// The standard deviation of the innovations εₜ.
        public var noise: Double
        /// Decimal places written.
        public var decimals: Int
    }

    /// The number of entities.
    public var entities: Int
    /// The entity column's name.
    public var entityColumn: String
    /// The time column's name.
    public var timeColumn: String
    /// The first time, in seconds since 1970-01-01 UTC.
    public var start: Double
    /// How the time column is written.
    public var layout: DateLayout
    /// The number of steps per entity.
    public var length: Int
    /// The step between times.
    public var frequency: Frequency
    /// The value columns.
    public var values: [Value]

    static func parse(_ node: Node, in document: YAMLDocument) throws(SynthError) -> SeriesSchema {
        var reader = try SchemaReader(node, in: document, what: "series")
        let entities = try reader.integer("entities") ?? 1
        guard entities >= 1 else { throw reader.error(node, "'entities' must be at least 1") }
        let entityColumn = try reader.string("entity") ?? "entity"
        let timeColumn = try reader.string("time") ?? "timestamp"
        let frequencyText = try reader.string("frequency") ?? "day"
        guard let frequency = Frequency(rawValue: frequencyText) else {
            throw reader.error(
                node, "unknown frequency '\(frequencyText)'; frequencies: \(Frequency.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let startNode = try reader.required("start")
        guard let (start, startLayout) = DateLayout.parse(Substring(startNode.string ?? "")) else {
            throw reader.error(startNode, "'start' must be a date such as 2024-01-01 or 2024-01-01 08:00")
        }
        let layout = startLayout == .date && (frequency == .hour || frequency == .minute) ? .dateTimeSpace : startLayout
        let lengthValue = try reader.integer("length")
        let endNode = reader.node("end")
        var length: Int
        switch (lengthValue, endNode) {
        case (let n?, nil):
            guard n >= 2 else { throw reader.error(node, "'length' must be at least 2 steps") }
            length = n
        case (nil, let endNode?):
            guard let (end, _) = DateLayout.parse(Substring(endNode.string ?? "")), end > start else {
                throw reader.error(endNode, "'end' must be a date after 'start'")
            }
            length = 0
            while SeriesGenerator.time(step: length, start: start, frequency: frequency) <= end && length <= 10_000_000 { length += 1 }
            guard length >= 2 else { throw reader.error(endNode, "'end' leaves fewer than 2 steps after 'start'") }
        default:
            throw reader.error(node, "give either 'length' (steps per entity) or 'end' (the last date), not both or neither")
        }
        let valuesNode = try reader.required("values")
        guard let items = valuesNode.sequence, !items.isEmpty else { throw reader.error(valuesNode, "'values' must be a non-empty list") }
        var values: [Value] = []
        for item in items {
            var v = try SchemaReader(item, in: document, what: "series value \(values.count + 1)")
            guard let name = try v.string("name") else { throw v.error(item, "'name' is missing") }
            if values.contains(where: { $0.name == name }) || [entityColumn, timeColumn].contains(name) {
                throw v.error(item, "the column name '\(name)' is used twice")
            }
            v = try SchemaReader(item, in: document, what: "series value '\(name)'")
            _ = v.node("name")
            let level = try v.number("level") ?? 0
            let levelSD = try v.number("level_sd") ?? 0
            let trend = try v.number("trend") ?? 0
            let noise = try v.number("noise") ?? 1
            let decimals = try v.integer("decimals") ?? 4
            guard levelSD >= 0, noise >= 0 else { throw v.error(item, "'level_sd' and 'noise' must be 0 or more") }
            guard (0...12).contains(decimals) else { throw v.error(item, "'decimals' must be from 0 to 12") }
            var ar: [Double] = []
            if let arNode = v.node("ar") {
                guard let list = arNode.sequence, !list.isEmpty, list.count <= 20 else {
                    throw v.error(arNode, "'ar' must be a list of 1 to 20 coefficients, such as [0.6] or [0.5, -0.2]")
                }
                for c in list { ar.append(try v.number(c, "ar")) }
                guard Self.isStationary(ar) else {
                    throw v.error(
                        arNode,
                        "the AR coefficients \(ar) are not stationary (the noise would grow without bound); keep the roots outside the unit circle, e.g. |φ| < 1 for AR(1)"
                    )
                }
            }
            var seasons: [Season] = []
            if let seasonNode = v.node("seasonality") {
                guard let list = seasonNode.sequence else {
                    throw v.error(seasonNode, "'seasonality' must be a list of {period, amplitude}")
                }
                for s in list {
                    var wave = try SchemaReader(s, in: document, what: "series value '\(name)' seasonality")
                    guard let period = try wave.number("period"), period >= 2 else {
                        throw wave.error(s, "'period' must be at least 2 steps")
                    }
                    guard let amplitude = try wave.number("amplitude") else { throw wave.error(s, "'amplitude' is missing") }
                    let phase = try wave.number("phase") ?? 0
                    try wave.finish()
                    seasons.append(Season(period: period, amplitude: amplitude, phase: phase))
                }
            }
            try v.finish()
            values.append(
                Value(name: name, level: level, levelSD: levelSD, trend: trend, seasons: seasons, ar: ar, noise: noise, decimals: decimals))
        }
        try reader.finish()
        return SeriesSchema(
            entities: entities, entityColumn: entityColumn, timeColumn: timeColumn, start: start, layout: layout, length: length,
            frequency: frequency, values: values)
    }

    /// True when AR(p) coefficients give a stationary process: every partial autocorrelation
    /// found by running the Durbin–Levinson recursion backwards is inside (-1, 1).
    static func isStationary(_ phi: [Double]) -> Bool {
        var a = phi
        while let last = a.last {
            guard abs(last) < 1 else { return false }
            let k = a.count
            let scale = 1 - last * last
            a = (0..<(k - 1)).map { (a[$0] + last * a[k - 2 - $0]) / scale }
        }
        return true
    }
}
