import SynthCore

/// Drops a record whose normalised readable text matches one already kept.
///
/// Holds only a 64-bit fingerprint per kept record, never text. The table is sized up front for
/// the expected count (about 16 MB for a million records), so memory is known when the run starts
/// and stays flat while it runs.
public struct ExactDedup: StreamStage {
    public let name = "exact-dedup"
    private var seen: Set<UInt64> = []
    private var dropped = 0

    /// A stage with nothing seen yet, sized for `expected` records.
    public init(expected: Int = 0) { seen.reserveCapacity(expected) }

    public mutating func process(_ record: inout Record) -> Verdict {
        if seen.insert(TextFingerprint.of(record.readableText)).inserted { return .keep }
        dropped += 1
        return .drop(reason: "exact duplicate")
    }

    public func report() -> StageReport {
        StageReport(stage: name, figures: [("dropped", Double(dropped)), ("distinct", Double(seen.count))])
    }
}
