import SynthCore

/// Reads a JSON object from a JSONL file back into a record: the inverse of ``JSONLEncoder``.
///
/// The shape comes from SynthForge's own `provenance.shape` when present, else from the fields
/// the object has (`messages` → conversation, `chosen`/`rejected` → preference, …), so JSONL
/// written by other tools can be exported too.
public enum RecordDecoder {
    /// The record in `object`, read from line `line`, or why it is not one.
    public static func record(from object: Fields, line: Int) -> Result<Record, RecordProblem> {
        guard let shape = shape(of: object) else {
            return .failure(RecordProblem(reason: "no record shape found (no provenance.shape and no known fields)"))
        }
        var fields = Fields()
        for (key, value) in object where key != "id" && key != "provenance" { fields[key] = value }
        if let problem = shape.violation(in: fields) {
            return .failure(RecordProblem(reason: "not a valid \(shape.rawValue) record: \(problem)"))
        }
        let id = object["id"]?.stringValue ?? "line-\(line)"
        let provenance = object["provenance"]?.objectValue.map(provenance(from:)) ?? fileProvenance(line: line)
        return .success(Record(id: id, shape: shape, fields: fields, provenance: provenance))
    }

    /// The shape an object declares in its provenance, else the one its fields suggest.
    public static func shape(of object: Fields) -> TaskShape? {
        if let declared = object["provenance"]?.objectValue?["shape"]?.stringValue, let shape = TaskShape(rawValue: declared) {
            return shape
        }
        if object["messages"]?.arrayValue != nil { return .conversation }
        if object["chosen"] != nil, object["rejected"] != nil, object["prompt"] != nil { return .preference }
        if object["context"] != nil, object["question"] != nil, object["answer"] != nil { return .qa }
        if object["instruction"] != nil, object["output"] != nil { return .instruction }
        if object["text"] != nil, object["entities"]?.arrayValue != nil { return .ner }
        if object["text"] != nil, object["label"] != nil { return .classification }
        if object["text"] != nil || firstStringField(object) != nil { return .document }
        return nil
    }

    /// The first non-empty string field other than `id`: the text of a document without a `text` field.
    public static func firstStringField(_ object: Fields) -> String? {
        object.pairs.first { $0.key != "id" && ($0.value.stringValue?.isEmpty == false) }?.key
    }

    private static func provenance(from object: Fields) -> Provenance {
        let known: Set<String> = ["source", "domain", "task", "version", "seed", "shard", "index", "shape"]
        var extra = Fields()
        for (key, value) in object where !known.contains(key) { extra[key] = value }
        let seed: UInt64
        switch object["seed"] {
        case .string(let s)?: seed = UInt64(s) ?? 0
        case .int(let i)?: seed = UInt64(clamping: i)
        default: seed = 0
        }
        return Provenance(
            source: object["source"]?.stringValue ?? "file", domain: object["domain"]?.stringValue ?? "",
            task: object["task"]?.stringValue ?? "", generatorVersion: object["version"]?.stringValue ?? "", seed: seed,
            shard: intValue(object["shard"]), index: intValue(object["index"]), extra: extra)
    }

    private static func fileProvenance(line: Int) -> Provenance {
        Provenance(source: "file", domain: "", task: "", generatorVersion: "", seed: 0, shard: 0, index: line - 1)
    }

    private static func intValue(_ value: Value?) -> Int {
        if case .int(let i)? = value { return i }
        return 0
    }
}

/// Why a JSON object could not be read as a record.
public struct RecordProblem: Error, Sendable, Equatable {
    /// The reason, for the summary.
    public var reason: String
}
