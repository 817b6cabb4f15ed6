import SynthCore
import SynthExport

/// Turns a JSON object from any JSONL file into a record whose text can be checked.
///
/// The shape comes from SynthForge's own provenance when present, else from the fields the
/// object has (`messages` → conversation, `chosen`/`rejected` → preference, …). Named fields
/// (`--field`) override both: their text is checked as a document.
public struct TextRecordReader: Sendable {
    /// Fields to read as text, overriding detection; empty to detect.
    public var fields: [String]

    /// A reader that detects text fields, or reads `fields` when given.
    public init(fields: [String] = []) { self.fields = fields }

    /// The record for `object` read from line `line`, or a reason it has no text to check.
    public func record(from object: Fields, line: Int) -> Result<Record, TextRecordProblem> {
        let provenance = Provenance(source: "file", domain: "", task: "", generatorVersion: "", seed: 0, shard: 0, index: line)
        let id = object["id"]?.stringValue ?? "line \(line)"
        if !fields.isEmpty {
            let parts = fields.compactMap { name in object[name].map(Self.text) }.filter { !$0.isEmpty }
            guard !parts.isEmpty else {
                return .failure(TextRecordProblem(reason: "none of the fields \(fields.joined(separator: ", ")) has text"))
            }
            return .success(
                Record(id: id, shape: .document, fields: ["text": .string(parts.joined(separator: "\n"))], provenance: provenance))
        }
        let shape = Self.shape(of: object)
        guard let shape else {
            return .failure(TextRecordProblem(reason: "no text field found (name one with --field)"))
        }
        var record = Record(id: id, shape: shape, fields: object, provenance: provenance)
        if shape == .document, object["text"] == nil, let name = Self.firstStringField(object) {
            record.fields = ["text": object[name]!]
        }
        return .success(record)
    }

    /// The shape an object's fields suggest.
    static func shape(of object: Fields) -> TaskShape? { RecordDecoder.shape(of: object) }

    private static func firstStringField(_ object: Fields) -> String? { RecordDecoder.firstStringField(object) }

    private static func text(_ value: Value) -> String {
        if let array = value.arrayValue {
            return array.map { $0.objectValue?["content"]?.text ?? $0.text }.joined(separator: "\n")
        }
        return value.text
    }
}

/// Why an object has no text to check.
public struct TextRecordProblem: Error, Sendable, Equatable {
    /// The reason, for the report.
    public var reason: String
}
