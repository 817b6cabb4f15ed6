import SynthCore

/// Flags or drops a record that contains text from an evaluation set, so a model trained on the
/// data is not tested on what it saw.
///
/// The rule is GPT-3's (Brown et al., 2020): a record is contaminated when it shares at least one
/// word n-gram (13 words by default, set by the index) with any evaluation text, or equals one
/// after normalisation. One shared n-gram is enough because 13 words in the same order almost never
/// recur by chance; boilerplate that does (licence lines, a form's fixed wording) should be taken
/// out of the evaluation texts before indexing. A contaminated record gets the number of its
/// n-grams found in the evaluation set in provenance `extra["contamination"]`.
public struct Decontamination: RecordStage {
    public let name = "decontamination"
    /// The evaluation texts.
    public let index: NGramOverlapIndex
    /// True to drop contaminated records, false to flag them only.
    public let drop: Bool

    /// A stage against the evaluation texts in `index` that drops (or, with `drop` false, only
    /// flags) contaminated records.
    public init(index: NGramOverlapIndex, drop: Bool = true) {
        self.index = index
        self.drop = drop
    }

    /// True when a record with this overlap is contaminated.
    public static func isContaminated(_ overlap: NGramOverlap) -> Bool { overlap.matched > 0 || overlap.exact }

    public func process(_ record: inout Record) -> Verdict {
        let overlap = index.overlap(of: record.readableText)
        guard Self.isContaminated(overlap) else { return .keep }
        record.provenance.extra["contamination"] = .int(overlap.matched)
        return drop ? .drop(reason: "contaminated") : .keep
    }
}
