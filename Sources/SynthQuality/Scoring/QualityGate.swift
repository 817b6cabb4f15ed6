import SynthCore

/// Scores each record (`QualityScore`), stores the score and its issues in provenance
/// (`extra["quality"]`, `extra["quality_issues"]`), and drops records scoring below `threshold`.
///
/// It reads the toxicity score the toxicity stage left in provenance, so it runs after that stage.
public struct QualityGate: RecordStage {
    public let name = "quality"
    /// Records scoring below this are dropped; nil to score only.
    public let threshold: Double?

    /// A gate at `threshold` (0…1), or a scorer that drops nothing when nil.
    public init(threshold: Double? = nil) { self.threshold = threshold }

    public func process(_ record: inout Record) -> Verdict {
        let toxicity: Double
        if case .double(let t)? = record.provenance.extra["toxicity"] { toxicity = t } else { toxicity = 0 }
        let score = QualityScore(of: record, toxicity: toxicity)
        record.provenance.extra["quality"] = .double(score.rounded)
        if !score.issues.isEmpty { record.provenance.extra["quality_issues"] = .array(score.issues.map(Value.string)) }
        if let threshold, score.value < threshold { return .drop(reason: "low quality") }
        return .keep
    }
}
