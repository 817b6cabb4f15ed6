import SynthCore

/// Drops a record that does not satisfy its task shape (missing fields, spans that do not match
/// the text, an answer absent from its context, a label the task does not declare…).
public struct ShapeCheck: RecordStage {
    public let name = "shape-check"
    private let declared: Set<String>

    /// The stage; `declared` are the task's labels (classification) or span types (NER), if any.
    public init(declared: [String] = []) { self.declared = Set(declared) }

    public func process(_ record: inout Record) -> Verdict {
        guard let problem = record.shape.violation(in: record.fields, declared: declared) else { return .keep }
        return .drop(reason: "invalid \(record.shape.rawValue): \(problem)")
    }
}
