import SynthCore

/// Flags, or drops, a record that mentions an identity group within five words of a negative word
/// ("the elderly are lazy"): the groups go into provenance `extra["bias"]`.
///
/// It uses the bias lexicon, so it shares its limits: "weak" in "left-sided weakness" is not
/// negative about anyone, yet "male … weak" in a clinical note is flagged. Use `drop` where
/// such text is not expected.
public struct BiasFilter: RecordStage {
    public let name = "bias"
    /// Whether flagged records are dropped.
    public let drops: Bool

    /// A filter that drops flagged records, or only flags them.
    public init(drops: Bool) { self.drops = drops }

    public func process(_ record: inout Record) -> Verdict {
        var counts = BiasSummary()
        counts.add(record.readableText)
        let groups = counts.groups.filter { $0.negative > 0 }.map(\.group)
        guard !groups.isEmpty else { return .keep }
        record.provenance.extra["bias"] = .array(groups.map(Value.string))
        return drops ? .drop(reason: "identity group near negative words") : .keep
    }
}
