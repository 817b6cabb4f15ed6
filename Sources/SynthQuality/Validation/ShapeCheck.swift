import SynthCore

/// Drops a record that does not satisfy its task shape (missing fields, spans that do not match
/// the text, an answer absent from its context…).
public struct ShapeCheck: RecordStage {
    public let name = "shape-check"

    /// The stage.
    public init() {}

    public func process(_ record: inout Record) -> Verdict {
        guard let problem = record.shape.violation(in: record.fields) else { return .keep }
        return .drop(reason: "invalid \(record.shape.rawValue): \(problem)")
    }
}
