import SynthCore

/// Tallies what the record stages wrote into provenance for the records that were kept: personal
/// data replaced or reported, toxicity scores, quality scores. It drops nothing; it goes last
/// among the stream stages so it sees exactly the written records.
public struct FindingsTally: StreamStage {
    public let name = "findings"
    private var piiValues = 0
    private var piiRecords = 0
    private var piiReported = 0
    private var toxic = 0
    private var scored = 0
    private var qualitySum = 0.0
    private var qualityMin = 1.0
    private var contaminated = 0

    /// Nothing tallied yet.
    public init() {}

    public mutating func process(_ record: inout Record) -> Verdict {
        let extra = record.provenance.extra
        func total(_ key: String) -> Int {
            extra[key]?.objectValue?.pairs.reduce(0) { sum, pair in
                if case .int(let n) = pair.value { return sum + n }
                return sum
            } ?? 0
        }
        let replaced = total("pii")
        piiValues += replaced
        if replaced > 0 { piiRecords += 1 }
        piiReported += total("pii_reported")
        if extra["toxicity"] != nil { toxic += 1 }
        if extra["contamination"] != nil { contaminated += 1 }
        if case .double(let q)? = extra["quality"] {
            scored += 1
            qualitySum += q
            qualityMin = min(qualityMin, q)
        }
        return .keep
    }

    public func report() -> StageReport {
        var figures: [(name: String, value: Double)] = [
            ("pii-values", Double(piiValues)), ("pii-records", Double(piiRecords)), ("pii-reported", Double(piiReported)),
            ("toxic-records", Double(toxic)), ("contaminated-records", Double(contaminated)), ("scored", Double(scored)),
        ]
        if scored > 0 {
            figures.append(("quality-mean", qualitySum / Double(scored)))
            figures.append(("quality-min", qualityMin))
        }
        return StageReport(stage: name, figures: figures)
    }
}
