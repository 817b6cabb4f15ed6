import SynthCore

/// Drops a record whose normalised readable text matches one already kept.
///
/// Holds only a 64-bit fingerprint per kept record (about 16 MB for a million records), never text.
public struct ExactDedup: StreamStage {
    public let name = "exact-dedup"
    private var seen: Set<UInt64> = []
    private var dropped = 0

    /// A stage with nothing seen yet.
    public init() {}

    public mutating func process(_ record: inout Record) -> Verdict {
        if seen.insert(TextFingerprint.of(record.readableText)).inserted { return .keep }
        dropped += 1
        return .drop(reason: "exact duplicate")
    }

    public func report() -> StageReport {
        StageReport(stage: name, figures: [("dropped", Double(dropped)), ("distinct", Double(seen.count))])
    }
}
