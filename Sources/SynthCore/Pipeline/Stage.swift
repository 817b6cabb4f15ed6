/// What a stage decides about a record.
public enum Verdict: Sendable, Equatable {
    /// Pass the record on.
    case keep
    /// Drop the record, with the reason the summary reports.
    case drop(reason: String)
}

/// Where records come from: the built-in engine, an LLM, a fitted model.
public protocol RecordSource: Sendable {
    /// The records of `shard`, in order. They must depend only on the shard, never on timing.
    func records(for shard: Shard) async throws -> [Record]
}

/// A stage that looks at one record at a time and keeps no state (validation, scrubbing, scoring,
/// an LLM judge).
///
/// Record stages run inside shard workers, in parallel. Most are synchronous; a stage that asks a
/// model (a judge) awaits it, and throws only when the run cannot go on (a provider that refuses
/// every retry, a spent budget): a record it merely dislikes is dropped with a reason.
public protocol RecordStage: Sendable {
    /// The stage's name in summaries.
    var name: String { get }
    /// Inspects or rewrites `record` and says whether to keep it.
    func process(_ record: inout Record) async throws -> Verdict
}

/// A stage that needs to see the whole stream in plan order (dedup, diversity, quotas).
///
/// Stream stages run one record at a time in plan order, so their verdicts are deterministic.
public protocol StreamStage: Sendable {
    /// The stage's name in summaries.
    var name: String { get }
    /// Inspects `record`, updates the stage's state, and says whether to keep it.
    mutating func process(_ record: inout Record) -> Verdict
    /// What the stage measured, for the run summary.
    func report() -> StageReport
}

/// Where kept records go. Writes must be durable by `commit`, and `discard` must leave nothing
/// that looks complete.
public protocol RecordSink {
    /// Writes one record.
    mutating func write(_ record: Record) throws
    /// Finishes the output and makes it visible under its final name.
    mutating func commit() throws
    /// Abandons the output, removing anything partly written.
    mutating func discard()
    /// Keeps what was written as a partial output, under a name that does not look complete, when the
    /// run stopped early; returns false when this sink cannot (the run then discards the output).
    mutating func keepPartial() throws -> Bool
}

extension RecordSink {
    /// Sinks that only ever publish complete outputs keep nothing partial.
    public mutating func keepPartial() throws -> Bool { false }
}

/// What a stage measured.
public struct StageReport: Sendable, Equatable {
    /// The stage's name.
    public var stage: String
    /// Named figures, in display order.
    public var figures: [(name: String, value: Double)]

    /// Makes a report.
    public init(stage: String, figures: [(name: String, value: Double)]) {
        self.stage = stage
        self.figures = figures
    }

    /// The figure called `name`, if reported.
    public subscript(name: String) -> Double? { figures.first { $0.name == name }?.value }

    public static func == (lhs: StageReport, rhs: StageReport) -> Bool {
        lhs.stage == rhs.stage && lhs.figures.map(\.name) == rhs.figures.map(\.name)
            && lhs.figures.map(\.value) == rhs.figures.map(\.value)
    }
}
